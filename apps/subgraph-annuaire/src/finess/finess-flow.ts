/**
 * Reader of the FiNESS "structures" JSON flow (ANS): organismes gestionnaires (`pmej`, FINESS EJ in
 * `numFinessPm`) and their establishments (`ege`, FINESS ET in `numFinessEge`).
 *
 * Format: /work/shared/data/finess/schema-structures-v1.json and README.md. The published schema and
 * the real records (sample-structures.json) differ in spelling, so both are read:
 * - `informationsGeneralesPmej` (schema) or `informationsGeneralesPMEJ` (records);
 * - `categorieEntiteGeographiqueExercice` (schema) or `categorieentiteGeographiqueExercice` (records);
 * - codes either as a plain string ("A", "500", "21") or as a coding `{ code, system }`.
 *
 * Only ESSMS are kept (see `essms-categories.ts`); everything left out is listed in `skipped` with a
 * French reason. Pure: no I/O.
 */
import { checkFiness, regionOfDepartement } from '@esms/domain';
import { getEssmsCategory } from './essms-categories';

export interface FinessAddress {
  /** Street line, e.g. "10 R DE LA COMMUNE 1871". */
  readonly line: string;
  readonly postalCode: string;
  readonly city: string;
  /** INSEE commune code (COG), e.g. "01004", "2A004", "97411". */
  readonly communeCode: string;
}

export interface OrganismeRecord {
  readonly finessEj: string;
  readonly name: string;
  /** FINESS statut juridique code (TRE_R72/R400), e.g. "21", "60". */
  readonly legalStatus?: string;
  readonly siren?: string;
  readonly address: FinessAddress;
  readonly departement: string;
  readonly regionCode: string;
  readonly closed: boolean;
}

export interface EstablishmentRecord {
  /** FINESS géographique (ET). */
  readonly finess: string;
  readonly finessEj: string;
  readonly name: string;
  /** FINESS category code (TRE_R66). */
  readonly category: string;
  readonly categoryLabel?: string;
  readonly siret?: string;
  readonly address: FinessAddress;
  readonly departement: string;
  readonly regionCode: string;
  readonly closed: boolean;
  /** ISO date (YYYY-MM-DD). */
  readonly openedOn?: string;
  readonly closedOn?: string;
}

export interface FinessSkipped {
  /** FINESS number when there is one, else the flow's internal id. */
  readonly id: string;
  readonly reason: string;
}

export interface FinessWarning {
  readonly id: string;
  readonly message: string;
}

export interface ParsedFinessFlow {
  readonly organismes: OrganismeRecord[];
  readonly establishments: EstablishmentRecord[];
  readonly skipped: FinessSkipped[];
  /** Imported anyway, but worth a look (e.g. 2B key not confirmed, region taken from the FINESS number). */
  readonly warnings: FinessWarning[];
}

/** The document is not a FiNESS "structures" flow at all. */
export class FinessFlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FinessFlowError';
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' || t === 'None' || t === 'null' ? undefined : t;
}

/** A code given as "A" or as `{ code: "A", system: … }`. */
function code(v: unknown): string | undefined {
  return isObj(v) ? str(v['code']) : str(v);
}

function field(o: Obj, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

/** ISO date part of "2017-01-03", "2017-01-03T00:00:00+01:00" or "03/01/2017". */
function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  let m = /^(\d{4}-\d{2}-\d{2})/.exec(s);
  if (m) return m[1];
  m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
}

/** Département of an INSEE commune code: 2 characters, 3 for overseas (97x, 98x). */
export function departementOfCommune(communeCode: string): string | null {
  const c = communeCode.trim().toUpperCase();
  if (!/^(\d{5}|2[AB]\d{3})$/.test(c)) return null;
  return c.startsWith('97') || c.startsWith('98') ? c.slice(0, 3) : c.slice(0, 2);
}

function readAddress(v: unknown): FinessAddress | null {
  const list = Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : [];
  // Prefer an address that carries a commune code.
  const a = list.find((x) => str(x['cogCommune'])) ?? list[0];
  if (!a) return null;
  const street = [a['numeroVoie'], a['complementVoie'], a['typeVoie'], a['libelleVoie']]
    .map(str)
    .filter((x): x is string => !!x)
    .join(' ');
  // Exports sometimes carry the text "None" for an empty part (sample: ligneQuatre "None None").
  const ligneQuatre = (str(a['ligneQuatre']) ?? '').replace(/\b(None|null|undefined)\b/g, '').replace(/\s+/g, ' ').trim();
  const line = street || ligneQuatre || str(a['lieuDit']) || '';
  const postalCode = str(a['codePostal']) ?? '';
  const acheminement = str(a['ligneAcheminement']) ?? '';
  const city = acheminement.replace(/^\d{5}\s+/, '');
  return { line, postalCode, city, communeCode: (str(a['cogCommune']) ?? '').toUpperCase() };
}

interface Located {
  departement: string;
  regionCode: string;
}

/** Region from the commune code; falls back on the FINESS département with a warning. */
function locate(
  id: string,
  address: FinessAddress,
  finessDepartement: string,
  warnings: FinessWarning[],
): Located | { error: string } {
  const dep = address.communeCode ? departementOfCommune(address.communeCode) : null;
  const region = dep ? regionOfDepartement(dep) : null;
  if (dep && region) return { departement: dep, regionCode: region };
  const fallback = regionOfDepartement(finessDepartement);
  if (fallback) {
    warnings.push({
      id,
      message: `Code commune « ${address.communeCode || 'absent'} » inexploitable : région déduite du numéro FINESS (département ${finessDepartement}).`,
    });
    return { departement: finessDepartement, regionCode: fallback };
  }
  return {
    error: `Aucune région ARS pour le code commune « ${address.communeCode || 'absent'} » ni pour le département ${finessDepartement} : structure non importée.`,
  };
}

/**
 * Reads a FiNESS "structures" flow. Keeps the ESSMS (and the organismes gestionnaires that run at
 * least one of them); lists every other structure in `skipped` with a French reason.
 * Throws `FinessFlowError` only when the document is not a flow (no `pmej` list).
 */
export function parseFinessFlow(json: unknown): ParsedFinessFlow {
  if (!isObj(json) || !Array.isArray(json['pmej'])) {
    throw new FinessFlowError('Le fichier n’est pas un flux FiNESS « structures » : la liste « pmej » est absente.');
  }
  const organismes: OrganismeRecord[] = [];
  const establishments: EstablishmentRecord[] = [];
  const skipped: FinessSkipped[] = [];
  const warnings: FinessWarning[] = [];
  const seenEj = new Set<string>();
  const seenEt = new Set<string>();

  (json['pmej'] as unknown[]).forEach((pm, index) => {
    if (!isObj(pm)) {
      skipped.push({ id: `pmej[${index}]`, reason: 'Entrée « pmej » illisible (ce n’est pas un objet) : ignorée.' });
      return;
    }
    const info = field(pm, 'informationsGeneralesPmej', 'informationsGeneralesPMEJ');
    const infoObj = isObj(info) ? info : {};
    const rawEj = str(infoObj['numFinessPm']);
    const ejId = rawEj ?? str(field(infoObj, 'pm_smsseId', 'pmSmsseId')) ?? `pmej[${index}]`;
    const eges = Array.isArray(pm['ege']) ? pm['ege'] : [];

    const rejectEts = (why: string) => {
      for (const ege of eges) {
        const egeInfo = isObj(ege) && isObj(ege['informationsGeneralesEGE']) ? ege['informationsGeneralesEGE'] : {};
        const etId = str(egeInfo['numFinessEge']) ?? str(egeInfo['egeId']) ?? `${ejId}/ege`;
        skipped.push({ id: etId, reason: `Établissement non importé : ${why}` });
      }
    };

    if (!rawEj) {
      skipped.push({ id: ejId, reason: 'Organisme gestionnaire sans numéro FINESS juridique (numFinessPm) : non importé.' });
      rejectEts(`son organisme gestionnaire (${ejId}) n’a pas de numéro FINESS juridique.`);
      return;
    }
    const ejCheck = checkFiness(rawEj);
    if (!ejCheck.ok) {
      skipped.push({ id: rawEj, reason: `Organisme gestionnaire non importé : ${ejCheck.reason}` });
      rejectEts(`le numéro FINESS de son organisme gestionnaire (${rawEj}) est invalide.`);
      return;
    }
    const finessEj = ejCheck.finess;
    if (ejCheck.warning) warnings.push({ id: finessEj, message: ejCheck.warning });
    if (seenEj.has(finessEj)) {
      skipped.push({ id: finessEj, reason: `Organisme gestionnaire ${finessEj} présent deux fois dans le flux : seule la première occurrence est importée.` });
      rejectEts(`son organisme gestionnaire ${finessEj} est en double dans le flux.`);
      return;
    }
    const ogAddress = readAddress(pm['adresse']);
    const ogLocated = ogAddress ? locate(finessEj, ogAddress, ejCheck.departement, warnings) : { error: 'adresse absente.' };
    if ('error' in ogLocated || !ogAddress) {
      skipped.push({ id: finessEj, reason: `Organisme gestionnaire non importé : ${'error' in ogLocated ? ogLocated.error : 'adresse absente.'}` });
      rejectEts(`son organisme gestionnaire ${finessEj} n’a pas pu être localisé.`);
      return;
    }

    const ets: EstablishmentRecord[] = [];
    eges.forEach((ege, j) => {
      const fallbackId = `${finessEj}/ege[${j}]`;
      if (!isObj(ege)) {
        skipped.push({ id: fallbackId, reason: 'Entrée « ege » illisible (ce n’est pas un objet) : ignorée.' });
        return;
      }
      const egeInfo = isObj(ege['informationsGeneralesEGE']) ? ege['informationsGeneralesEGE'] : {};
      const rawEt = str(egeInfo['numFinessEge']);
      const etId = rawEt ?? str(egeInfo['egeId']) ?? fallbackId;
      if (!rawEt) {
        skipped.push({ id: etId, reason: 'Établissement sans numéro FINESS géographique (numFinessEge) : non importé.' });
        return;
      }
      const etCheck = checkFiness(rawEt);
      if (!etCheck.ok) {
        skipped.push({ id: rawEt, reason: `Établissement non importé : ${etCheck.reason}` });
        return;
      }
      const finess = etCheck.finess;
      const category = code(field(ege, 'categorieEntiteGeographiqueExercice', 'categorieentiteGeographiqueExercice'));
      const essms = category ? getEssmsCategory(category) : undefined;
      if (!essms) {
        skipped.push({
          id: finess,
          reason: category
            ? `Catégorie FINESS ${category} : ce n’est pas un établissement ou service social ou médico-social (art. L312-1 CASF), non importé.`
            : 'Catégorie FINESS absente : impossible de savoir s’il s’agit d’un ESSMS, non importé.',
        });
        return;
      }
      if (seenEt.has(finess)) {
        skipped.push({ id: finess, reason: `Établissement ${finess} présent deux fois dans le flux : seule la première occurrence est importée.` });
        return;
      }
      const address = readAddress(ege['adresse']);
      if (!address) {
        skipped.push({ id: finess, reason: 'Établissement sans adresse dans le flux : non importé.' });
        return;
      }
      const located = locate(finess, address, etCheck.departement, warnings);
      if ('error' in located) {
        skipped.push({ id: finess, reason: `Établissement non importé : ${located.error}` });
        return;
      }
      if (etCheck.warning) warnings.push({ id: finess, message: etCheck.warning });
      seenEt.add(finess);
      const name = str(egeInfo['nomEgeLong']) ?? str(egeInfo['nomEgeCourt']) ?? `Établissement ${finess}`;
      const openedOn = isoDate(egeInfo['dateOuverture']);
      const closedOn = isoDate(egeInfo['dateFermeture']);
      const siret = str(field(egeInfo, 'siret')) ?? str(ege['siret']);
      ets.push({
        finess,
        finessEj,
        name,
        category: essms.code,
        categoryLabel: essms.label,
        ...(siret ? { siret } : {}),
        address,
        departement: located.departement,
        regionCode: located.regionCode,
        closed: code(ege['etatObjet']) === 'I',
        ...(openedOn ? { openedOn } : {}),
        ...(closedOn ? { closedOn } : {}),
      });
    });

    if (ets.length === 0) {
      skipped.push({
        id: finessEj,
        reason: 'Organisme gestionnaire sans aucun ESSMS dans le flux (établissements sanitaires ou rejetés seulement) : non importé.',
      });
      return;
    }
    seenEj.add(finessEj);
    const legalStatus = code(infoObj['statutJuridique']);
    const siren = str(infoObj['siren']);
    organismes.push({
      finessEj,
      name: str(infoObj['denominationLonguePmSmsse']) ?? str(infoObj['denominationPm']) ?? `Organisme ${finessEj}`,
      ...(legalStatus ? { legalStatus } : {}),
      ...(siren ? { siren } : {}),
      address: ogAddress,
      departement: ogLocated.departement,
      regionCode: ogLocated.regionCode,
      closed: code(field(pm, 'etatObjet') ?? infoObj['etatObjet']) === 'I',
    });
    establishments.push(...ets);
  });

  return { organismes, establishments, skipped, warnings };
}

/*
 * A national FiNESS "structures" flow (the format the annuaire's importer reads, as the demo flow of
 * tools/demo-data): about 40 000 ESSMS over the 18 regions, in proportion to their population, run by
 * organismes gestionnaires of very uneven sizes (many single-ESSMS associations, a few networks of
 * hundreds). Deterministic: the same seed gives the same flow. Pure apart from reading the COG communes.
 */
import { readFileSync } from 'node:fs';
import { departementsOfRegion, generateFinessKey, REGIONS } from '@esms/domain';
import { Rng } from './random';

/** Population share of each region (millions, INSEE 2021, rounded): where the ESSMS are. */
export const REGION_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  '84': 8.1, '27': 2.8, '53': 3.4, '24': 2.6, '94': 0.35, '44': 5.6, '32': 6.0, '11': 12.3, '28': 3.3,
  '75': 6.1, '76': 6.0, '52': 3.9, '93': 5.1, '01': 0.38, '02': 0.36, '03': 0.29, '04': 0.87, '06': 0.3,
});

type Profile = 'PA' | 'PH' | 'DOMICILE' | 'AHI' | 'PJM' | 'ENFANCE' | 'MIXTE';

/** ESSMS categories (annuaire `essms-categories.ts`) each kind of organisme runs, with weights. */
const CATEGORY_MIX: Record<Profile, readonly (readonly [string, number])[]> = {
  PA: [['500', 6], ['202', 2], ['207', 1], ['354', 1]],
  PH: [['183', 2], ['182', 2], ['246', 2], ['255', 1], ['437', 1], ['382', 1], ['446', 1], ['445', 1]],
  DOMICILE: [['460', 4], ['354', 3], ['209', 2]],
  AHI: [['214', 4], ['443', 3], ['442', 1], ['219', 1]],
  PJM: [['340', 4], ['344', 1]],
  ENFANCE: [['177', 3], ['295', 2], ['236', 1], ['175', 1]],
  MIXTE: [['500', 2], ['460', 1], ['183', 1], ['246', 1], ['214', 1], ['340', 1], ['177', 1]],
};
const PROFILES: readonly (readonly [Profile, number])[] = [['PA', 34], ['PH', 24], ['DOMICILE', 16], ['AHI', 8], ['PJM', 5], ['ENFANCE', 8], ['MIXTE', 5]];

/** Organisme sizes: many single-ESSMS organismes, a long tail of networks (mean ≈ 11 ESSMS). */
const SIZE_BANDS: readonly (readonly [[number, number], number])[] = [
  [[1, 1], 45], [[2, 3], 20], [[4, 8], 15], [[9, 25], 12], [[26, 80], 6], [[81, 300], 2],
];

const LABEL: Record<string, string> = {
  '500': 'EHPAD', '202': 'Résidence autonomie', '207': 'Accueil de jour', '354': 'SSIAD', '460': 'SAA', '209': 'SAAS',
  '183': 'IME', '182': 'SESSAD', '246': 'ESAT', '255': 'MAS', '437': 'FAM', '382': 'Foyer de vie', '446': 'SAVS', '445': 'SAMSAH',
  '214': 'CHRS', '443': 'CADA', '442': 'CPH', '219': "Centre d'accueil", '340': 'Service mandataire', '344': 'Service DPF',
  '177': 'MECS', '295': 'Service AEMO', '236': 'Placement familial', '175': "Foyer de l'enfance",
};
const NAMES = ['Les Tilleuls', 'Les Glycines', 'Le Clos Fleuri', 'Les Hortensias', 'La Roseraie', 'Les Embruns', 'Le Bocage', 'Les Oliviers', 'La Source', 'Le Verger', 'Les Hirondelles', 'La Colline', "L'Escale", 'Le Phare', 'Les Mimosas', 'Le Moulin', 'Les Genêts', 'La Passerelle', 'Les Érables', 'Les Alizés'];
const STREETS = [['R', 'DES ECOLES'], ['AV', 'DE LA REPUBLIQUE'], ['R', 'VICTOR HUGO'], ['BD', 'JEAN JAURES'], ['R', 'PASTEUR'], ['CHE', 'DES VIGNES'], ['R', 'DU MOULIN'], ['R', 'DE LA GARE']] as const;

interface Commune {
  code: string;
  nom: string;
  departement: string;
  type: string;
  codesPostaux?: string[];
  population?: number;
}

let communes: Map<string, Commune[]> | null = null;
/** The 40 most populated current communes of each département (COG), sorted by code for stability. */
function communesOf(departement: string): Commune[] {
  if (!communes) {
    const all: Commune[] = JSON.parse(readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'));
    communes = new Map();
    for (const c of all) {
      if (c.type !== 'commune-actuelle' || !c.codesPostaux?.length) continue;
      (communes.get(c.departement) ?? communes.set(c.departement, []).get(c.departement)!).push(c);
    }
    for (const [dep, list] of communes) {
      communes.set(
        dep,
        [...list].sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.code.localeCompare(b.code)).slice(0, 40).sort((a, b) => a.code.localeCompare(b.code)),
      );
    }
  }
  const list = communes.get(departement);
  if (!list?.length) throw new Error(`Aucune commune pour le département ${departement}`);
  return list;
}

/** FINESS prefix of a département: '14', '2A'; overseas '974' → '9704', Mayotte '976' → '9805'. */
const finessPrefix = (departement: string) => (departement === '976' ? '9805' : departement.length === 3 ? `970${departement[2]}` : departement);
const coding = (code: string) => ({ code, system: 'https://mos.esante.gouv.fr/NOS' });
const upper = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[-']/g, ' ');

export interface ScaleEssms {
  finess: string;
  finessEj: string;
  regionCode: string;
  departement: string;
  category: string;
  closed: boolean;
}

export interface ScaleOrganisme {
  finessEj: string;
  name: string;
  regionCode: string;
  /** Every ESSMS of the organisme, open and closed, in flow order. */
  essms: ScaleEssms[];
}

export interface ScaleFlow {
  /** The JSON document for the annuaire's importer (`npm run import:finess`). */
  document: { schemaVersion: string; generatedAt: string; source: string; pmej: Record<string, unknown>[] };
  organismes: ScaleOrganisme[];
  essmsCount: number;
}

/**
 * Builds the flow: `target` ESSMS (about 5 % closed) over the 18 regions. `reserved` FINESS numbers (the demo
 * flow's, loaded by the stack in demo mode) are never reused.
 */
export function generateScaleFlow(options: { target: number; seed: number; reserved?: Iterable<string> }): ScaleFlow {
  const rng = new Rng(options.seed);
  const used = new Set<string>(options.reserved ?? []);
  const newFiness = (departement: string) => {
    const prefix = finessPrefix(departement);
    for (;;) {
      const body = prefix + rng.digits(8 - prefix.length);
      const finess = body + generateFinessKey(body);
      if (!used.has(finess)) {
        used.add(finess);
        return finess;
      }
    }
  };
  const totalWeight = Object.values(REGION_WEIGHTS).reduce((a, b) => a + b, 0);
  const regions = REGIONS.map((r) => r.code);
  const pmej: Record<string, unknown>[] = [];
  const organismes: ScaleOrganisme[] = [];
  let essmsCount = 0;
  let serial = 0;

  for (const region of regions) {
    const quota = Math.round((options.target * REGION_WEIGHTS[region]) / totalWeight);
    const departements = departementsOfRegion(region);
    let placed = 0;
    while (placed < quota) {
      const [min, max] = rng.weighted(SIZE_BANDS);
      const size = Math.min(rng.int(min, max), quota - placed);
      const profile = rng.weighted(PROFILES);
      const headOffice = rng.pick(departements);
      const hq = rng.pick(communesOf(headOffice));
      const finessEj = newFiness(headOffice);
      serial += 1;
      const name = `${rng.pick(['Association', 'Fondation', 'Mutualité', 'Centre communal d’action sociale de', 'Groupement'])} ${rng.pick(NAMES)} ${hq.nom} n° ${serial}`;
      const ege: Record<string, unknown>[] = [];
      const organisme: ScaleOrganisme = { finessEj, name, regionCode: region, essms: [] };
      for (let i = 0; i < size; i++) {
        const departement = size > 3 ? rng.pick(departements) : headOffice;
        const commune = rng.pick(communesOf(departement));
        const category = rng.weighted(CATEGORY_MIX[profile]);
        const finess = newFiness(departement);
        const closed = rng.float() < 0.05;
        const [typeVoie, libelleVoie] = rng.pick(STREETS);
        const label = `${LABEL[category] ?? 'ESSMS'} ${rng.pick(NAMES)} ${commune.nom}`;
        ege.push({
          informationsGeneralesEGE: {
            egeId: `scale-ege-${finess}`,
            numFinessEge: finess,
            nomEgeCourt: upper(label).slice(0, 38),
            nomEgeLong: label,
            dateOuverture: `${rng.int(1975, 2020)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`,
            ...(closed ? { dateFermeture: `202${rng.int(2, 5)}-06-30` } : {}),
          },
          etatObjet: coding(closed ? 'I' : 'A'),
          categorieEntiteGeographiqueExercice: coding(category),
          adresse: [{ numeroVoie: String(rng.int(1, 150)), typeVoie, libelleVoie, cogCommune: commune.code, ligneAcheminement: upper(commune.nom), codePostal: commune.codesPostaux![0] }],
        });
        organisme.essms.push({ finess, finessEj, regionCode: region, departement, category, closed });
      }
      pmej.push({
        informationsGeneralesPmej: { pm_smsseId: `scale-pm-${finessEj}`, numFinessPm: finessEj, denominationLonguePmSmsse: name, statutJuridique: coding(rng.pick(['60', '61', '63', '17'])) },
        etatObjet: coding('A'),
        adresse: [{ numeroVoie: String(rng.int(1, 150)), typeVoie: 'R', libelleVoie: 'DE LA PAIX', cogCommune: hq.code, ligneAcheminement: upper(hq.nom), codePostal: hq.codesPostaux![0] }],
        ege,
      });
      organismes.push(organisme);
      placed += size;
      essmsCount += size;
    }
  }
  return {
    document: { schemaVersion: '1', generatedAt: '2026-01-01T00:00:00Z', source: `tools/scale (données fictives, graine ${options.seed})`, pmej },
    organismes,
    essmsCount,
  };
}

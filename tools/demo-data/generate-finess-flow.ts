/**
 * Demo FiNESS "structures" flow — deterministic (seeded PRNG), in the format of the official ANS flow
 * (/work/shared/data/finess/schema-structures-v1.json: every `required` field of the schema is present,
 * codings as `{ code, system }`), with valid Luhn keys on every FINESS number.
 *
 * About 20 fictional organismes gestionnaires in Normandie (28), Provence-Alpes-Côte d'Azur (93),
 * Île-de-France (11), Bretagne (53), La Réunion (04) and Corse (94), running a few hundred ESSMS
 * (EHPAD, SSIAD, SAA, IME, ESAT, MAS, FAM, CHRS/CADA, PJM…), some closed. Communes are real (COG,
 * `@etalab/decoupage-administratif`), names and street addresses are invented.
 *
 * Deliberately included: two non-ESSMS structures (a centre de santé 124 and a clinic 365), which the
 * FINESS import must skip — listed in `DEMO_DELIBERATE_NON_ESSMS_CATEGORIES`.
 *
 * CLI: `npx nx run demo-data:generate` (writes tools/demo-data/demo-structures.json), or
 *   TS_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register -r tsconfig-paths/register \
 *     tools/demo-data/generate-finess-flow.ts <output.json> [seed]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { departementsOfRegion, generateFinessKey } from '@esms/domain';

const SYSTEMS = {
  etatObjet:
    'https://mos.esante.gouv.fr/NOS/tre_r386-macro-etat-objet-administratif/FHIR/tre-r386-macro-etat-objet-administratif',
  fonctionPublique: 'https://mos.esante.gouv.fr/NOS/tre_r361-fonction-publique/FHIR/tre-r361-fonction-publique',
  categorie:
    'https://mos.esante.gouv.fr/NOS/tre_r397-categorie-entite-geographique-exercice/FHIR/tre-r397-categorie-entite-geographique-exercice',
  statutJuridique: 'https://mos.esante.gouv.fr/NOS/tre_r400-finess-statut-juridique/FHIR/tre-r400-finess-statut-juridique',
  typeGroupeGco: 'https://mos.esante.gouv.fr/NOS/tre_r372-type-groupe-gco/FHIR/tre-r372-type-groupe-gco',
  typePersonneMorale: 'https://mos.esante.gouv.fr/NOS/tre_r373-type-personne-morale/FHIR/tre-r373-type-personne-morale',
  categorieEtablissement: 'https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement',
  roleEge: 'https://mos.esante.gouv.fr/NOS/TRE_R399-RoleEge/FHIR/TRE-R399-RoleEge',
} as const;

/** Categories of the two deliberately non-ESSMS structures (the import must skip them). */
export const DEMO_DELIBERATE_NON_ESSMS_CATEGORIES: readonly string[] = ['124', '365'];

/** The regions the demo covers (INSEE codes). */
export const DEMO_REGIONS: readonly string[] = ['28', '93', '11', '53', '04', '94'];

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32) — same seed, same flow.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// Communes (COG)

interface Commune {
  code: string;
  nom: string;
  departement: string;
  region: string;
  type: string;
  codesPostaux?: string[];
  population?: number;
}

let communesByDep: Map<string, Commune[]> | null = null;

/** The 30 most populated current communes of a département (sorted by code for stability). */
export function demoCommunesOf(departement: string): Commune[] {
  if (!communesByDep) {
    const all: Commune[] = JSON.parse(
      readFileSync(require.resolve('@etalab/decoupage-administratif/data/communes.json'), 'utf8'),
    );
    communesByDep = new Map();
    for (const c of all) {
      if (c.type !== 'commune-actuelle' || !c.codesPostaux?.length) continue;
      const list = communesByDep.get(c.departement) ?? [];
      list.push(c);
      communesByDep.set(c.departement, list);
    }
    for (const [dep, list] of communesByDep) {
      const top = [...list]
        .sort((a, b) => (b.population ?? 0) - (a.population ?? 0) || a.code.localeCompare(b.code))
        .slice(0, 30)
        .sort((a, b) => a.code.localeCompare(b.code));
      communesByDep.set(dep, top);
    }
  }
  const list = communesByDep.get(departement);
  if (!list?.length) throw new Error(`Aucune commune pour le département ${departement}`);
  return list;
}

/** La Poste style: upper case, no accents, hyphens and apostrophes as spaces. */
function acheminement(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[-']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const CENTROIDS: Record<string, [number, number]> = {
  '28': [49.1, -0.4],
  '93': [43.7, 5.9],
  '11': [48.85, 2.35],
  '53': [48.2, -2.9],
  '04': [-21.1, 55.5],
  '94': [42.15, 9.1],
};

// ---------------------------------------------------------------------------------------------
// Organismes (fictional)

type Profile = 'PA' | 'PH' | 'PH_PA' | 'AHI' | 'PJM' | 'DOMICILE' | 'MIXTE';

const CATEGORY_MIX: Record<Profile, readonly (readonly [string, number])[]> = {
  PA: [['500', 5], ['354', 2], ['460', 2], ['202', 1]],
  PH: [['183', 2], ['246', 2], ['255', 1.5], ['437', 1], ['182', 1.5], ['446', 1], ['382', 1]],
  PH_PA: [['500', 3], ['354', 1], ['460', 1], ['183', 1], ['246', 1], ['255', 1], ['437', 1], ['182', 1]],
  AHI: [['214', 5], ['443', 3], ['442', 2]],
  PJM: [['340', 4], ['344', 1]],
  DOMICILE: [['460', 4], ['354', 3], ['209', 1]],
  MIXTE: [['500', 2], ['460', 1], ['183', 1], ['246', 1], ['214', 1.5], ['443', 1], ['340', 1], ['182', 1]],
};

interface OrganismeSpec {
  name: string;
  shortName: string;
  /** FINESS statut juridique (60 association, 61 association RUP, 63 fondation, 17 CCAS, 21 établissement communal). */
  legalStatus: string;
  headOffice: string; // département
  /** ESSMS per region. */
  spread: Record<string, number>;
  profile: Profile;
  public?: boolean;
  /** Category of one extra non-ESSMS structure, to be skipped by the import. */
  extraNonEssms?: string;
}

export const DEMO_ORGANISMES: readonly OrganismeSpec[] = [
  { name: "Association Normande d'Entraide et de Soins", shortName: 'ANES', legalStatus: '61', headOffice: '14', spread: { '28': 44, '53': 18 }, profile: 'PH_PA' },
  { name: 'Fondation Provence Âges et Handicaps', shortName: 'FPAH', legalStatus: '63', headOffice: '13', spread: { '93': 56 }, profile: 'PH_PA', extraNonEssms: '124' },
  { name: "Groupe Associatif Francilien pour l'Autonomie", shortName: 'GAFA', legalStatus: '60', headOffice: '75', spread: { '11': 52 }, profile: 'PH_PA', extraNonEssms: '365' },
  { name: 'Mutualité Armor Solidarités', shortName: 'MAS Armor', legalStatus: '60', headOffice: '35', spread: { '53': 28 }, profile: 'PA' },
  { name: 'Association Kaz Ansanm', shortName: 'Kaz Ansanm', legalStatus: '60', headOffice: '974', spread: { '04': 9 }, profile: 'PH_PA' },
  { name: 'Association A Casa Corsa', shortName: 'A Casa', legalStatus: '60', headOffice: '2A', spread: { '94': 6 }, profile: 'PH_PA' },
  { name: 'Centre Communal d’Action Sociale de Rouen', shortName: 'CCAS Rouen', legalStatus: '17', headOffice: '76', spread: { '28': 4 }, profile: 'PA', public: true },
  { name: 'Centre Communal d’Action Sociale de Brest', shortName: 'CCAS Brest', legalStatus: '17', headOffice: '29', spread: { '53': 3 }, profile: 'PA', public: true },
  { name: 'Association Horizons Insertion', shortName: 'Horizons', legalStatus: '60', headOffice: '93', spread: { '11': 8, '28': 4 }, profile: 'AHI' },
  { name: 'Association Tutélaire du Littoral', shortName: 'ATL', legalStatus: '60', headOffice: '06', spread: { '93': 5 }, profile: 'PJM' },
  { name: 'Association Tutélaire de Bretagne Occidentale', shortName: 'ATBO', legalStatus: '60', headOffice: '29', spread: { '53': 4 }, profile: 'PJM' },
  { name: 'Association Les Ajoncs du Cotentin', shortName: 'Les Ajoncs', legalStatus: '60', headOffice: '50', spread: { '28': 14 }, profile: 'PH' },
  { name: "EHPAD Public Intercommunal du Pays d'Auge", shortName: 'EPI Auge', legalStatus: '21', headOffice: '14', spread: { '28': 2 }, profile: 'PA', public: true },
  { name: 'Association Méditerranée Accueil Hébergement', shortName: 'AMAH', legalStatus: '61', headOffice: '13', spread: { '93': 10 }, profile: 'AHI' },
  { name: 'Association Réunionnaise pour l’Insertion et le Logement', shortName: 'ARIL', legalStatus: '60', headOffice: '974', spread: { '04': 5 }, profile: 'AHI' },
  { name: 'Association Corse Handicap et Travail', shortName: 'ACHT', legalStatus: '60', headOffice: '2B', spread: { '94': 5 }, profile: 'PH' },
  { name: 'Fondation Francilienne Enfance et Handicap', shortName: 'FFEH', legalStatus: '63', headOffice: '92', spread: { '11': 22 }, profile: 'PH' },
  { name: "Service d'Aide à Domicile du Var", shortName: 'SAD Var', legalStatus: '60', headOffice: '83', spread: { '93': 8 }, profile: 'DOMICILE' },
  { name: 'Association Bretonne d’Aide et de Soins à Domicile', shortName: 'ABASD', legalStatus: '60', headOffice: '56', spread: { '53': 18 }, profile: 'DOMICILE' },
  { name: 'Réseau Solidaire du Grand Ouest', shortName: 'RSGO', legalStatus: '61', headOffice: '35', spread: { '53': 14, '28': 10, '11': 6 }, profile: 'MIXTE' },
];

const PREFIX: Record<string, readonly string[]> = {
  '500': ['EHPAD'],
  '202': ['Résidence autonomie'],
  '354': ['SSIAD'],
  '460': ['Service autonomie aide', 'SAAD'],
  '209': ['Service autonomie aide et soins'],
  '183': ['IME'],
  '182': ['SESSAD'],
  '246': ['ESAT'],
  '255': ['MAS'],
  '437': ['FAM'],
  '446': ['SAVS'],
  '382': ['Foyer de vie'],
  '214': ['CHRS'],
  '443': ['CADA'],
  '442': ['CPH'],
  '340': ['Service mandataire judiciaire'],
  '344': ['Service délégué aux prestations familiales'],
  '124': ['Centre de santé'],
  '365': ['Clinique'],
};

const NAMES = [
  'Les Tilleuls', 'Les Glycines', 'Le Clos Fleuri', 'Les Hortensias', 'La Roseraie', 'Les Embruns', 'Le Bocage',
  'Les Mouettes', 'Les Oliviers', 'Les Cigales', 'La Source', 'Le Verger', 'Les Hirondelles', 'Les Coquelicots',
  'La Colline', "L'Escale", 'Le Phare', 'Les Mimosas', 'Les Lavandes', 'Le Moulin', 'Les Genêts', 'La Passerelle',
  'Les Érables', 'Le Jardin des Sens', 'Les Alizés', 'Les Flamboyants', 'La Clairière', 'Les Bruyères', 'Le Prieuré',
  "L'Arc-en-ciel", 'Les Platanes', 'La Garrigue', 'Le Chêne', 'Les Ajoncs', 'Les Camélias', 'Le Petit Port',
];
const STREETS = [
  ['R', 'DES ECOLES'], ['AV', 'DE LA REPUBLIQUE'], ['R', 'VICTOR HUGO'], ['BD', 'JEAN JAURES'], ['R', 'DU GENERAL DE GAULLE'],
  ['CHE', 'DES VIGNES'], ['R', 'PASTEUR'], ['PL', 'DE L EGLISE'], ['ALL', 'DES TILLEULS'], ['RTE', 'DE LA MER'],
  ['R', 'DU MOULIN'], ['IMP', 'DES ROSES'], ['AV', 'DES PINS'], ['R', 'JULES FERRY'], ['R', 'DE LA GARE'],
] as const;

// ---------------------------------------------------------------------------------------------
// Identifiers

function luhnKey(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** FINESS prefix of a département: '14', '2A', '974' → '9704'. */
function finessPrefix(departement: string): string {
  return departement.length === 3 ? `970${departement[2]}` : departement;
}

class Ids {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  finess(departement: string): string {
    for (;;) {
      const p = finessPrefix(departement);
      const first8 = p + this.rng.digits(8 - p.length);
      const n = first8 + generateFinessKey(first8);
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }
  siren(isPublic: boolean): string {
    for (;;) {
      const body = (isPublic ? '26' : String(this.rng.pick(['77', '78', '79', '81', '82', '84']))) + this.rng.digits(6);
      const n = body + luhnKey(body);
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }
  siret(siren: string): string {
    for (;;) {
      const body = siren + this.rng.digits(4);
      const n = body + luhnKey(body);
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Flow

const coding = (code: string, system: string) => ({ code, system });

interface Place {
  departement: string;
  region: string;
  commune: Commune;
}

function address(rng: Rng, place: Place) {
  const [typeVoie, libelleVoie] = rng.pick(STREETS);
  const [lat, lon] = CENTROIDS[place.region] ?? [46.5, 2.5];
  const latitude = (lat + (rng.float() - 0.5) * 0.6).toFixed(6);
  const longitude = (lon + (rng.float() - 0.5) * 0.6).toFixed(6);
  const numeroVoie = String(rng.int(1, 180));
  return {
    usageAdresse: '03',
    numeroVoie,
    typeVoie,
    libelleVoie,
    complementVoie: '',
    complementPointGeographique: '',
    lieuDit: '',
    cogCommune: place.commune.code,
    ligneAcheminement: acheminement(place.commune.nom),
    ligneQuatre: `${numeroVoie} ${typeVoie} ${libelleVoie}`,
    codePostal: (place.commune.codesPostaux ?? [''])[0],
    coordonneesGeographique: {
      coordonneeX: longitude,
      coordonneeY: latitude,
      directionLatitude: latitude,
      directionLongitude: longitude,
    },
  };
}

function isoDay(rng: Rng, fromYear: number, toYear: number): string {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function evenement(id: string, finess: string, date: string, etat: string, typeObjet: string) {
  return {
    evenementId: id,
    dateEnregistrement: date,
    dateEvenement: date,
    etatObjet1: etat,
    identifiantObjet1: finess,
    systemeMaitre: 'FINESS',
    typeObjet1: typeObjet,
    codeEvenement: etat === 'I' ? 'FERMETURE' : 'CREATION',
  };
}

export interface DemoFinessFlow {
  schemaVersion: string;
  generatedAt: string;
  gco: Record<string, unknown>;
  gcc: Record<string, unknown>;
  pmej: Record<string, unknown>[];
}

/** Builds the demo flow. Same seed → same flow (byte for byte once serialised). */
export function generateDemoFinessFlow(seed = 1): DemoFinessFlow {
  const rng = new Rng(seed);
  const ids = new Ids(rng);
  let egeSeq = 1000;
  let evtSeq = 1;
  const pmej: Record<string, unknown>[] = [];

  DEMO_ORGANISMES.forEach((og, index) => {
    const hqRegion = Object.keys(og.spread)[0];
    const hqCommunes = demoCommunesOf(og.headOffice);
    const hqPlace: Place = { departement: og.headOffice, region: hqRegion, commune: rng.pick(hqCommunes) };
    const finessEj = ids.finess(og.headOffice);
    const siren = ids.siren(!!og.public);
    const created = isoDay(rng, 1965, 2010);
    const ege: Record<string, unknown>[] = [];

    const addEt = (region: string, category: string, forceOpen: boolean) => {
      const departement = rng.pick(departementsOfRegion(region));
      const place: Place = { departement, region, commune: rng.pick(demoCommunesOf(departement)) };
      const finess = ids.finess(departement);
      const closed = !forceOpen && rng.float() < 0.05;
      const opened = isoDay(rng, 1975, 2021);
      const closedOn = closed ? isoDay(rng, 2022, 2025) : '';
      const prefix = rng.pick(PREFIX[category] ?? ['Établissement']);
      const longName = `${prefix} ${rng.pick(NAMES)} ${place.commune.nom}`;
      const egeId = String(egeSeq++);
      ege.push({
        informationsGeneralesEGE: {
          egeId,
          numFinessEge: finess,
          nomEgeCourt: acheminement(`${prefix} ${place.commune.nom}`).slice(0, 38),
          nomEgeLong: longName,
          dateOuverture: opened,
          ...(closed ? { dateFermeture: closedOn } : {}),
        },
        etatObjet: coding(closed ? 'I' : 'A', SYSTEMS.etatObjet),
        categorieEntiteGeographiqueExercice: coding(category, SYSTEMS.categorieEtablissement),
        siret: ids.siret(siren),
        metadonneeId: `md-ege-${egeId}`,
        dateDerniereMaj: { dateEvenement: closed ? closedOn : opened },
        adresse: [address(rng, place)],
        roleEge: coding('01', SYSTEMS.roleEge),
        evenement: [
          evenement(`evt-${evtSeq++}`, finess, opened, 'A', 'EGE'),
          ...(closed ? [evenement(`evt-${evtSeq++}`, finess, closedOn, 'I', 'EGE')] : []),
        ],
      });
    };

    for (const [region, count] of Object.entries(og.spread)) {
      for (let i = 0; i < count; i++) {
        // The first ESSMS of each organisme stays open, so that every organisme has an active one.
        addEt(region, rng.weighted(CATEGORY_MIX[og.profile]), i === 0);
      }
    }
    if (og.extraNonEssms) addEt(hqRegion, og.extraNonEssms, true);

    pmej.push({
      informationsGeneralesPmej: {
        pm_smsseId: String(index + 1),
        codeApe: og.public ? '8411Z' : og.profile === 'PA' ? '8710A' : '8899B',
        complementAdressePmSmsse: '',
        dateCreation: created,
        dateDerniereModificationSirene: created,
        dateFermeture: '',
        denominationLonguePmSmsse: og.name,
        denominationPm: og.name.length > 38 ? og.shortName : og.name,
        numFinessPm: finessEj,
        etatObjet: coding('A', SYSTEMS.etatObjet),
        fonctionPublique: coding(og.public ? 'FPH' : '', SYSTEMS.fonctionPublique),
        categorieEntiteGeographiqueExercice: coding('', SYSTEMS.categorie),
        siren,
        statutJuridique: coding(og.legalStatus, SYSTEMS.statutJuridique),
        typeGroupeGco: coding('', SYSTEMS.typeGroupeGco),
        typePersonneMorale: coding('01', SYSTEMS.typePersonneMorale),
        metadonneeId: `md-pm-${index + 1}`,
        dateDerniereMaj: { dateEvenement: created },
      },
      adresse: [{ ...address(rng, hqPlace), usageAdresse: '02' }],
      etatObjet: coding('A', SYSTEMS.etatObjet),
      evenement: [evenement(`evt-${evtSeq++}`, finessEj, created, 'A', 'PM')],
      ege,
    });
  });

  return {
    schemaVersion: 'v1.0.0',
    generatedAt: '2026-01-05T06:00:00Z',
    gco: {},
    gcc: {},
    pmej,
  };
}

/** Serialisation used for the committed file (stable, one field a line, about 0.7 MB). */
export function serializeDemoFinessFlow(flow: DemoFinessFlow): string {
  return `${JSON.stringify(flow, null, 1)}\n`;
}

if (require.main === module) {
  const [out, seedArg] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('Usage : generate-finess-flow <fichier-de-sortie.json> [graine]\n');
    process.exit(2);
  }
  const flow = generateDemoFinessFlow(seedArg ? Number(seedArg) : 1);
  writeFileSync(out, serializeDemoFinessFlow(flow));
  const ets = flow.pmej.reduce((n, pm) => n + (pm['ege'] as unknown[]).length, 0);
  process.stdout.write(`${out} : ${flow.pmej.length} organismes gestionnaires, ${ets} établissements.\n`);
}

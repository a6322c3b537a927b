/**
 * The programme envelope, as data with its source: the Ségur numérique volet médico-social mobilises 600 M€
 * from 2021 to 2025 (seed 002, AAP ARS Bretagne 2024, introduction). Part of it funds the ESSMS directly,
 * another part the editors through SONS: the dashboard compares amounts against the whole envelope and says so.
 */
export const PROGRAMME_ENVELOPE = Object.freeze({
  amount: 600_000_000,
  startYear: 2021,
  endYear: 2025,
  source: '002_34b071bb12705278.txt (AAP ESMS numérique, ARS Bretagne 2024), introduction',
  quote: 'Dans sa déclinaison au secteur social et médico-social, il permet de mobiliser 600 M€ de 2021 à 2025.',
  note: "L'enveloppe couvre aussi le financement des éditeurs via le dispositif SONS : les montants des dossiers n'en représentent qu'une partie.",
});

/** States from which a file counts as granted (retained by the committee, or later in its life). */
export const GRANTED_STATES = ['RETAINED', 'CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED'] as const;

/** Fields of ESSMS (annuaire `essms-categories.ts`), with their French labels. */
export const FIELD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  PA: 'Personnes âgées',
  PH_ENFANTS: 'Enfance handicapée',
  PH_ADULTES: 'Adultes handicapés',
  DOMICILE: 'Services à domicile',
  PROTECTION_ENFANCE: "Protection de l'enfance",
  AHI: 'Accueil, hébergement, insertion',
  DIFFICULTES_SPECIFIQUES: 'Difficultés spécifiques (addictologie, précarité)',
  PJM: 'Protection juridique des majeurs',
  RESSOURCES: 'Centres de ressources et coordination',
  EXPERIMENTAL: 'Établissements expérimentaux',
  AUTRE: 'Autre catégorie',
  INCONNU: "Non renseigné (FINESS inconnu de l'annuaire, ou annuaire indisponible)",
});

export const PROJECT_TYPE_LABELS: Readonly<Record<string, string>> = Object.freeze({
  ACQUISITION: 'Acquisition (pas de DUI ou changement de DUI)',
  UPGRADE: 'Mise à niveau (mise en conformité Ségur)',
  MIXED: 'Mixte (acquisitions et mises à niveau)',
  EMPTY: 'Grappe vide',
});

/** Files whose pivot region is unknown are grouped under this code. */
export const NO_REGION = 'NA';

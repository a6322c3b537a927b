/**
 * FINESS establishment categories that are ESSMS (établissements et services sociaux et
 * médico-sociaux, art. L312-1 CASF), i.e. eligible to the ESMS numérique programme (rule E01).
 *
 * Codes and labels: ANS nomenclature TRE_R66 « Catégorie d'établissements » (NOS, OID
 * 1.2.250.1.213.1.6.1.8, https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/), labels as
 * in its version 20260505 (e.g. 209 and 460 renamed SAAS / SAA by the 2023 « services autonomie »
 * reform, decree 2023-608). The L312-1 attachment (`casf`) is ours, for the categories we are
 * confident of; health establishments (loi hospitalière: 101, 106, 355, 365 clinics…), health centres,
 * laboratories, pharmacies, schools, MDPH, CPTS, DAC, residences sociales and entreprises adaptées
 * are deliberately NOT in the list. A category missing here is skipped by the FINESS import with its
 * reason, so an omission is visible and can be added after checking.
 */

/** Field used by the programme rules (E08: a project made only of AHI and/or PJM ESSMS needs no referenced DUI). */
export type EssmsField =
  | 'PA' // personnes âgées
  | 'PH_ENFANTS' // enfance handicapée
  | 'PH_ADULTES' // adultes handicapés
  | 'DOMICILE' // services à domicile (aide, soins)
  | 'PROTECTION_ENFANCE'
  | 'AHI' // accueil, hébergement, insertion
  | 'DIFFICULTES_SPECIFIQUES' // addictologie, soins aux personnes précaires (L312-1 I 9°)
  | 'PJM' // protection juridique des majeurs, prestations familiales
  | 'RESSOURCES' // centres de ressources, information, coordination
  | 'EXPERIMENTAL';

export interface EssmsCategory {
  /** FINESS category code (TRE_R66). */
  readonly code: string;
  /** TRE_R66 label. */
  readonly label: string;
  readonly field: EssmsField;
  /** Paragraph of art. L312-1 CASF. */
  readonly casf: string;
}

const c = (code: string, label: string, field: EssmsField, casf: string): EssmsCategory => ({ code, label, field, casf });

export const ESSMS_CATEGORIES: readonly EssmsCategory[] = [
  // Protection de l'enfance (I 1°, 4°)
  c('166', 'Centre Parents-Enfants de moins de 3 ans', 'PROTECTION_ENFANCE', 'I 1°'),
  c('172', 'Pouponnière à caractère social', 'PROTECTION_ENFANCE', 'I 1°'),
  c('175', "Foyer de l'enfance", 'PROTECTION_ENFANCE', 'I 1°'),
  c('176', "Village d'enfants", 'PROTECTION_ENFANCE', 'I 1°'),
  c('177', "Maison d'enfants à caractère social", 'PROTECTION_ENFANCE', 'I 1°'),
  c('236', 'Service de placement familial (SPF)', 'PROTECTION_ENFANCE', 'I 1°'),
  c('286', 'Service de prévention spécialisée', 'PROTECTION_ENFANCE', 'I 1°'),
  c('295', 'Service AEMO et AED', 'PROTECTION_ENFANCE', 'I 1° et 4°'),
  c('241', 'Établissement de Placement', 'PROTECTION_ENFANCE', 'I 4°'),
  c('440', "Service d'Investigation Educative", 'PROTECTION_ENFANCE', 'I 4°'),
  c('441', "Service d'Intervention Educative en Milieu Ouvert", 'PROTECTION_ENFANCE', 'I 4°'),
  // Enfance handicapée (I 2°, 3°)
  c('182', "Service d'éducation spéciale et de soins à domicile (SESSAD)", 'PH_ENFANTS', 'I 2°'),
  c('183', 'Institut médico-éducatif (IME)', 'PH_ENFANTS', 'I 2°'),
  c('186', 'Institut thérapeutique éducatif et pédagogique (ITEP)', 'PH_ENFANTS', 'I 2°'),
  c('188', 'Etablissement pour enfants ou adolescents polyhandicapés', 'PH_ENFANTS', 'I 2°'),
  c('189', 'Centre médico-psycho-pédagogique (CMPP)', 'PH_ENFANTS', 'I 2°'),
  c('190', 'Centre action médico-sociale précoce (CAMSP)', 'PH_ENFANTS', 'I 3°'),
  c('192', "Institut d'éducation motrice", 'PH_ENFANTS', 'I 2°'),
  c('194', 'Institut pour déficients visuels', 'PH_ENFANTS', 'I 2°'),
  c('195', 'Institut pour déficients auditifs', 'PH_ENFANTS', 'I 2°'),
  c('196', "Institut d'éducation sensorielle sourd-aveugle", 'PH_ENFANTS', 'I 2°'),
  c('238', "Centre d'accueil familial spécialisé", 'PH_ENFANTS', 'I 2°'),
  c('390', "Etablissement d'accueil temporaire d'enfants handicapés", 'PH_ENFANTS', 'I 2°'),
  c('396', "Foyer d'hébergement pour enfants et adolescents handicapés", 'PH_ENFANTS', 'I 2°'),
  c('402', "Jardin d'enfants spécialisé", 'PH_ENFANTS', 'I 2°'),
  // Adultes handicapés (I 5°, 7°)
  c('198', 'Établissement et Service de Préorientation', 'PH_ADULTES', 'I 5°'),
  c('246', "Etablissement et service d'aide par le travail (ESAT)", 'PH_ADULTES', 'I 5°'),
  c('249', 'Établissement et Service de Réadaptation Professionnelle', 'PH_ADULTES', 'I 5°'),
  c('464', "Unité d'évaluation, de réentraînement et d'orientation sociale et-ou professionnelle", 'PH_ADULTES', 'I 5°'),
  c('252', "Foyer d'hébergement d'adultes handicapés", 'PH_ADULTES', 'I 7°'),
  c('253', "Foyer d'accueil polyvalent pour adultes handicapés", 'PH_ADULTES', 'I 7°'),
  c('255', "Maison d'accueil spécialisée (MAS)", 'PH_ADULTES', 'I 7°'),
  c('382', 'Foyer de vie pour adultes handicapés', 'PH_ADULTES', 'I 7°'),
  c('395', "Etablissement d'accueil temporaire pour adultes handicapés", 'PH_ADULTES', 'I 7°'),
  c('437', "Foyer d'accueil médicalisé pour adultes handicapés (FAM)", 'PH_ADULTES', 'I 7°'),
  c('445', "Service d'accompagnement médico-social pour adultes handicapés", 'PH_ADULTES', 'I 7°'),
  c('446', "Service d'accompagnement à la vie sociale (SAVS)", 'PH_ADULTES', 'I 7°'),
  c('448', "Etablissement d'Accueil Médicalisé en tout ou partie personnes handicapées", 'PH_ADULTES', 'I 7°'),
  c('449', "Etablissement d'Accueil Non Médicalisé pour personnes handicapées", 'PH_ADULTES', 'I 7°'),
  // Personnes âgées (I 6°)
  c('500', "Etablissement d'hébergement pour personnes âgées dépendantes", 'PA', 'I 6°'),
  c('501', "EHPA percevant des crédits d'assurance maladie", 'PA', 'I 6°'),
  c('502', "EHPA ne percevant pas des crédits d'assurance maladie", 'PA', 'I 6°'),
  c('202', 'Résidences autonomie', 'PA', 'I 6°'),
  c('207', 'Centre de jour pour personnes âgées', 'PA', 'I 6°'),
  // Services à domicile (I 6°, 7°, 16°)
  c('354', 'Service de soins infirmiers à domicile (SSIAD)', 'DOMICILE', 'I 6° et 7°'),
  c('209', 'Service autonomie aide et soins (SAAS)', 'DOMICILE', 'I 6° et 7°'),
  c('460', 'Service autonomie aide (SAA)', 'DOMICILE', 'I 6° et 7°'),
  c('640', "Service d'aide et d'accompagnement à domicile aux familles (SAADF)", 'DOMICILE', 'I 16°'),
  // Accueil, hébergement, insertion (I 8°, 10°, 13°)
  c('214', "Centre d'hébergement et de réinsertion sociale (CHRS)", 'AHI', 'I 8°'),
  c('219', "Autre centre d'accueil", 'AHI', 'I 8°'),
  c('257', 'Foyers de jeunes travailleurs', 'AHI', 'I 10°'),
  c('442', "Centre provisoire d'hébergement", 'AHI', 'I 13°'),
  c('443', "Centre d'accueil de demandeurs d'asile (CADA)", 'AHI', 'I 13°'),
  // Difficultés spécifiques (I 9°)
  c('165', 'Appartement de coordination thérapeutique (ACT)', 'DIFFICULTES_SPECIFIQUES', 'I 9°'),
  c('178', "Centre d'accueil et d'accompagnement à la réduction des risques pour usagers de drogues (CAARUD)", 'DIFFICULTES_SPECIFIQUES', 'I 9°'),
  c('180', 'Lits halte soins santé (LHSS)', 'DIFFICULTES_SPECIFIQUES', 'I 9°'),
  c('197', "Centre de soins d'accompagnement et de prévention en addictologie (CSAPA)", 'DIFFICULTES_SPECIFIQUES', 'I 9°'),
  c('213', "Lits d'accueil médicalisés (L.A.M.)", 'DIFFICULTES_SPECIFIQUES', 'I 9°'),
  // Protection juridique des majeurs, prestations familiales (I 14°, 15°)
  c('340', 'Service mandataire judiciaire à la protection des majeurs', 'PJM', 'I 14°'),
  c('344', 'Service délégué aux prestations familiales', 'PJM', 'I 15°'),
  // Ressources (I 11°), lieux de vie (III)
  c('461', 'Centres de ressources SAI (sans aucune indication)', 'RESSOURCES', 'I 11°'),
  c('463', "Centre local d'information et de coordination de personnes âgées", 'RESSOURCES', 'I 11°'),
  c('462', "Lieux de Vie et d'Accueil", 'AHI', 'III'),
  // Expérimental (I 12°)
  c('370', 'Etablissement Expérimental pour personnes handicapées', 'EXPERIMENTAL', 'I 12°'),
  c('377', 'Etablissement expérimental pour enfance handicapée', 'EXPERIMENTAL', 'I 12°'),
  c('378', 'Etablissement expérimental enfance protégée', 'EXPERIMENTAL', 'I 12°'),
  c('379', 'Etablissement expérimental pour adultes handicapés', 'EXPERIMENTAL', 'I 12°'),
  c('380', 'Etablissement expérimental autres adultes', 'EXPERIMENTAL', 'I 12°'),
  c('381', 'Etablissement expérimental pour personnes âgées', 'EXPERIMENTAL', 'I 12°'),
];

const byCode = new Map(ESSMS_CATEGORIES.map((cat) => [cat.code, cat]));

export const ESSMS_CATEGORY_CODES: ReadonlySet<string> = new Set(byCode.keys());

export function isEssmsCategory(code: string | null | undefined): boolean {
  return !!code && byCode.has(code.trim());
}

export function getEssmsCategory(code: string): EssmsCategory | undefined {
  return byCode.get(code.trim());
}

/**
 * The porteur's step-by-step guide, seed 000 ("Comment s'y prendre ?", §9): items as data, ticks stored per
 * candidature. Codes are stable (the ticks reference them).
 */
export interface ChecklistItemDef {
  code: string;
  section: string;
  label: string;
  documents: string | null;
}

const S1 = '1. Faire son propre diagnostic (diagnostic interne)';
const S2 = "2. Collecter de l'information (diagnostic externe)";
const S3 = "3. S'organiser dans le travail de pilotage";
const S4 = "4. Mobiliser les professionnels de l'organisation";

export const PORTEUR_CHECKLIST: readonly ChecklistItemDef[] = Object.freeze([
  { code: '1.1', section: S1, label: "Réunir les professionnels pour recueillir les besoins : préparer en amont un questionnaire basé sur la liste des fonctions d'un DUI élaborée par l'ANAP", documents: "Liste des fonctions d'un DUI élaborée par l'ANAP" },
  { code: '1.2', section: S1, label: "Évaluer le niveau de maturité numérique d'un établissement ou service", documents: "Outil ANAP d'autodiagnostic de maturité numérique pour le directeur" },
  { code: '1.3', section: S1, label: "Identifier les personnes ressources en interne tenant compte de la disponibilité de ces personnes et de l'appétence pour le numérique", documents: null },
  { code: '2.1', section: S2, label: 'Lire les documents concernant les appels à projets', documents: "Instruction CNSA (mise à jour chaque année), appel à projets de l'ARS, présentation des situations de financement" },
  { code: '2.2', section: S2, label: 'Suivre les travaux du collectif MS & Numérique, s’inscrire dans les groupes thématiques de travail ou le club des DSI/RSI suivant intérêt', documents: 'Site du GRADeS (dates et propositions)' },
  { code: '2.3', section: S2, label: 'Éventuellement identifier des prestataires (DPO, AMOA/AMO)', documents: 'Constituer un annuaire' },
  { code: '3.1', section: S3, label: 'Définir les personnes ressources et les décisionnaires : référents métier, décisionnaires, chef de projet (copil, contrat)', documents: 'Organiser une gouvernance opérationnelle et stratégique' },
  { code: '3.2', section: S3, label: 'Définir les étapes et les phases incontournables (ex. : constitution de la grappe)', documents: 'Formaliser dans un planning la cadence et la disponibilité nécessaires' },
  { code: '3.3', section: S3, label: 'Cadrer le projet', documents: 'Un modèle de note de cadrage' },
  { code: '3.4', section: S3, label: 'Matrice RACI', documents: "Exemple d'une matrice de partage des rôles et responsabilités" },
  { code: '3.5', section: S3, label: "Initier une liste d'indicateurs", documents: null },
  { code: '4.1', section: S4, label: "Identifier les référents métier de l'organisation (en rapport avec la cartographie ANAP et leur disponibilité)", documents: "Liste des fonctions d'un DUI élaborée par l'ANAP" },
  { code: '4.2', section: S4, label: 'Présenter le programme et ses attendus', documents: 'Une présentation clés en main' },
]);

/**
 * The grids shipped with the platform (reference data, synced at every start, idempotent).
 * Grids are data per ARS and per campaign, versioned (domain-rules §7). Campaign ids are those of
 * `SHIPPED_CALENDARS` in @esms/domain (`normandie-2024`, `paca-2023`).
 *
 * Sources:
 * - ARS Normandie 2024 — seed 003 §6 "Priorisation régionale des projets" (lines 658–688): the ARS uses
 *   the grille d'aide à l'instruction of annex 2 of instruction DNS/CNSA/DGCS/2022/34; "projets dits
 *   matures (note >= 11)" (line 671); priorities 2, 4–9 (lines 673–688; the seed has no item 3).
 *   The seed does NOT reproduce the national grid's criteria. Platform decision (à confirmer par l'ARS):
 *   one criterion per block of the file the grid assesses — the pieces of 003 annex 2 (lines 742–765) —
 *   scored out of 20 in total so that the threshold 11 keeps its meaning.
 * - ARS PACA 2023 — seed 001 lines 41–49: grid of annex 3 of instruction DGCS/DNS/CNSA/2023/13, plus
 *   five priority elements (quality of the answers, governance, understanding of the Ségur stakes,
 *   commitment of the structures, financing plan). Platform decision: these five elements are the
 *   scored criteria (4 points each, 20 in total); the seed sets no maturity threshold, so the grid has
 *   none (an instructeur can set one in a new version).
 */
import { NORMANDIE_2024, PACA_2023 } from '@esms/domain';

export interface ShippedCriterion {
  code: string;
  label: string;
  guidance: string;
  maxPoints: number;
}

export interface ShippedPriorityRule {
  code: string;
  label: string;
  description: string;
}

export interface ShippedGrid {
  /** Fixed id: the sync recognises the grid across restarts and databases. */
  id: string;
  regionCode: string;
  campaignId: string;
  version: number;
  label: string;
  source: string;
  maturityThreshold: number | null;
  criteria: ShippedCriterion[];
  priorityRules: ShippedPriorityRule[];
}

const TO_CONFIRM = "Barème proposé par la plateforme, à confirmer par l'ARS.";

export const NORMANDIE_2024_GRID: ShippedGrid = {
  id: '5b1d6a2e-0c51-4f6e-9a28-000000002024',
  regionCode: NORMANDIE_2024.regionCode,
  campaignId: NORMANDIE_2024.id,
  version: 1,
  label: "ARS Normandie 2024 — grille d'aide à l'instruction",
  source: '003 §6 (grille : annexe 2 de l’instruction DNS/CNSA/DGCS/2022/34 ; pièces : annexe 2 de l’AAP)',
  maturityThreshold: 11,
  criteria: [
    {
      code: 'PRESENTATION',
      label: 'Présentation générale et maturité du projet',
      guidance: `Note de présentation générale (P01) : périmètre de la grappe, besoins, solution DUI choisie, état d'avancement. ${TO_CONFIRM}`,
      maxPoints: 3,
    },
    {
      code: 'GOUVERNANCE',
      label: 'Gouvernance du projet',
      guidance: `Gouvernance (P02) : instances, pilotage, rôles des organismes gestionnaires et référents. ${TO_CONFIRM}`,
      maxPoints: 3,
    },
    {
      code: 'MUTUALISATION',
      label: 'Réalité de la mutualisation et engagement des structures',
      guidance: `Attestation de la réalité de la mutualisation (P03) et lettres d'engagement (P10). ${TO_CONFIRM}`,
      maxPoints: 3,
    },
    {
      code: 'DEPLOIEMENT',
      label: 'Stratégie et planning de déploiement',
      guidance: `Stratégie de déploiement (P04), planning projet (P06) et planning du déploiement du DUI (P07) : réalisme et cohérence avec la fenêtre. ${TO_CONFIRM}`,
      maxPoints: 3,
    },
    {
      code: 'CONDUITE_CHANGEMENT',
      label: 'Conduite du changement et atteinte des cibles d’usage',
      guidance: `Stratégie (P05) et planning (P08) de conduite du changement ; moyens prévus pour atteindre les cibles d'usage (MSSanté, DMP, dossiers actifs). ${TO_CONFIRM}`,
      maxPoints: 3,
    },
    {
      code: 'FINANCEMENT',
      label: 'Plan de financement',
      guidance: `Plan de financement (P09) : coûts projet et RH, cohérence avec les forfaits du programme. ${TO_CONFIRM}`,
      maxPoints: 3,
    },
    {
      code: 'SECURITE_SI',
      label: 'Maturité et sécurité du système d’information',
      guidance: `Autodiagnostics ANAP (maturité et sécurité SI, niveau de gestion SI) et positionnement sur les 13 mesures de cybersécurité (P12, recommandés). ${TO_CONFIRM}`,
      maxPoints: 2,
    },
  ],
  priorityRules: [
    { code: 'P1_MATURES', label: 'Projets dits « matures »', description: 'Prioriser les projets dont la note est supérieure ou égale à 11 (003 §6, point 1).' },
    { code: 'P2_ACQUISITION_GRAPPES', label: 'Acquisition PA/PH en grappe', description: "Prioriser les projets d'acquisition PA/PH portés par des grappes (003 §6, point 2)." },
    {
      code: 'P4_PDS_PDE',
      label: 'Au moins un projet PDS / PDE',
      description: "Au moins un projet Personnes en difficultés spécifiques / Protection de l'enfance, sous réserve de la bonne avancée des DSR (003 §6, point 4).",
    },
    { code: 'P5_SAAD', label: 'Au moins un projet SAAD', description: 'Au moins un projet de type SAAD, avec une forte implication des conseils départementaux (003 §6, point 5).' },
    { code: 'P6_100_NORMANDS_W1', label: '« 100 % normands » en fenêtre 1', description: 'Les projets dont toutes les structures sont normandes, dans la fenêtre 1 (003 §6, point 6).' },
    {
      code: 'P7_OG_PUBLICS',
      label: 'OG publics sous-représentés',
      description: 'Les projets d’organismes gestionnaires publics, sous-représentés dans les appels à projets précédents (003 §6, point 7).',
    },
    {
      code: 'P8_MISE_EN_CONFORMITE_SONS',
      label: 'Mise en conformité via SONS des moyens et gros OG',
      description: 'Les moyens et gros organismes gestionnaires ayant un projet de mise en conformité PA/PH financé via SONS (003 §6, point 8).',
    },
    {
      code: 'P9_AHI_PJM',
      label: 'ESMS AHI / PJM',
      description: 'Le financement des ESMS Accueil, hébergement et insertion / Protection juridique des majeurs, sous réserve de la bonne avancée des DSR (003 §6, point 9).',
    },
  ],
};

const PACA_ELEMENT = 'Élément de priorisation de l’ARS PACA (001), noté sur 4.';

export const PACA_2023_GRID: ShippedGrid = {
  id: '5b1d6a2e-0c51-4f6e-9a93-000000002023',
  regionCode: PACA_2023.regionCode,
  campaignId: PACA_2023.id,
  version: 1,
  label: "ARS PACA 2023 — grille d'aide à l'instruction",
  source: '001 (grille : annexe 3 de l’instruction DGCS/DNS/CNSA/2023/13 ; éléments de priorisation de l’ARS PACA)',
  maturityThreshold: null,
  criteria: [
    { code: 'QUALITE_REPONSES', label: 'Qualité des éléments de réponse du porteur', guidance: `${PACA_ELEMENT} ${TO_CONFIRM}`, maxPoints: 4 },
    { code: 'GOUVERNANCE', label: 'Modalités de gestion et de gouvernance du projet', guidance: `${PACA_ELEMENT} ${TO_CONFIRM}`, maxPoints: 4 },
    { code: 'ENJEUX_SEGUR', label: 'Compréhension des enjeux du Ségur numérique', guidance: `${PACA_ELEMENT} ${TO_CONFIRM}`, maxPoints: 4 },
    { code: 'ENGAGEMENT_STRUCTURES', label: 'Niveau d’engagement des structures', guidance: `${PACA_ELEMENT} ${TO_CONFIRM}`, maxPoints: 4 },
    { code: 'PLAN_FINANCEMENT', label: 'Plan de financement', guidance: `${PACA_ELEMENT} ${TO_CONFIRM}`, maxPoints: 4 },
  ],
  priorityRules: [],
};

export const SHIPPED_GRIDS: readonly ShippedGrid[] = [NORMANDIE_2024_GRID, PACA_2023_GRID];

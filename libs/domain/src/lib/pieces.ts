/** Pieces to upload with the candidature (003 annex 2; domain-rules §6). */

export type PieceCode =
  | 'P01' | 'P02' | 'P03' | 'P04' | 'P05' | 'P06' | 'P07' | 'P08'
  | 'P09' | 'P10' | 'P11' | 'P12' | 'P13' | 'P14' | 'P15' | 'P16';

export interface Piece {
  code: PieceCode;
  label: string;
}

/** 003 annex 2, in the order of the text (P12 self-diagnostics from 003 §4.2 E). */
export const PIECES: readonly Piece[] = Object.freeze([
  { code: 'P01', label: 'Note de présentation générale du projet' },
  { code: 'P02', label: 'Gouvernance du projet' },
  { code: 'P03', label: 'Attestation de la réalité de la mutualisation' },
  { code: 'P04', label: 'Stratégie de déploiement' },
  { code: 'P05', label: 'Stratégie de conduite du changement' },
  { code: 'P06', label: 'Planning projet' },
  { code: 'P07', label: 'Planning du déploiement du DUI' },
  { code: 'P08', label: 'Planning de la conduite du changement' },
  { code: 'P09', label: 'Plan de financement : coûts projet et RH' },
  { code: 'P10', label: "Lettre d'engagement" },
  { code: 'P11', label: "Déclaration des heures dédiées à l'activité médico-sociale (SAAD)" },
  { code: 'P12', label: 'Résultats des autodiagnostics (maturité et sécurité SI, niveau de gestion SI, 13 mesures de cybersécurité)' },
  { code: 'P13', label: "Autorisation de l'entité nationale" },
  { code: 'P14', label: "Étude de couverture des besoins du DUI par un DPI" },
  { code: 'P15', label: "Plan d'implantation du matériel" },
  { code: 'P16', label: "Autres pièces à la discrétion de l'ARS" },
] as Piece[]);

export type PieceRequirement = 'REQUIRED' | 'RECOMMENDED' | 'OPTIONAL';

export interface PieceNeed extends Piece {
  requirement: PieceRequirement;
  /** French: why this requirement. */
  reason: string;
}

export interface PiecesProject {
  /** A SAAD (with "confort" activity) is in the grappe. */
  hasSaad: boolean;
  /** The porteur or an ESSMS is attached to a national entity (003 §4.2 B). */
  attachedToNationalEntity: boolean;
  /** A GHT chooses its DPI as solution (003 §4.2 C). */
  ghtDpiChosen?: boolean;
  /** An OG's DUI is reused for PDE/PDS structures (003 annex 2). */
  ogDuiReusedForPdePds?: boolean;
  /** Hardware funding asked (small organismes). */
  hardwareRequested: boolean;
  /** P16: pieces the ARS asked for (e.g. the self-diagnostics). */
  arsRequestedOtherPieces?: boolean;
}

const BASE_REASON = "Pièce demandée pour toute candidature (003 annexe 2).";

/** For each piece of the catalogue, whether this project must, should or may provide it, and why. */
export function requiredPieces(project: PiecesProject): PieceNeed[] {
  return PIECES.map((piece): PieceNeed => {
    switch (piece.code) {
      case 'P11':
        return project.hasSaad
          ? { ...piece, requirement: 'REQUIRED', reason: 'La grappe comprend un SAAD : déclarez ses heures médico-sociales et totales de l\'année N-1 (003 annexe 1).' }
          : { ...piece, requirement: 'OPTIONAL', reason: 'Aucun SAAD dans la grappe.' };
      case 'P12':
        return { ...piece, requirement: 'RECOMMENDED', reason: 'Autodiagnostics fortement recommandés, jamais bloquants (003 §4.2 E).' };
      case 'P13':
        return project.attachedToNationalEntity
          ? { ...piece, requirement: 'REQUIRED', reason: "Un ESSMS ou le porteur est rattaché à une entité nationale : son accord écrit est nécessaire (003 §4.2 B)." }
          : { ...piece, requirement: 'OPTIONAL', reason: 'Aucun rattachement à une entité nationale.' };
      case 'P14':
        return project.ghtDpiChosen || project.ogDuiReusedForPdePds
          ? {
              ...piece,
              requirement: 'REQUIRED',
              reason: project.ghtDpiChosen
                ? 'Le DPI du GHT est choisi : décrivez sa couverture fonctionnelle au regard du cahier des charges national du DUI (003 §4.2 C).'
                : "Le DUI de l'organisme gestionnaire est réutilisé pour des structures PDE/PDS (003 annexe 2).",
            }
          : { ...piece, requirement: 'OPTIONAL', reason: 'Ni DPI de GHT ni DUI réutilisé pour des structures PDE/PDS.' };
      case 'P15':
        return project.hardwareRequested
          ? { ...piece, requirement: 'REQUIRED', reason: 'Un financement du matériel est demandé : le plan d\'implantation est obligatoire (003 annexe 2).' }
          : { ...piece, requirement: 'OPTIONAL', reason: 'Aucun financement du matériel demandé.' };
      case 'P16':
        return project.arsRequestedOtherPieces
          ? { ...piece, requirement: 'REQUIRED', reason: "L'ARS a demandé des pièces complémentaires." }
          : { ...piece, requirement: 'OPTIONAL', reason: "À la discrétion de l'ARS (003 annexe 2)." };
      default:
        return { ...piece, requirement: 'REQUIRED', reason: BASE_REASON };
    }
  });
}

/** Required pieces not in `present`. */
export function missingPieces(project: PiecesProject, present: readonly string[]): PieceNeed[] {
  return requiredPieces(project).filter((p) => p.requirement === 'REQUIRED' && !present.includes(p.code));
}

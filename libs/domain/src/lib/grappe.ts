/** Grappe size (003 §4.2 D; domain-rules §3 E09). */
import { isOverseasOrCorse } from './finess';

/** Parameters that may change by campaign (003 §4.2 D, §4.4.2 3). */
export const GRAPPE_RULES = {
  minimumSize: 15,
  minimumSizeOverseasOrCorse: 8,
} as const;

/** 003 §4.2 D: ideally 15 ESSMS, 8 in overseas territories and Corse. Accepts a region code or the overseas/Corse flag. */
export function minimumGrappeSize(regionCodeOrOverseasOrCorse: string | boolean): number {
  const flag = typeof regionCodeOrOverseasOrCorse === 'boolean' ? regionCodeOrOverseasOrCorse : isOverseasOrCorse(regionCodeOrOverseasOrCorse);
  return flag ? GRAPPE_RULES.minimumSizeOverseasOrCorse : GRAPPE_RULES.minimumSize;
}

export type GrappeSizeStatus = 'OK' | 'RECEIVABLE_JOINING_FUNDED' | 'ARS_JUDGEMENT';

export interface GrappeSizeCheck {
  count: number;
  minimum: number;
  status: GrappeSizeStatus;
  /** French, for the porteur. */
  message: string;
}

/**
 * 003 §4.2 D: below the minimum, a project is receivable when it joins a regroupement already funded
 * (timing coherent with its contract, no excessive risk to it); otherwise ARS judgement.
 */
export function grappeSizeCheck(count: number, options: { overseasOrCorse: boolean; joinsFundedRegroupement?: boolean }): GrappeSizeCheck {
  const minimum = minimumGrappeSize(options.overseasOrCorse);
  if (count >= minimum) {
    return { count, minimum, status: 'OK', message: `La grappe compte ${count} ESSMS, au moins ${minimum} comme attendu.` };
  }
  if (options.joinsFundedRegroupement) {
    return {
      count,
      minimum,
      status: 'RECEIVABLE_JOINING_FUNDED',
      message: `La grappe compte ${count} ESSMS (moins de ${minimum}) mais rejoint un regroupement déjà financé : décrivez dans la note de présentation en quoi le calendrier est cohérent avec le contrat du regroupement initial et sans risque excessif pour lui.`,
    };
  }
  return {
    count,
    minimum,
    status: 'ARS_JUDGEMENT',
    message: `La grappe compte ${count} ESSMS, moins que les ${minimum} attendus : l'ARS appréciera ce minimum selon votre contexte ; envisagez de rejoindre ou de constituer un regroupement.`,
  };
}

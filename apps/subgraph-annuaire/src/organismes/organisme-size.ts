import { checkFiness, FUNDING_RULES_2024, isOverseasOrCorse } from '@esms/domain';

/**
 * Small organisme gestionnaire (003 §4.4.2 3): fewer ESSMS than the campaign threshold, lower in
 * overseas territories and Corse. Threshold and region test come from @esms/domain (the same ones
 * `computeFunding` uses: region from the FINESS EJ, falling back on the organisme's address region).
 */
export function isSmallOrganisme(finessEj: string, essmsCount: number, regionCode: string | null, rules = FUNDING_RULES_2024): boolean {
  const ej = checkFiness(finessEj);
  const region = ej.ok && ej.regionCode ? ej.regionCode : regionCode;
  const threshold = isOverseasOrCorse(region) ? rules.smallOrganismeBelowOverseasOrCorse : rules.smallOrganismeBelow;
  return essmsCount < threshold;
}

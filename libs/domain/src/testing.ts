/**
 * Fixture builders for tests and demo data (`@esms/domain/testing`). Every FINESS built here has a valid key.
 */
import { generateFinessKey, regionOfDepartement } from './lib/finess';
import type { FundingEssmsInput, FundingSituation } from './lib/funding';
import type { EligibilityEssms, SoftwareSolution } from './lib/eligibility';

/** FINESS prefixes (what precedes the serial) for a département: '14' → '14', '974' → '9704', '976' → '9805'. */
export function finessPrefixOf(departement: string): string {
  const d = departement.toUpperCase();
  if (/^97[1-4]$/.test(d)) return `970${d[2]}`;
  if (d === '976') return '9805';
  if (d === '986') return '9806';
  return d;
}

/** A valid FINESS for a département and a serial number, e.g. buildFiness('14', 1) → '14000001?' with its key. */
export function buildFiness(departement: string, serial: number): string {
  const prefix = finessPrefixOf(departement);
  const body = prefix + String(serial).padStart(8 - prefix.length, '0');
  if (body.length !== 8) throw new Error(`serial ${serial} too large for département ${departement}`);
  return body + generateFinessKey(body);
}

export interface BuildGrappeOptions {
  /** Département of the ESSMS (default '14', Calvados, Normandie). */
  departement?: string;
  situation?: FundingSituation;
  /** Number of organismes gestionnaires sharing the ESSMS round-robin (default 1). */
  organismes?: number;
  /** First serial (default 1): use distinct ranges to build disjoint grappes. */
  firstSerial?: number;
  hardwareQuote?: number;
}

/** n ESSMS for computeFunding, with valid FINESS ET (serials 1000+) and FINESS EJ (serials 1..organismes). */
export function buildGrappe(n: number, options: BuildGrappeOptions = {}): FundingEssmsInput[] {
  const departement = options.departement ?? '14';
  const regionCode = regionOfDepartement(departement) ?? undefined;
  const organismes = Math.max(1, options.organismes ?? 1);
  const first = options.firstSerial ?? 1;
  return Array.from({ length: n }, (_, i) => ({
    finess: buildFiness(departement, 1000 + first + i),
    regionCode,
    situation: options.situation ?? 'ACQUISITION',
    organismeFinessEj: buildFiness(departement, 1 + (i % organismes)),
    ...(options.hardwareQuote !== undefined ? { hardwareQuote: options.hardwareQuote } : {}),
  }));
}

/** A Ségur-referenced medico-social solution (fictional name). */
export const REFERENCED_SOLUTION: SoftwareSolution = Object.freeze({
  name: 'DUI Exemple',
  editor: 'Éditeur Exemple',
  referencing: 'REFERENCED',
  couloir: 'MEDICO_SOCIAL',
  vague: 1,
}) as SoftwareSolution;

/** Eligibility ESSMS matching a funding grappe. */
export function buildEligibilityEssms(grappe: FundingEssmsInput[], solution: SoftwareSolution = REFERENCED_SOLUTION): EligibilityEssms[] {
  return grappe.map((e) => ({ finess: e.finess, situation: e.situation, currentDui: null, solution, category: '500', regionCode: e.regionCode }));
}

/** All pieces P01–P16 present. */
export const ALL_PIECES: readonly string[] = Object.freeze(Array.from({ length: 16 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`));

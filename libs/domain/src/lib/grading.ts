/**
 * Scoring with a grille d'aide à l'instruction (domain-rules §7; 003 §6, 001). Pure functions, no I/O.
 *
 * Platform decisions (documented in the README, "à confirmer par l'ARS"):
 * - points are whole numbers, 0 ≤ points ≤ the criterion's maximum;
 * - the total of an evaluation is the sum of its points (criteria not yet scored count 0 and keep the
 *   evaluation from being signed);
 * - mature = total ≥ the grid's maturity threshold (003 §6: "projets dits matures (note >= 11)");
 * - consensus of a file = the MEDIAN of the totals of its SIGNED evaluations (drafts do not count):
 *   with two graders it equals their mean; with three or more, one outlying grade cannot move it.
 */

export interface CriterionLimit {
  code: string;
  maxPoints: number;
}

export interface ScoreEntry {
  criterionCode: string;
  points: number;
}

export type ScoreMap = Record<string, number>;

export type ScoreProblem =
  | { kind: 'UNKNOWN_CRITERION'; criterionCode: string }
  | { kind: 'OUT_OF_RANGE'; criterionCode: string; points: number; maxPoints: number }
  | { kind: 'DUPLICATE'; criterionCode: string };

/** Checks scores against the grid's criteria; returns every problem found (empty = valid). */
export function scoreProblems(criteria: readonly CriterionLimit[], scores: readonly ScoreEntry[]): ScoreProblem[] {
  const limits = new Map(criteria.map((c) => [c.code, c.maxPoints]));
  const seen = new Set<string>();
  const problems: ScoreProblem[] = [];
  for (const { criterionCode, points } of scores) {
    if (seen.has(criterionCode)) problems.push({ kind: 'DUPLICATE', criterionCode });
    seen.add(criterionCode);
    const max = limits.get(criterionCode);
    if (max === undefined) problems.push({ kind: 'UNKNOWN_CRITERION', criterionCode });
    else if (!Number.isInteger(points) || points < 0 || points > max) problems.push({ kind: 'OUT_OF_RANGE', criterionCode, points, maxPoints: max });
  }
  return problems;
}

/** A French sentence per problem, for the BAD_USER_INPUT message. */
export function describeScoreProblem(problem: ScoreProblem): string {
  switch (problem.kind) {
    case 'UNKNOWN_CRITERION':
      return `Le critère « ${problem.criterionCode} » n'existe pas dans cette grille : utilisez les codes des critères de la grille.`;
    case 'DUPLICATE':
      return `Le critère « ${problem.criterionCode} » est noté plusieurs fois : donnez une seule note par critère.`;
    case 'OUT_OF_RANGE':
      return `La note du critère « ${problem.criterionCode} » (${problem.points}) doit être un nombre entier entre 0 et ${problem.maxPoints}.`;
  }
}

/** Sum of the points. */
export function totalOf(scores: ScoreMap): number {
  return Object.values(scores).reduce((sum, points) => sum + points, 0);
}

/** The highest total the grid allows. */
export function maxTotalOf(criteria: readonly CriterionLimit[]): number {
  return criteria.reduce((sum, c) => sum + c.maxPoints, 0);
}

/** Criteria of the grid that have no score yet (an evaluation is signed only when this is empty). */
export function missingCriteria(criteria: readonly CriterionLimit[], scores: ScoreMap): string[] {
  return criteria.filter((c) => scores[c.code] === undefined).map((c) => c.code);
}

/** 003 §6: "projets dits matures (note >= 11)". Null when the grid has no threshold or there is no note. */
export function isMature(total: number | null, threshold: number | null): boolean | null {
  if (total === null || threshold === null) return null;
  return total >= threshold;
}

/** Median of the signed totals; null when none is signed. */
export function consensusOf(signedTotals: readonly number[]): number | null {
  if (signedTotals.length === 0) return null;
  const sorted = [...signedTotals].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface GradingSummaryInput {
  evaluations: readonly { total: number; signed: boolean; threshold: number | null }[];
}

export interface GradingSummaryValue {
  count: number;
  signedCount: number;
  consensus: number | null;
  mature: boolean | null;
  threshold: number | null;
}

/**
 * Summary of a file's evaluations. The threshold is the one of the signed evaluations' grid (the most
 * demanding one if graders used different grid versions with different thresholds).
 */
export function gradingSummary({ evaluations }: GradingSummaryInput): GradingSummaryValue {
  const signed = evaluations.filter((e) => e.signed);
  const consensus = consensusOf(signed.map((e) => e.total));
  const thresholds = (signed.length > 0 ? signed : evaluations).map((e) => e.threshold).filter((t): t is number => t !== null);
  const threshold = thresholds.length > 0 ? Math.max(...thresholds) : null;
  return { count: evaluations.length, signedCount: signed.length, consensus, mature: isMature(consensus, threshold), threshold };
}

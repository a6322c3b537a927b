/**
 * Regional priority rules evaluated against a file's facts (domain-rules §7). A rule carries a data-driven
 * `matcher` (JSON, stored on `priority_rule.matcher`); a rule without a matcher, or whose facts are unknown,
 * is "à apprécier par l'ARS" (TO_ASSESS) — never silently matched or refused. Pure functions.
 */

/** The facts of one file the matchers can read (absent / null = unknown). */
export interface FileFacts {
  essmsCount?: number | null;
  situations?: string[] | null;
  /** Fields of the ESSMS of the grappe: PA, PH, PDS, PDE, AHI, PJM, SAAD… */
  fields?: string[] | null;
  /** Regions (INSEE codes) of the ESSMS of the grappe. */
  regions?: string[] | null;
  windowCode?: string | null;
  hasSaad?: boolean | null;
  /** From the grading consensus (grid maturity threshold). */
  mature?: boolean | null;
  /** Every organisme gestionnaire of the file is public. */
  organismePublic?: boolean | null;
  /** SMALL (< 15 ESSMS), MEDIUM, LARGE. */
  organismeSize?: string | null;
}

export type Condition =
  | { fact: keyof FileFacts; equals: string | number | boolean }
  | { fact: keyof FileFacts; oneOf: (string | number)[] }
  | { fact: keyof FileFacts; includesAny: string[] }
  | { fact: keyof FileFacts; allIn: string[] }
  | { fact: keyof FileFacts; gte: number }
  | { all: Condition[] }
  | { any: Condition[] };

export type MatchStatus = 'MATCHED' | 'NOT_MATCHED' | 'TO_ASSESS';

export interface RuleToMatch {
  code: string;
  label: string;
  matcher: Condition | null;
}

export interface RuleMatch {
  code: string;
  label: string;
  status: MatchStatus;
  explanation: string;
}

const TO_ASSESS = "À apprécier par l'ARS";

/** true / false, or null when a fact the condition needs is unknown. Collects the unknown facts. */
export function evaluateCondition(condition: Condition, facts: FileFacts, unknown: Set<string> = new Set()): boolean | null {
  if ('all' in condition) {
    const results = condition.all.map((c) => evaluateCondition(c, facts, unknown));
    if (results.includes(false)) return false;
    return results.includes(null) ? null : true;
  }
  if ('any' in condition) {
    const results = condition.any.map((c) => evaluateCondition(c, facts, unknown));
    if (results.includes(true)) return true;
    return results.includes(null) ? null : false;
  }
  const value = facts[condition.fact];
  if (value === undefined || value === null) {
    unknown.add(condition.fact);
    return null;
  }
  if ('equals' in condition) return value === condition.equals;
  if ('oneOf' in condition) return condition.oneOf.includes(value as string | number);
  if ('gte' in condition) return typeof value === 'number' && value >= condition.gte;
  const list = Array.isArray(value) ? value.map(String) : [String(value)];
  if ('includesAny' in condition) return list.some((v) => condition.includesAny.includes(v));
  if ('allIn' in condition) return list.length > 0 && list.every((v) => condition.allIn.includes(v));
  return null;
}

const FACT_LABELS: Record<string, string> = {
  essmsCount: "nombre d'ESSMS",
  situations: 'acquisition ou mise à niveau',
  fields: 'champs des ESSMS (PA, PH…)',
  regions: 'régions des ESSMS',
  windowCode: 'fenêtre',
  hasSaad: 'présence d’un SAAD',
  mature: 'note consensuelle signée',
  organismePublic: 'statut public des organismes gestionnaires',
  organismeSize: 'taille des organismes gestionnaires',
};

export function matchRule(rule: RuleToMatch, facts: FileFacts): RuleMatch {
  if (!rule.matcher) {
    return { code: rule.code, label: rule.label, status: 'TO_ASSESS', explanation: `${TO_ASSESS} : ce critère ne se déduit pas des données du dossier.` };
  }
  const unknown = new Set<string>();
  const result = evaluateCondition(rule.matcher, facts, unknown);
  if (result === null) {
    const missing = [...unknown].map((f) => FACT_LABELS[f] ?? f).join(', ');
    return { code: rule.code, label: rule.label, status: 'TO_ASSESS', explanation: `${TO_ASSESS} : donnée inconnue (${missing}).` };
  }
  return result
    ? { code: rule.code, label: rule.label, status: 'MATCHED', explanation: 'Critère rempli d’après les données du dossier.' }
    : { code: rule.code, label: rule.label, status: 'NOT_MATCHED', explanation: 'Critère non rempli d’après les données du dossier.' };
}

export function matchRules(rules: readonly RuleToMatch[], facts: FileFacts): RuleMatch[] {
  return rules.map((r) => matchRule(r, facts));
}

export interface RankableFile {
  candidatureId: string;
  reference: string;
  mature: boolean | null;
  matchedPriorityCount: number;
  consensus: number | null;
  fundingTotal: number;
  /** RETAINED, NOT_RETAINED, POSTPONED or null (not decided yet). */
  decision: string | null;
}

/** Maturity first (mature files first), then the number of matched priorities, then the consensus (highest first), then the reference. */
export function rankFiles<T extends RankableFile>(files: readonly T[]): T[] {
  const maturityRank = (f: RankableFile) => (f.mature === true ? 0 : 1);
  return [...files].sort(
    (a, b) =>
      maturityRank(a) - maturityRank(b) ||
      b.matchedPriorityCount - a.matchedPriorityCount ||
      (b.consensus ?? -Infinity) - (a.consensus ?? -Infinity) ||
      (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0),
  );
}

export interface RunningLine<T> {
  file: T;
  rank: number;
  /** Counted in the running total (not refused nor postponed). */
  counted: boolean;
  runningTotal: number;
  withinEnvelope: boolean | null;
  overshoot: number;
}

/**
 * Running total of funding in rank order, starting from what the region already committed (files retained by
 * earlier committees of the campaign). Files NOT_RETAINED or POSTPONED do not count. `withinEnvelope` is null
 * when no envelope is set.
 */
export function runningTotals<T extends RankableFile>(ranked: readonly T[], envelope: number | null, alreadyCommitted = 0): RunningLine<T>[] {
  let total = alreadyCommitted;
  return ranked.map((file, i) => {
    const counted = file.decision !== 'NOT_RETAINED' && file.decision !== 'POSTPONED';
    if (counted) total += file.fundingTotal;
    const overshoot = envelope === null ? 0 : Math.max(0, total - envelope);
    return { file, rank: i + 1, counted, runningTotal: total, withinEnvelope: envelope === null ? null : total <= envelope, overshoot };
  });
}

/** Queue facts stored on the candidature row (see queue-facts.ts), read from `SELECT c.*`. */
export interface QueueFacts {
  fundingTotal: number;
  essmsCount: number;
  hasBlocking: boolean;
  hasCondition: boolean;
  hasWarning: boolean;
  assignedInstructeur: string | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
export function queueFactsOf(r: any): Partial<QueueFacts> {
  if (r.funding_total === undefined) return {};
  return {
    fundingTotal: Number(r.funding_total ?? 0),
    essmsCount: Number(r.essms_count ?? 0),
    hasBlocking: !!r.has_blocking,
    hasCondition: !!r.has_condition,
    hasWarning: !!r.has_warning,
    assignedInstructeur: r.assigned_instructeur ?? null,
  };
}

import { missedUsageTargets, type MeasurementPeriod, type UsageMeasurement } from '@esms/domain';
import type { EntityManager } from 'typeorm';
import { insertEvent } from '../candidatures/candidature.repository';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const USAGE_TARGET_MISSED_ACTION = 'usage_target_missed';

/**
 * USAGE_TARGET_MISSED — decision: a usage target is missed when a month's measurement of an ESSMS is recorded and the
 * domain (`missedUsageTargets`: due once the period reaches the convention's expected end, 003 §4.5.2; not reached by
 * `usageRates`) says so. A month without data emits nothing (no write to hang it on; the follow-up shows it). Once per
 * (ESSMS, target, month), remembered as a `usage_target_missed` file event: a correction that still misses does not
 * re-emit; one that reaches the target emits nothing (there is no "recovered" event). Written with `insertEvent` in
 * the measurement's transaction, so the webhook outbox row commits or rolls back with it.
 */
export async function recordUsageTargetMisses(
  m: EntityManager,
  e: {
    candidatureId: string;
    state: string;
    finess: string;
    month: string;
    period: MeasurementPeriod;
    counts: UsageMeasurement;
    expectedEnd: string | null;
    actorId: string;
    actorRole: string;
  },
): Promise<number> {
  const missed = missedUsageTargets(e.counts, e.period, e.expectedEnd);
  if (!missed.length) return 0;
  const already: any[] = await m.query(
    `SELECT details->>'indicator' AS indicator FROM candidature_event
      WHERE candidature_id = $1 AND action = $2 AND details->>'finess' = $3 AND details->>'month' = $4`,
    [e.candidatureId, USAGE_TARGET_MISSED_ACTION, e.finess, e.month],
  );
  const known = new Set(already.map((r) => r.indicator));
  let emitted = 0;
  for (const target of missed.filter((t) => !known.has(t.id))) {
    await insertEvent(m, {
      candidatureId: e.candidatureId,
      actorId: e.actorId,
      actorRole: e.actorRole,
      action: USAGE_TARGET_MISSED_ACTION,
      fromState: e.state,
      toState: e.state,
      details: {
        finess: e.finess,
        month: e.month,
        periodFrom: e.period.from,
        periodTo: e.period.to,
        expectedEnd: e.expectedEnd,
        indicator: target.id,
        expectedRate: target.target,
        measuredRate: target.rate,
      },
    });
    emitted += 1;
  }
  return emitted;
}

import { transition, type CandidatureState, type LifecycleAction, type LifecycleContext, type LifecycleRole } from '@esms/domain';
import type { EntityManager } from 'typeorm';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent } from '../candidatures/candidature.repository';
import { lifecycleFailure } from '../candidatures/candidature.service';
import { bumpVersion } from '../candidatures/versioned-update';

/** The domain's answer for this transition (French errors mapped like fireAction), checked before any write. */
export function nextState(row: CandidatureRow, action: LifecycleAction, role: LifecycleRole, lifecycle: LifecycleContext): CandidatureState {
  try {
    return transition(row.state, action, role, lifecycle);
  } catch (error) {
    lifecycleFailure(error);
  }
}

/** Writes a state change decided by the domain, with its `candidature_event` row, inside the caller's transaction. */
export async function writeTransition(
  m: EntityManager,
  row: CandidatureRow,
  to: CandidatureState,
  e: { action: LifecycleAction; actorId: string | null; actorRole: string; details: Record<string, unknown>; at?: Date },
): Promise<CandidatureRow> {
  const updated = await bumpVersion(m, row.id, row.version, e.actorId, { state: to });
  await insertEvent(m, { candidatureId: row.id, actorId: e.actorId, actorRole: e.actorRole, action: e.action, fromState: row.state, toState: to, details: e.details, at: e.at });
  return updated;
}

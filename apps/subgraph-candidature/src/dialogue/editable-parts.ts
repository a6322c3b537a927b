import { editableParts, type CandidatureState, type FilePart, type LifecycleRole } from '@esms/domain';
import type { DataSource, EntityManager } from 'typeorm';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/** The parts reopened by the open complement request of a file (null when none is open). */
export async function reopenedParts(db: Db, candidatureId: string): Promise<FilePart[] | null> {
  const rows: any[] = await db.query(
    `SELECT parts FROM complement_request WHERE candidature_id = $1 AND answered_at IS NULL ORDER BY requested_at DESC LIMIT 1`,
    [candidatureId],
  );
  return rows[0] ? (rows[0].parts as FilePart[]) : null;
}

/**
 * THE edit check for a file: the domain's `editableParts(state, role)`, narrowed while complements are requested
 * to the parts the instructeur reopened (only those become editable for the porteur).
 */
export async function editablePartsFor(db: Db, row: { id: string; state: CandidatureState }, role: LifecycleRole | null): Promise<FilePart[]> {
  if (!role) return [];
  const parts = editableParts(row.state, role);
  if (row.state !== 'COMPLEMENT_REQUESTED' || role !== 'PORTEUR') return parts;
  const reopened = await reopenedParts(db, row.id);
  return reopened ? parts.filter((p) => reopened.includes(p)) : parts;
}

import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { refreshQueueFacts } from '../queue/queue-facts';
import { piecesNeeds } from './pieces.service';

/**
 * Tests only: records a (content-less) file for every piece the domain requires now, so that tests about other
 * capabilities can submit a file (E11 is real since the pieces upload exists). Uploads themselves are tested in
 * src/submission/porteur-journey.spec.ts.
 */
export async function attachRequiredPieces(db: DataSource, candidatureId: string): Promise<void> {
  const needs = await piecesNeeds(db, candidatureId);
  for (const n of needs.filter((x) => x.requirement === 'REQUIRED')) {
    await db.query(
      `INSERT INTO candidature_piece (id, candidature_id, code, file_name, media_type, size, sha256, storage_key, uploaded_by, scan_status)
       SELECT $1, $2, $3, $4, 'application/pdf', 0, '', $5, 'test', 'SAFE' WHERE NOT EXISTS (SELECT 1 FROM candidature_piece WHERE candidature_id = $2 AND code = $3 AND replaced_at IS NULL)`,
      [randomUUID(), candidatureId, n.code, `${n.code}.pdf`, `test/${n.code}`],
    );
  }
  await refreshQueueFacts(db, candidatureId);
}

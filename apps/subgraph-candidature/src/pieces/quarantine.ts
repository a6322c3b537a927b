import { loaderFor, type SubgraphContext } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** An upload the antivirus refused (table `candidature_piece_quarantine`): never served, never counted. */
export interface QuarantineRow {
  id: string;
  candidatureId: string;
  code: string;
  fileName: string;
  size: number;
  signature: string;
  detectedAt: Date;
}

const mapQuarantine = (r: any): QuarantineRow => ({
  id: String(r.id),
  candidatureId: String(r.candidature_id),
  code: r.code,
  fileName: r.file_name,
  size: Number(r.size),
  signature: r.signature,
  detectedAt: new Date(r.detected_at),
});

const COLUMNS = 'id, candidature_id, code, file_name, size, signature, detected_at';

export async function loadQuarantine(db: DataSource | EntityManager, candidatureId: string): Promise<QuarantineRow[]> {
  const rows: any[] = await db.query(`SELECT ${COLUMNS} FROM candidature_piece_quarantine WHERE candidature_id = $1 ORDER BY detected_at`, [candidatureId]);
  return rows.map(mapQuarantine);
}

export const quarantineLoader = (ctx: SubgraphContext) =>
  loaderFor<string, QuarantineRow[]>(ctx, 'pieces:quarantine', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT ${COLUMNS} FROM candidature_piece_quarantine WHERE candidature_id = ANY($1::uuid[]) ORDER BY detected_at`, [[...ids]]);
    const by = new Map<string, QuarantineRow[]>();
    for (const r of rows.map(mapQuarantine)) by.set(r.candidatureId, [...(by.get(r.candidatureId) ?? []), r]);
    return ids.map((id) => by.get(id) ?? []);
  });

/**
 * The last quarantined upload of a piece when it is more recent than the piece's current file (or when the piece has
 * none): the porteur still has to send another version. An infected upload followed by a clean one is settled.
 */
export function outstandingQuarantine(code: string, currentUploadedAt: Date | null, quarantine: QuarantineRow[]): QuarantineRow | null {
  const last = quarantine.filter((q) => q.code === code).at(-1);
  if (!last) return null;
  return !currentUploadedAt || last.detectedAt > currentUploadedAt ? last : null;
}

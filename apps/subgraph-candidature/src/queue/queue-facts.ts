import { checkFiness } from '@esms/domain';
import type { SubgraphContext } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { loadMembers, mapCandidature } from '../candidatures/candidature.repository';
import { candidatureFunding, eligibilityFor } from '../candidatures/candidature.service';
import { ANNUAIRE_FALLBACK_NOTICE } from '../funding-simulation/funding.service';
import { lookupEstablishments } from './annuaire-lookups';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/**
 * Stores on the file what the queue filters and sorts on, computed by the same functions as the file's own
 * views (funding: `candidatureFunding` → domain `computeFunding`; flags: `eligibilityFor` → domain
 * `eligibilityReport`) — never a second formula. Also stores each ESSMS's name, category and field (annuaire
 * `establishments/lookup`) and département, for search and filters. Call it inside the transaction of the change.
 */
export async function refreshQueueFacts(db: Db, candidatureId: string): Promise<void> {
  const rows: any[] = await db.query(`SELECT * FROM candidature WHERE id = $1`, [candidatureId]);
  if (!rows[0]) return;
  const row = mapCandidature(rows[0]);
  const members = await loadMembers(db, candidatureId);
  const known: any[] = await db.query(`SELECT finess FROM grappe_member WHERE candidature_id = $1 AND establishment_name IS NOT NULL`, [candidatureId]);
  const missing = members.map((m) => m.finess).filter((f) => !known.some((k) => k.finess === f));
  if (missing.length) {
    const facts = await lookupEstablishments(missing);
    for (const f of missing) {
      const e = facts?.get(f);
      const c = checkFiness(f);
      await db.query(`UPDATE grappe_member SET establishment_name = $3, category = $4, field = $5, departement = $6 WHERE candidature_id = $1 AND finess = $2`, [
        candidatureId,
        f,
        e?.name ?? null,
        e?.category ?? null,
        e?.field ?? null,
        e?.departement ?? (c.ok ? c.departement : null),
      ]);
    }
  }
  const ctx = { db } as unknown as SubgraphContext;
  let total = 0;
  let exact = true; // false when the annuaire could not give the organisme sizes: the dashboard recomputes it
  try {
    const funding = members.length ? await candidatureFunding(ctx, row) : null;
    total = funding?.total ?? 0;
    exact = !funding?.notices.includes(ANNUAIRE_FALLBACK_NOTICE);
  } catch {
    total = 0; // rule errors are reported on the file itself
  }
  let flags = { blocking: false, condition: false, warning: false };
  if (members.length) {
    try {
      const report = await eligibilityFor(ctx, row);
      flags = { blocking: report.blocking, condition: report.conditions.length > 0, warning: report.warnings.length > 0 };
    } catch {
      /* keep defaults */
    }
  }
  await db.query(
    // funding_total is THE stored total of the file (queue, events, national dashboard), for this version.
    `UPDATE candidature SET funding_total = $2, essms_count = $3, has_blocking = $4, has_condition = $5, has_warning = $6, queue_facts_at = now(),
       funding_version = CASE WHEN $7 THEN version END WHERE id = $1`,
    [candidatureId, total, members.length, flags.blocking, flags.condition, flags.warning, exact],
  );
}

/** Files whose facts were never computed (demo data, rows from before this migration). */
export async function refreshMissingQueueFacts(db: DataSource): Promise<number> {
  const rows: any[] = await db.query(`SELECT id FROM candidature WHERE queue_facts_at IS NULL`);
  for (const r of rows) await db.transaction((m) => refreshQueueFacts(m, String(r.id)));
  return rows.length;
}

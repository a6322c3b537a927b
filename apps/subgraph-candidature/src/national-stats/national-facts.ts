import { computeFunding } from '@esms/domain';
import { callInternal, type Logger } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { organismeSizes } from '../annuaire/annuaire-client';
import { toFundingEssms } from '../funding-simulation/funding.service';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

const CHUNK = 500;
const TIMEOUT_MS = Number(process.env['ESMS_ANNUAIRE_TIMEOUT_MS'] ?? 2500);

/** An annuaire internal call with a timeout; null when it fails or is too slow. */
async function annuaire<T>(route: string, body: unknown, logger?: Logger): Promise<T | null> {
  const base = process.env['ESMS_ANNUAIRE_URL'];
  if (!base) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      callInternal<T>(base, route, body, 'candidature'),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    logger?.warn({ route, err: (error as Error).message }, 'national facts: annuaire unavailable');
    return null;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
const FIELD_TTL_HOURS = 24;
/** Fields are re-checked when grappe members were added (serial ids) or, at the latest, after this delay. */
const FIELD_CHECK_MS = 10 * 60_000;
const fieldChecks = new WeakMap<object, { maxMemberId: number; at: number }>();
const dataSourceOf = (db: Db): object => ('connection' in db ? db.connection : db);

/**
 * Keeps the facts the national aggregates read up to date, before each dashboard query (cheap when nothing
 * changed):
 * - the funding total of each file is stored once, on the file (`candidature.funding_total`, the queue facts,
 *   domain `computeFunding`, written in the transaction of each grappe change); files whose total was computed
 *   for another version (`funding_version`: state changes, rows loaded without it) are recomputed here in
 *   batches with the same domain function — one annuaire call per 500 organismes, never one per file;
 * - `national_essms_field`: the field (PA, PH…) of each ESSMS of a grappe, read from the annuaire
 *   (`establishments/fields`), refreshed daily; looked for only when members were added since the last look.
 * Returns French notes about what could not be refreshed (annuaire unreachable).
 */
export async function refreshNationalFacts(db: Db, logger?: Logger): Promise<string[]> {
  const notes: string[] = [];
  const stale: any[] = await db.query(
    `SELECT c.id, c.version, c.amoa_requested FROM candidature c
      WHERE (c.state <> 'DRAFT' OR c.submitted_at IS NOT NULL) AND c.funding_version IS DISTINCT FROM c.version`,
  );
  for (let i = 0; i < stale.length; i += CHUNK) {
    const files = stale.slice(i, i + CHUNK);
    const members: any[] = await db.query(
      `SELECT candidature_id, finess, region_code, situation, finess_ej, hardware_quote, saad_total_hours, saad_medico_social_hours
         FROM grappe_member WHERE candidature_id = ANY($1::uuid[]) ORDER BY candidature_id, rank NULLS LAST, finess`,
      [files.map((f) => f.id)],
    );
    const ejs = [...new Set(members.map((m) => m.finess_ej).filter((x): x is string => !!x))];
    let sizes: Record<string, number> | null = {};
    for (let j = 0; j < ejs.length && sizes; j += CHUNK) {
      const part = await organismeSizes(ejs.slice(j, j + CHUNK));
      sizes = part === null ? null : { ...sizes, ...part };
    }
    if (sizes === null) {
      notes.push("Montants incomplets : l'annuaire n'a pas répondu pour la taille des organismes ; les dossiers récemment modifiés seront recalculés à la prochaine consultation.");
      break;
    }
    const byFile = new Map<string, any[]>();
    for (const m of members) (byFile.get(m.candidature_id) ?? byFile.set(m.candidature_id, []).get(m.candidature_id)!).push(m);
    const ids: string[] = [];
    const versions: number[] = [];
    const amounts: number[] = [];
    const counts: number[] = [];
    for (const f of files) {
      const list = byFile.get(f.id) ?? [];
      let total = 0;
      if (list.length) {
        try {
          const essms = list.map((m) =>
            toFundingEssms({
              finess: m.finess,
              regionCode: m.region_code,
              situation: m.situation,
              organismeFinessEj: m.finess_ej,
              hardwareQuote: m.hardware_quote,
              saadTotalHours: m.saad_total_hours === null ? null : Number(m.saad_total_hours),
              saadMedicoSocialHours: m.saad_medico_social_hours === null ? null : Number(m.saad_medico_social_hours),
            }),
          );
          total = computeFunding({ essms, amoa: !!f.amoa_requested, organismeSizes: sizes }).total;
        } catch (error) {
          logger?.warn({ candidatureId: f.id, err: (error as Error).message }, 'national facts: funding not computable');
          total = 0; // the rule error is shown on the file itself
        }
      }
      ids.push(f.id);
      versions.push(Number(f.version));
      amounts.push(total);
      counts.push(list.length);
    }
    // Only if the file did not change meanwhile (its own transaction then wrote the total).
    await db.query(
      `UPDATE candidature c SET funding_total = u.total, essms_count = u.essms, funding_version = u.version
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[]) AS u(id, version, total, essms)
        WHERE c.id = u.id AND c.version = u.version`,
      [ids, versions, amounts, counts],
    );
  }

  const key = dataSourceOf(db);
  const maxMember: any[] = await db.query(`SELECT coalesce(max(id), 0)::int AS n FROM grappe_member`);
  const last = fieldChecks.get(key);
  if (last && last.maxMemberId === Number(maxMember[0]?.n) && Date.now() - last.at < FIELD_CHECK_MS) return notes;
  const unknown: any[] = await db.query(
    `SELECT DISTINCT gm.finess FROM grappe_member gm
       LEFT JOIN national_essms_field f ON f.finess = gm.finess
      WHERE f.finess IS NULL OR f.fetched_at < now() - make_interval(hours => $1)`,
    [FIELD_TTL_HOURS],
  );
  const base = process.env['ESMS_ANNUAIRE_URL'];
  if (unknown.length && !base) notes.push("Champs d'activité non renseignés : l'annuaire n'est pas configuré (ESMS_ANNUAIRE_URL).");
  for (let i = 0; base && i < unknown.length; i += CHUNK) {
    const keys = unknown.slice(i, i + CHUNK).map((r) => String(r.finess));
    const answer = await annuaire<Record<string, { field: string; category: string }>>('establishments/fields', { finess: keys }, logger);
    if (!answer || typeof answer !== 'object') {
      notes.push("Champs d'activité incomplets : l'annuaire n'a pas répondu ; les ESSMS concernés sont comptés « non renseigné ».");
      break;
    }
    await db.query(
      `INSERT INTO national_essms_field (finess, field, category, fetched_at)
       SELECT * , now() FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (finess) DO UPDATE SET field = EXCLUDED.field, category = EXCLUDED.category, fetched_at = now()`,
      [keys, keys.map((k) => answer![k]?.field ?? 'INCONNU'), keys.map((k) => answer![k]?.category ?? null)],
    );
  }
  if (!notes.length && (base || !unknown.length)) fieldChecks.set(key, { maxMemberId: Number(maxMember[0]?.n), at: Date.now() });
  return notes;
}

export interface AnnuaireTotals {
  [regionCode: string]: { open: number; byField: Record<string, number> };
}

/** Open ESSMS per region and field (annuaire `establishments/totals`); null when the annuaire cannot answer. */
export async function annuaireTotals(logger?: Logger): Promise<AnnuaireTotals | null> {
  const answer = await annuaire<AnnuaireTotals>('establishments/totals', {}, logger);
  return answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : null;
}

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

/**
 * Keeps the facts the national aggregates read up to date, before each dashboard query (cheap when nothing
 * changed: two anti-joins):
 * - `national_file_amount`: the funding total of each file, from the domain's `computeFunding` (the same
 *   function as the file's own `funding` view), recomputed when the file's version or update time changed;
 *   one annuaire call per 500 organismes, never one per file;
 * - `national_essms_field`: the field (PA, PH…) of each ESSMS of a grappe, read from the annuaire
 *   (`establishments/fields`), refreshed daily.
 * Returns French notes about what could not be refreshed (annuaire unreachable).
 */
export async function refreshNationalFacts(db: Db, logger?: Logger): Promise<string[]> {
  const notes: string[] = [];
  const stale: any[] = await db.query(
    `SELECT c.id, c.version, c.updated_at, c.amoa_requested
       FROM candidature c LEFT JOIN national_file_amount a ON a.candidature_id = c.id
      WHERE (c.state <> 'DRAFT' OR c.submitted_at IS NOT NULL)
        AND (a.candidature_id IS NULL OR a.version <> c.version OR a.updated_at <> c.updated_at)`,
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
    const updated: Date[] = [];
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
      updated.push(f.updated_at);
      amounts.push(total);
      counts.push(list.length);
    }
    await db.query(
      `INSERT INTO national_file_amount (candidature_id, version, updated_at, requested_amount, essms_count, computed_at)
       SELECT * , now() FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::int[], $5::int[])
       ON CONFLICT (candidature_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
         requested_amount = EXCLUDED.requested_amount, essms_count = EXCLUDED.essms_count, computed_at = now()`,
      [ids, versions, updated, amounts, counts],
    );
  }

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

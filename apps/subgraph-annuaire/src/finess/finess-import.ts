/**
 * FINESS import as a pure diff: what to insert, what to update, what is unchanged, keyed by FINESS
 * (EJ for organismes, ET for establishments). The DB layer applies the plan (organismes first, then
 * establishments); importing the same flow twice yields an empty plan the second time.
 *
 * Structures present in the database but absent from the flow are NOT deleted (a flow may be partial,
 * e.g. one region): they are listed in `absentFromFlow` for review. A closure comes through the flow
 * itself (etatObjet I → `closed: true`, an update).
 */
import type { EstablishmentRecord, OrganismeRecord } from './finess-flow';

export interface FinessSnapshot {
  readonly organismes: readonly OrganismeRecord[];
  readonly establishments: readonly EstablishmentRecord[];
}

export interface RecordUpdate<T> {
  readonly key: string;
  readonly before: T;
  readonly after: T;
  /** Top-level fields whose value differs. */
  readonly changes: readonly (keyof T & string)[];
}

export interface FinessImportPlan {
  readonly toInsert: { readonly organismes: OrganismeRecord[]; readonly establishments: EstablishmentRecord[] };
  readonly toUpdate: {
    readonly organismes: RecordUpdate<OrganismeRecord>[];
    readonly establishments: RecordUpdate<EstablishmentRecord>[];
  };
  /** Keys found identical in the database. */
  readonly unchanged: { readonly organismes: string[]; readonly establishments: string[] };
  /** Keys in the database that the flow does not mention (kept as they are). */
  readonly absentFromFlow: { readonly organismes: string[]; readonly establishments: string[] };
}

/** JSON with sorted keys and without undefined fields: two records are equal iff their canonical forms are. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function diff<T extends object>(
  incoming: readonly T[],
  existing: readonly T[],
  keyOf: (r: T) => string,
): { insert: T[]; update: RecordUpdate<T>[]; unchanged: string[]; absent: string[] } {
  const current = new Map(existing.map((r) => [keyOf(r), r]));
  const seen = new Set<string>();
  const insert: T[] = [];
  const update: RecordUpdate<T>[] = [];
  const unchanged: string[] = [];
  const sorted = [...incoming].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (const record of sorted) {
    const key = keyOf(record);
    if (seen.has(key)) continue; // first occurrence wins, as in the parser
    seen.add(key);
    const before = current.get(key);
    if (!before) {
      insert.push(record);
    } else if (canonical(before) === canonical(record)) {
      unchanged.push(key);
    } else {
      const fields = new Set([...Object.keys(before), ...Object.keys(record)]) as Set<keyof T & string>;
      const changes = [...fields]
        .filter((f) => canonical(before[f]) !== canonical(record[f]))
        .sort();
      update.push({ key, before, after: record, changes });
    }
  }
  const absent = [...current.keys()].filter((k) => !seen.has(k)).sort();
  return { insert, update, unchanged, absent };
}

/** Plans the import of a parsed flow against what the database holds. Pure and deterministic (sorted by FINESS). */
export function planFinessImport(parsed: FinessSnapshot, existing: FinessSnapshot): FinessImportPlan {
  const og = diff(parsed.organismes, existing.organismes, (r) => r.finessEj);
  const et = diff(parsed.establishments, existing.establishments, (r) => r.finess);
  return {
    toInsert: { organismes: og.insert, establishments: et.insert },
    toUpdate: { organismes: og.update, establishments: et.update },
    unchanged: { organismes: og.unchanged, establishments: et.unchanged },
    absentFromFlow: { organismes: og.absent, establishments: et.absent },
  };
}

/** True when the plan changes nothing. */
export function isEmptyFinessPlan(plan: FinessImportPlan): boolean {
  return (
    plan.toInsert.organismes.length === 0 &&
    plan.toInsert.establishments.length === 0 &&
    plan.toUpdate.organismes.length === 0 &&
    plan.toUpdate.establishments.length === 0
  );
}

/**
 * The snapshot after applying `plan` to `existing` — the reference semantics for the DB layer
 * (upsert by FINESS, nothing deleted), and what the idempotence tests use.
 */
export function applyFinessImportPlan(existing: FinessSnapshot, plan: FinessImportPlan): FinessSnapshot {
  const og = new Map(existing.organismes.map((r) => [r.finessEj, r]));
  const et = new Map(existing.establishments.map((r) => [r.finess, r]));
  for (const r of plan.toInsert.organismes) og.set(r.finessEj, r);
  for (const u of plan.toUpdate.organismes) og.set(u.key, u.after);
  for (const r of plan.toInsert.establishments) et.set(r.finess, r);
  for (const u of plan.toUpdate.establishments) et.set(u.key, u.after);
  return { organismes: [...og.values()], establishments: [...et.values()] };
}

/** Counts for logs and the import report. */
export function summarizeFinessPlan(plan: FinessImportPlan): Record<string, number> {
  return {
    organismesToInsert: plan.toInsert.organismes.length,
    organismesToUpdate: plan.toUpdate.organismes.length,
    organismesUnchanged: plan.unchanged.organismes.length,
    organismesAbsentFromFlow: plan.absentFromFlow.organismes.length,
    establishmentsToInsert: plan.toInsert.establishments.length,
    establishmentsToUpdate: plan.toUpdate.establishments.length,
    establishmentsUnchanged: plan.unchanged.establishments.length,
    establishmentsAbsentFromFlow: plan.absentFromFlow.establishments.length,
  };
}

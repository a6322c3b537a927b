import type { Claims } from '@esms/server-kit';
import { badInput } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { candidatureScopeSql } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { mapCandidature } from '../candidatures/candidature.repository';
import { QueueSortField, SortDirection, type QueueFilter, type QueueSort } from './queue.types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

export const MAX_QUEUE_PAGE = 200;
const MAX_INT = 2_147_483_647;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function checkRange(name: string, v: number | null | undefined) {
  if (v != null && (!Number.isInteger(v) || v < 0 || v > MAX_INT)) throw badInput(`« ${name} » doit être un entier positif ou nul.`, { field: name });
}

/** WHERE clause of the queue: the filter AND the caller's scope, all in SQL (alias `c`). */
export function queueWhere(claims: Claims, filter: QueueFilter | null | undefined): { sql: string; params: unknown[] } {
  const f = filter ?? {};
  for (const k of ['essmsMin', 'essmsMax', 'amountMin', 'amountMax'] as const) checkRange(k, f[k]);
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.states?.length) add((p) => `c.state = ANY(${p}::text[])`, f.states);
  if (f.campaignId) add((p) => `c.campaign_id = ${p}`, f.campaignId);
  if (f.windowCode) add((p) => `c.window_code = ${p}`, f.windowCode);
  if (f.desk) add((p) => `c.desk = ${p}`, f.desk);
  if (f.projectType) add((p) => `EXISTS (SELECT 1 FROM grappe_member q1 WHERE q1.candidature_id = c.id AND q1.situation = ${p})`, f.projectType);
  if (f.fields?.length) {
    const fields = f.fields.map((x) => x.trim().toUpperCase()).filter(Boolean);
    add((p) => `EXISTS (SELECT 1 FROM grappe_member q2 WHERE q2.candidature_id = c.id AND (q2.field = ANY(${p}::text[]) OR split_part(q2.field, '_', 1) = ANY(${p}::text[])))`, fields);
  }
  if (f.essmsMin != null) add((p) => `c.essms_count >= ${p}`, f.essmsMin);
  if (f.essmsMax != null) add((p) => `c.essms_count <= ${p}`, f.essmsMax);
  if (f.amountMin != null) add((p) => `c.funding_total >= ${p}`, f.amountMin);
  if (f.amountMax != null) add((p) => `c.funding_total <= ${p}`, f.amountMax);
  if (f.hasBlocking != null) add((p) => `c.has_blocking = ${p}`, f.hasBlocking);
  if (f.hasCondition != null) add((p) => `c.has_condition = ${p}`, f.hasCondition);
  if (f.hasWarning != null) add((p) => `c.has_warning = ${p}`, f.hasWarning);
  if (f.assignedTo) add((p) => `c.assigned_instructeur = ${p}`, f.assignedTo);
  else if (f.unassigned === true) where.push(`c.assigned_instructeur IS NULL`);
  else if (f.unassigned === false) where.push(`c.assigned_instructeur IS NOT NULL`);
  const search = f.search?.trim();
  if (search) {
    if (search.length > 200) throw badInput('La recherche compte au plus 200 caractères.', { field: 'search' });
    add(
      (p) => `(c.reference ILIKE ${p} OR c.title ILIKE ${p} OR array_to_string(c.organismes, ' ') ILIKE ${p}
        OR EXISTS (SELECT 1 FROM grappe_member q3 WHERE q3.candidature_id = c.id AND (q3.finess ILIKE ${p} OR q3.establishment_name ILIKE ${p})))`,
      like(search),
    );
  }
  const scope = candidatureScopeSql(claims, params.length);
  params.push(...scope.params);
  where.push(`(${scope.sql})`);
  return { sql: where.join(' AND '), params };
}

const SORT_SQL: Record<QueueSortField, string> = {
  [QueueSortField.SUBMITTED_AT]: 'c.submitted_at',
  [QueueSortField.AMOUNT]: 'c.funding_total',
  [QueueSortField.ESSMS_COUNT]: 'c.essms_count',
  [QueueSortField.REFERENCE]: 'c.reference',
};

export function queueOrder(sort: QueueSort | null | undefined): string {
  const column = SORT_SQL[sort?.field ?? QueueSortField.SUBMITTED_AT] ?? SORT_SQL.SUBMITTED_AT;
  const dir = sort?.direction === SortDirection.ASC ? 'ASC' : 'DESC';
  const tie = column === 'c.reference' ? '' : `, c.reference ${dir === 'ASC' ? 'ASC' : 'DESC'}`;
  return `${column} ${dir} NULLS LAST${tie}`;
}

export async function listQueue(db: Db, claims: Claims, filter: QueueFilter | null | undefined, sort: QueueSort | null | undefined, limit: number, offset: number): Promise<CandidatureRow[]> {
  const { sql, params } = queueWhere(claims, filter);
  const rows: any[] = await db.query(
    `SELECT c.* FROM candidature c WHERE ${sql} ORDER BY ${queueOrder(sort)} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
    params,
  );
  return rows.map(mapCandidature);
}

export async function countQueue(db: Db, claims: Claims, filter: QueueFilter | null | undefined): Promise<number> {
  const { sql, params } = queueWhere(claims, filter);
  const rows: any[] = await db.query(`SELECT count(*)::int AS n FROM candidature c WHERE ${sql}`, params);
  return Number(rows[0]?.n ?? 0);
}

/** Per file: the distinct fields and situations of its ESSMS (one query per batch). */
export async function memberFacets(db: Db, ids: readonly string[]): Promise<Map<string, { fields: string[]; situations: string[] }>> {
  const rows: any[] = await db.query(
    `SELECT candidature_id, array_remove(array_agg(DISTINCT field), NULL) AS fields, array_agg(DISTINCT situation) AS situations
     FROM grappe_member WHERE candidature_id = ANY($1::uuid[]) GROUP BY candidature_id`,
    [[...ids]],
  );
  return new Map(rows.map((r) => [String(r.candidature_id), { fields: (r.fields ?? []).sort(), situations: (r.situations ?? []).sort() }]));
}

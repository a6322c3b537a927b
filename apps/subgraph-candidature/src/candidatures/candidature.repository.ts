import { loaderFor, type Claims, type SubgraphContext } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { candidatureScopeSql } from '../authorization/candidature-scope';
import { CandidatureEventRow, CandidatureRow, GrappeMemberRow } from './candidature.entity';
import { queueFactsOf } from '../queue/queue-facts.mapping';
import type { CandidatureFilter } from './candidature.types';
import { enqueueWebhookDeliveries } from '../webhooks/webhook-outbox';
import type { HistoryAction } from './candidature.labels';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);

export function mapCandidature(r: any): CandidatureRow {
  return Object.assign(new CandidatureRow(), {
    id: r.id,
    reference: r.reference,
    campaignId: r.campaign_id,
    porteurAccountId: r.porteur_account_id,
    organismes: r.organismes ?? [],
    title: r.title,
    state: r.state,
    desk: r.desk,
    pivotRegion: r.pivot_region,
    track: r.track,
    windowCode: r.window_code,
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    amoaRequested: !!r.amoa_requested,
    version: Number(r.version),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    ...queueFactsOf(r),
  });
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function mapMember(r: any): GrappeMemberRow {
  return Object.assign(new GrappeMemberRow(), {
    id: r.id,
    candidatureId: r.candidature_id,
    finess: r.finess,
    rank: num(r.rank),
    situation: r.situation,
    currentDui: r.current_dui,
    chosenSolutionId: r.chosen_solution_id,
    saadTotalHours: num(r.saad_total_hours),
    saadMedicoSocialHours: num(r.saad_medico_social_hours),
    hardwareQuote: num(r.hardware_quote),
    nationalEntity: r.national_entity,
    regionCode: r.region_code,
    finessEj: r.finess_ej,
  });
}

export function mapEvent(r: any): CandidatureEventRow {
  return Object.assign(new CandidatureEventRow(), {
    id: String(r.id),
    candidatureId: r.candidature_id,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    at: new Date(r.at),
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    details: r.details ?? {},
  });
}

/** Candidatures by id within the caller's scope (one query per batch); out of scope = null, like non-existent. */
export const scopedCandidatureLoader = (ctx: SubgraphContext) =>
  loaderFor<string, CandidatureRow>(ctx, 'candidature:scoped', async (ids) => {
    const valid = [...new Set(ids.filter(isUuid))];
    if (!valid.length) return ids.map(() => null);
    const scope = candidatureScopeSql(ctx.claims, 1);
    const rows: any[] = await ctx.db.query(`SELECT c.* FROM candidature c WHERE c.id = ANY($1::uuid[]) AND (${scope.sql})`, [valid, ...scope.params]);
    const byId = new Map(rows.map((r) => [String(r.id), mapCandidature(r)]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  });

export const membersLoader = (ctx: SubgraphContext) =>
  loaderFor<string, GrappeMemberRow[]>(ctx, 'candidature:members', async (ids) => {
    const rows: any[] = await ctx.db.query(
      `SELECT * FROM grappe_member WHERE candidature_id = ANY($1::uuid[]) ORDER BY rank NULLS LAST, finess`,
      [[...ids]],
    );
    const grouped = new Map<string, GrappeMemberRow[]>();
    for (const r of rows.map(mapMember)) grouped.set(r.candidatureId, [...(grouped.get(r.candidatureId) ?? []), r]);
    return ids.map((id) => grouped.get(id) ?? []);
  });

export const eventsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, CandidatureEventRow[]>(ctx, 'candidature:events', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT * FROM candidature_event WHERE candidature_id = ANY($1::uuid[]) ORDER BY at, id`, [[...ids]]);
    const grouped = new Map<string, CandidatureEventRow[]>();
    for (const r of rows.map(mapEvent)) grouped.set(r.candidatureId, [...(grouped.get(r.candidatureId) ?? []), r]);
    return ids.map((id) => grouped.get(id) ?? []);
  });

export async function loadMembers(db: Db, candidatureId: string): Promise<GrappeMemberRow[]> {
  const rows: any[] = await db.query(`SELECT * FROM grappe_member WHERE candidature_id = $1 ORDER BY rank NULLS LAST, finess`, [candidatureId]);
  return rows.map(mapMember);
}

export async function loadEvents(db: Db, candidatureId: string): Promise<CandidatureEventRow[]> {
  const rows: any[] = await db.query(`SELECT * FROM candidature_event WHERE candidature_id = $1 ORDER BY at, id`, [candidatureId]);
  return rows.map(mapEvent);
}

/** WHERE clause for a filtered, scoped list or count. */
export function filterSql(claims: Claims, filter: CandidatureFilter | null | undefined, extra?: { regionCode?: string }) {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter?.campaignId) add((p) => `c.campaign_id = ${p}`, filter.campaignId);
  if (filter?.states?.length) add((p) => `c.state = ANY(${p}::text[])`, filter.states);
  if (filter?.pivotRegion) add((p) => `c.pivot_region = ${p}`, filter.pivotRegion);
  if (filter?.organismeFinessEj) add((p) => `${p} = ANY(c.organismes)`, filter.organismeFinessEj.trim().toUpperCase());
  if (filter?.search?.trim()) {
    add((p) => `(c.reference ILIKE ${p} OR c.title ILIKE ${p})`, `%${filter.search.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  }
  if (extra?.regionCode) {
    add((p) => `(c.pivot_region = ${p} OR EXISTS (SELECT 1 FROM grappe_member rm WHERE rm.candidature_id = c.id AND rm.region_code = ${p}))`, extra.regionCode);
  }
  const scope = candidatureScopeSql(claims, params.length);
  params.push(...scope.params);
  where.push(`(${scope.sql})`);
  return { sql: where.join(' AND '), params };
}

export async function listCandidatures(
  ctx: SubgraphContext,
  filter: CandidatureFilter | null | undefined,
  limit: number,
  offset: number,
  extra?: { regionCode?: string },
): Promise<CandidatureRow[]> {
  const { sql, params } = filterSql(ctx.claims, filter, extra);
  const rows: any[] = await ctx.db.query(
    `SELECT c.* FROM candidature c WHERE ${sql} ORDER BY c.updated_at DESC, c.reference LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    params,
  );
  return rows.map(mapCandidature);
}

export async function countCandidatures(ctx: SubgraphContext, filter: CandidatureFilter | null | undefined, extra?: { regionCode?: string }): Promise<number> {
  const { sql, params } = filterSql(ctx.claims, filter, extra);
  const rows: any[] = await ctx.db.query(`SELECT count(*)::int AS n FROM candidature c WHERE ${sql}`, params);
  return Number(rows[0]?.n ?? 0);
}

export interface EventInput {
  candidatureId: string;
  actorId: string | null;
  actorRole: string;
  action: HistoryAction;
  fromState: string | null;
  toState: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

export async function insertEvent(db: Db, e: EventInput): Promise<void> {
  await db.query(
    `INSERT INTO candidature_event (candidature_id, actor_id, actor_role, at, action, from_state, to_state, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [e.candidatureId, e.actorId, e.actorRole, e.at ?? new Date(), e.action, e.fromState, e.toState, JSON.stringify(e.details ?? {})],
  );
  await enqueueWebhookDeliveries(db, e); // webhook outbox, same transaction
}

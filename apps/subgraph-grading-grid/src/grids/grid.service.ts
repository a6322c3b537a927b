import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { badInput, byKeys, conflict, loaderFor, notFound, type Claims, type SubgraphContext } from '@esms/server-kit';
import { actorOf, isUniqueViolation, seesRegion } from '../access';
import { maxTotalOf } from '@esms/domain';
import { GridCriterionRow, GridEventRow, GridRow, PriorityRuleRow, type GridStatus } from './grid.entity';
import type { UpdateGridCriterionInput, UpdateGridInput } from './grid.types';

const GRID_NOT_FOUND = "Cette grille n'existe pas ou vous n'y avez pas accès : vérifiez l'identifiant de la grille.";
const IMMUTABLE = 'Une grille publiée ou archivée ne peut plus être modifiée : créez une nouvelle version avec « createGridVersion ».';

export const loadGrid = (ctx: SubgraphContext) =>
  loaderFor<string, GridRow>(ctx, 'grid', async (ids) => byKeys(ids, await ctx.db.getRepository(GridRow).findBy({ id: In([...ids]) }), (g) => g.id));

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

export const loadCriteria = (ctx: SubgraphContext) =>
  loaderFor<string, GridCriterionRow[]>(ctx, 'gridCriteria', async (gridIds) =>
    groupBy(gridIds, await ctx.db.getRepository(GridCriterionRow).find({ where: { gridId: In([...gridIds]) }, order: { position: 'ASC' } }), (c) => c.gridId),
  );

export const loadPriorityRules = (ctx: SubgraphContext) =>
  loaderFor<string, PriorityRuleRow[]>(ctx, 'gridPriorityRules', async (gridIds) =>
    groupBy(gridIds, await ctx.db.getRepository(PriorityRuleRow).find({ where: { gridId: In([...gridIds]) }, order: { position: 'ASC' } }), (r) => r.gridId),
  );

/** A grid the caller may see, or null (out of scope answers like non-existent). */
export async function visibleGrid(ctx: SubgraphContext, id: string): Promise<GridRow | null> {
  if (!isUuid(id)) return null;
  const grid = await loadGrid(ctx).load(id);
  return grid && seesRegion(ctx.claims, grid.regionCode) ? grid : null;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export async function listGrids(ctx: SubgraphContext, regionCode: string, campaignId?: string | null): Promise<GridRow[]> {
  if (!seesRegion(ctx.claims, regionCode)) return [];
  const where = campaignId ? { regionCode, campaignId } : { regionCode };
  return ctx.db.getRepository(GridRow).find({ where, order: { campaignId: 'ASC', version: 'DESC' } });
}

async function lockedGrid(m: EntityManager, claims: Claims, id: string): Promise<GridRow> {
  if (!isUuid(id)) throw notFound(GRID_NOT_FOUND);
  const grid = await m.getRepository(GridRow).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!grid || !seesRegion(claims, grid.regionCode)) throw notFound(GRID_NOT_FOUND);
  return grid;
}

async function recordGridEvent(m: EntityManager, gridId: string, claims: Claims, action: string, from: GridStatus | null, to: GridStatus | null, details: Record<string, unknown> = {}) {
  await m.getRepository(GridEventRow).insert({ id: randomUUID(), gridId, action, actorId: actorOf(claims), fromStatus: from, toStatus: to, details });
}

/** Copies a published (or archived) grid into a new DRAFT version: version = highest version + 1. */
export async function createGridVersion(ctx: SubgraphContext, sourceId: string): Promise<GridRow> {
  try {
    return await ctx.db.transaction(async (m) => {
      const source = await lockedGrid(m, ctx.claims, sourceId);
      if (source.status === 'DRAFT') throw conflict('Cette version est encore un brouillon : modifiez-la directement puis publiez-la.');
      const draft = await m.getRepository(GridRow).findOneBy({ regionCode: source.regionCode, campaignId: source.campaignId, status: 'DRAFT' });
      if (draft) throw conflict(`Une version brouillon (version ${draft.version}) existe déjà pour cette campagne : modifiez-la ou publiez-la d'abord.`);
      const [{ max }] = (await m.query('SELECT max(version)::int AS max FROM grid WHERE region_code = $1 AND campaign_id = $2', [source.regionCode, source.campaignId])) as { max: number }[];
      const id = randomUUID();
      await m.getRepository(GridRow).insert({
        id,
        regionCode: source.regionCode,
        campaignId: source.campaignId,
        version: max + 1,
        status: 'DRAFT',
        label: source.label,
        source: source.source,
        maturityThreshold: source.maturityThreshold,
        createdBy: actorOf(ctx.claims),
        publishedAt: null,
      });
      const criteria = await m.getRepository(GridCriterionRow).findBy({ gridId: source.id });
      if (criteria.length > 0) await m.getRepository(GridCriterionRow).insert(criteria.map((c) => ({ ...c, id: randomUUID(), gridId: id })));
      const rules = await m.getRepository(PriorityRuleRow).findBy({ gridId: source.id });
      if (rules.length > 0) await m.getRepository(PriorityRuleRow).insert(rules.map((r) => ({ ...r, id: randomUUID(), gridId: id })));
      await recordGridEvent(m, id, ctx.claims, 'VERSION_CREATED', null, 'DRAFT', { copiedFrom: source.id, copiedFromVersion: source.version });
      return m.getRepository(GridRow).findOneByOrFail({ id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('Une autre version vient d’être créée pour cette campagne : rechargez la liste des grilles.');
    throw error;
  }
}

function checkText(value: string | undefined, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > max) throw badInput(`Le champ « ${field} » doit contenir entre 1 et ${max} caractères.`);
  return trimmed;
}

export async function updateGridCriterion(ctx: SubgraphContext, input: UpdateGridCriterionInput): Promise<GridRow> {
  return ctx.db.transaction(async (m) => {
    const grid = await lockedGrid(m, ctx.claims, input.gridId);
    if (grid.status !== 'DRAFT') throw conflict(IMMUTABLE);
    const criterion = await m.getRepository(GridCriterionRow).findOneBy({ gridId: grid.id, code: input.code });
    if (!criterion) throw badInput(`Le critère « ${input.code} » n'existe pas dans cette grille : utilisez le code d'un critère existant.`);
    const label = checkText(input.label, 'libellé', 200);
    const guidance = checkText(input.guidance, 'aide à la notation', 2000);
    if (input.maxPoints !== undefined && input.maxPoints !== null && (!Number.isInteger(input.maxPoints) || input.maxPoints < 1 || input.maxPoints > 100)) {
      throw badInput('Le nombre maximal de points doit être un entier entre 1 et 100.');
    }
    const changes: Partial<GridCriterionRow> = {};
    if (label !== undefined) changes.label = label;
    if (guidance !== undefined) changes.guidance = guidance;
    if (input.maxPoints !== undefined && input.maxPoints !== null) changes.maxPoints = input.maxPoints;
    if (Object.keys(changes).length > 0) {
      await m.getRepository(GridCriterionRow).update({ id: criterion.id }, changes);
      await recordGridEvent(m, grid.id, ctx.claims, 'CRITERION_UPDATED', 'DRAFT', 'DRAFT', { code: criterion.code, before: { label: criterion.label, guidance: criterion.guidance, maxPoints: criterion.maxPoints }, after: changes });
    }
    return grid;
  });
}

export async function updateGrid(ctx: SubgraphContext, input: UpdateGridInput): Promise<GridRow> {
  return ctx.db.transaction(async (m) => {
    const grid = await lockedGrid(m, ctx.claims, input.gridId);
    if (grid.status !== 'DRAFT') throw conflict(IMMUTABLE);
    const changes: Partial<GridRow> = {};
    const label = checkText(input.label, 'libellé', 200);
    if (label !== undefined) changes.label = label;
    if (input.maturityThreshold !== undefined) {
      if (input.maturityThreshold !== null && (!Number.isInteger(input.maturityThreshold) || input.maturityThreshold < 0)) {
        throw badInput('Le seuil de maturité doit être un entier positif ou nul (ou vide pour ne pas en fixer).');
      }
      changes.maturityThreshold = input.maturityThreshold;
    }
    if (Object.keys(changes).length > 0) {
      await m.getRepository(GridRow).update({ id: grid.id }, changes);
      await recordGridEvent(m, grid.id, ctx.claims, 'GRID_UPDATED', 'DRAFT', 'DRAFT', { before: { label: grid.label, maturityThreshold: grid.maturityThreshold }, after: changes });
    }
    return m.getRepository(GridRow).findOneByOrFail({ id: grid.id });
  });
}

/** DRAFT → PUBLISHED; the previously published version of the campaign becomes ARCHIVED. */
export async function publishGrid(ctx: SubgraphContext, id: string): Promise<GridRow> {
  try {
    return await ctx.db.transaction(async (m) => {
      const grid = await lockedGrid(m, ctx.claims, id);
      if (grid.status !== 'DRAFT') throw conflict('Cette grille est déjà publiée (ou archivée) : elle ne peut plus changer.');
      const criteria = await m.getRepository(GridCriterionRow).findBy({ gridId: grid.id });
      if (criteria.length === 0) throw badInput('Une grille sans critère ne peut pas être publiée : ajoutez au moins un critère.');
      const maxTotal = maxTotalOf(criteria);
      if (grid.maturityThreshold !== null && grid.maturityThreshold > maxTotal) {
        throw badInput(`Le seuil de maturité (${grid.maturityThreshold}) dépasse la note maximale de la grille (${maxTotal}) : baissez le seuil ou augmentez les barèmes.`);
      }
      const previous = await m.getRepository(GridRow).findOneBy({ regionCode: grid.regionCode, campaignId: grid.campaignId, status: 'PUBLISHED' });
      if (previous) {
        await m.getRepository(GridRow).update({ id: previous.id }, { status: 'ARCHIVED' });
        await recordGridEvent(m, previous.id, ctx.claims, 'ARCHIVED', 'PUBLISHED', 'ARCHIVED', { replacedBy: grid.id });
      }
      await m.getRepository(GridRow).update({ id: grid.id }, { status: 'PUBLISHED', publishedAt: new Date() });
      await recordGridEvent(m, grid.id, ctx.claims, 'PUBLISHED', 'DRAFT', 'PUBLISHED', { replaces: previous?.id ?? null });
      return m.getRepository(GridRow).findOneByOrFail({ id: grid.id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('Une autre version vient d’être publiée pour cette campagne : rechargez la liste des grilles.');
    throw error;
  }
}

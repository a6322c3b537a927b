import { badInput, byKeys, conflict, loaderFor, notFound, type SubgraphContext } from '@esms/server-kit';
import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { DUI_CATALOGUE } from '../reference/dui-catalogue';
import { DuiSolutionChangeRow, DuiSolutionRow } from './dui-solution.entity';
import type { DuiCouloir, DuiProfile, DuiReferencingStatus, DuiSolution, DuiSolutionInput, DuiSolutionUpdateInput } from './dui-solution.types';

export function toDuiSolution(row: DuiSolutionRow): DuiSolution {
  return {
    id: row.id,
    editor: row.editor,
    product: row.product,
    version: row.version,
    couloir: row.couloir as DuiCouloir,
    vague: row.vague,
    profile: row.profile as DuiProfile,
    referencingStatus: row.referencingStatus as DuiReferencingStatus,
    demo: row.demo,
    updatedAt: row.updatedAt,
    lastChangedBy: row.updatedBy,
  };
}

export const duiSolutionLoader = (ctx: SubgraphContext) =>
  loaderFor<string, DuiSolution>(ctx, 'duiSolution', async (ids) =>
    byKeys(ids, (await ctx.db.getRepository(DuiSolutionRow).findBy({ id: In([...ids]) })).map(toDuiSolution), (s) => s.id),
  );

function snapshot(row: DuiSolutionRow): Record<string, unknown> {
  const { editor, product, version, couloir, vague, profile, referencingStatus, demo } = row;
  return { editor, product, version, couloir, vague, profile, referencingStatus, demo };
}

function clean(value: string | undefined, field: string, label: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value.trim();
  if (!v || v.length > 200) throw badInput(`${label} est obligatoire (200 caractères au plus).`, { field });
  return v;
}

function checkVague(vague: number | undefined): void {
  if (vague !== undefined && vague !== null && vague !== 1 && vague !== 2) {
    throw badInput(`La vague du Ségur numérique doit être 1 ou 2 (reçu ${vague}).`, { field: 'vague' });
  }
}

async function assertUnique(manager: EntityManager, row: Pick<DuiSolutionRow, 'editor' | 'product' | 'version' | 'profile'>, exceptId?: string) {
  const same = await manager.getRepository(DuiSolutionRow).findOneBy({ editor: row.editor, product: row.product, version: row.version, profile: row.profile });
  if (same && same.id !== exceptId) {
    throw conflict(`La solution « ${row.editor} — ${row.product} ${row.version} » (profil ${row.profile}) existe déjà au catalogue : modifiez-la plutôt que de la recréer.`);
  }
}

async function record(manager: EntityManager, solutionId: string, action: string, by: string, at: Date, before: DuiSolutionRow | null, after: DuiSolutionRow) {
  await manager.insert(DuiSolutionChangeRow, {
    id: randomUUID(),
    solutionId,
    action,
    changedBy: by,
    changedAt: at,
    before: (before ? snapshot(before) : null) as never,
    after: snapshot(after) as never,
  });
}

export async function createDuiSolution(db: DataSource, input: DuiSolutionInput, by: string): Promise<DuiSolutionRow> {
  checkVague(input.vague);
  return db.transaction(async (manager) => {
    const now = new Date();
    const row = manager.create(DuiSolutionRow, {
      id: randomUUID(),
      editor: clean(input.editor, 'editor', 'L’éditeur') as string,
      product: clean(input.product, 'product', 'Le produit') as string,
      version: clean(input.version, 'version', 'La version') as string,
      couloir: input.couloir,
      vague: input.vague,
      profile: input.profile,
      referencingStatus: input.referencingStatus,
      demo: false,
      createdAt: now,
      updatedAt: now,
      updatedBy: by,
    });
    await assertUnique(manager, row);
    await manager.insert(DuiSolutionRow, row);
    await record(manager, row.id, 'CREATE', by, now, null, row);
    return row;
  });
}

async function change(db: DataSource, id: string, by: string, action: string, apply: (row: DuiSolutionRow) => void): Promise<DuiSolutionRow> {
  return db.transaction(async (manager) => {
    const repo = manager.getRepository(DuiSolutionRow);
    const before = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!before) throw notFound('Cette solution n’existe pas au catalogue : vérifiez son identifiant.');
    const after = repo.create({ ...before });
    apply(after);
    await assertUnique(manager, after, id);
    const now = new Date();
    after.updatedAt = now;
    after.updatedBy = by;
    await repo.update({ id }, {
      editor: after.editor,
      product: after.product,
      version: after.version,
      couloir: after.couloir,
      vague: after.vague,
      profile: after.profile,
      referencingStatus: after.referencingStatus,
      updatedAt: now,
      updatedBy: by,
    });
    await record(manager, id, action, by, now, before, after);
    return after;
  });
}

export function updateDuiSolution(db: DataSource, id: string, input: DuiSolutionUpdateInput, by: string): Promise<DuiSolutionRow> {
  checkVague(input.vague ?? undefined);
  return change(db, id, by, 'UPDATE', (row) => {
    row.editor = clean(input.editor ?? undefined, 'editor', 'L’éditeur') ?? row.editor;
    row.product = clean(input.product ?? undefined, 'product', 'Le produit') ?? row.product;
    row.version = clean(input.version ?? undefined, 'version', 'La version') ?? row.version;
    row.couloir = input.couloir ?? row.couloir;
    row.vague = input.vague ?? row.vague;
    row.profile = input.profile ?? row.profile;
  });
}

export function setDuiReferencingStatus(db: DataSource, id: string, status: DuiReferencingStatus, by: string): Promise<DuiSolutionRow> {
  return change(db, id, by, 'SET_REFERENCING_STATUS', (row) => {
    row.referencingStatus = status;
  });
}

/** Demo only: the fictional catalogue of the reference module, inserted when absent (CNSA edits are kept). */
export async function loadDemoCatalogue(manager: EntityManager): Promise<number> {
  const now = new Date();
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(DuiSolutionRow)
    .values(
      DUI_CATALOGUE.map((s) => ({
        id: s.id,
        editor: s.editor,
        product: s.product,
        version: s.version,
        couloir: s.couloir,
        vague: s.vague,
        profile: s.profile,
        referencingStatus: s.referencingStatus,
        demo: true,
        createdAt: now,
        updatedAt: now,
        updatedBy: 'demo',
      })),
    )
    .orIgnore()
    .returning(['id'])
    .execute();
  return Array.isArray(result.raw) ? result.raw.length : 0;
}

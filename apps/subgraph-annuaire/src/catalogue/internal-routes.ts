import { HttpError, type InternalRoute } from '@esms/server-kit';
import { In } from 'typeorm';
import { DuiSolutionRow } from './dui-solution.entity';

/**
 * POST /internal/dui-solutions/facts { ids: string[] } → { [id]: { editor, product, version, couloir,
 * vague, profile, referencingStatus, demo } } for the known solutions (rule E08 in subgraph-candidature).
 */
export const duiSolutionsFacts: InternalRoute = async (body, ctx) => {
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string') || ids.length > 500) {
    throw new HttpError(400, 'BAD_REQUEST', 'Le corps doit être { "ids": ["…"] } (500 identifiants au plus).');
  }
  if (ids.length === 0) return {};
  const rows = await ctx.db.getRepository(DuiSolutionRow).findBy({ id: In([...new Set(ids as string[])]) });
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      { editor: r.editor, product: r.product, version: r.version, couloir: r.couloir, vague: r.vague, profile: r.profile, referencingStatus: r.referencingStatus, demo: r.demo },
    ]),
  );
};

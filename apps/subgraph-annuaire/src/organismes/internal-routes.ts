import { checkFiness } from '@esms/domain';
import type { InternalRoute } from '@esms/server-kit';
import { In } from 'typeorm';
import { readKeyList } from '../establishments/internal-routes';
import { countOpenEssms } from './organisme.loaders';
import { OrganismeRow } from './organisme.entity';

/** POST /internal/organismes/sizes { finessEj: string[] } → { [finessEj]: open ESSMS count } for the known organismes. */
export const organismesSizes: InternalRoute = async (body, ctx) => {
  const keys = readKeyList(body, 'finessEj').filter((f) => checkFiness(f).ok);
  if (keys.length === 0) return {};
  const known = await ctx.db.getRepository(OrganismeRow).find({ select: { finessEj: true }, where: { finessEj: In(keys) } });
  const counts = await countOpenEssms(ctx.db.manager, keys);
  return Object.fromEntries(known.map((o) => [o.finessEj, counts.get(o.finessEj) ?? 0]));
};


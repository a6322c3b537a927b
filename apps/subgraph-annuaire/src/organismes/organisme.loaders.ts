import { byKeys, loaderFor, type SubgraphContext } from '@esms/server-kit';
import { In, type EntityManager } from 'typeorm';
import { EstablishmentRow } from '../establishments/establishment.entity';
import { OrganismeRow } from './organisme.entity';
import type { OrganismeGestionnaire } from './organisme.types';

export function toOrganisme(row: OrganismeRow): OrganismeGestionnaire {
  return {
    finessEj: row.finessEj,
    name: row.name,
    legalStatus: row.legalStatus,
    siren: row.siren,
    address:
      row.addressLine === null && row.city === null
        ? null
        : { line: row.addressLine ?? '', postalCode: row.postalCode ?? '', city: row.city ?? '', communeCode: row.communeCode ?? '' },
    departement: row.departement,
    regionCode: row.regionCode,
    closed: row.closed,
  };
}

export const organismeLoader = (ctx: SubgraphContext) =>
  loaderFor<string, OrganismeGestionnaire>(ctx, 'organisme', async (keys) =>
    byKeys(keys, (await ctx.db.getRepository(OrganismeRow).findBy({ finessEj: In([...keys]) })).map(toOrganisme), (o) => o.finessEj),
  );

/** Number of open ESSMS per organisme (FINESS EJ); organismes without any are absent from the map. One query. */
export async function countOpenEssms(manager: EntityManager, finessEj: readonly string[]): Promise<Map<string, number>> {
  if (finessEj.length === 0) return new Map();
  const rows: { finess_ej: string; count: string | number }[] = await manager
    .getRepository(EstablishmentRow)
    .createQueryBuilder('e')
    .select('e.finess_ej', 'finess_ej')
    .addSelect('COUNT(*)', 'count')
    .where('e.finess_ej IN (:...keys)', { keys: [...new Set(finessEj)] })
    .andWhere('e.closed = false')
    .groupBy('e.finess_ej')
    .getRawMany();
  return new Map(rows.map((r) => [r.finess_ej, Number(r.count)]));
}

export const essmsCountLoader = (ctx: SubgraphContext) =>
  loaderFor<string, number>(ctx, 'organisme.essmsCount', async (keys) => {
    const counts = await countOpenEssms(ctx.db.manager, keys);
    return keys.map((k) => counts.get(k) ?? 0);
  });

import { byKeys, loaderFor, type SubgraphContext } from '@esms/server-kit';
import { In, type EntityManager } from 'typeorm';
import { EstablishmentRow } from './establishment.entity';
import type { Establishment } from './establishment.types';

export function toEstablishment(row: EstablishmentRow): Establishment {
  return {
    finess: row.finess,
    finessEj: row.finessEj,
    name: row.name,
    category: row.category,
    categoryLabel: row.categoryLabel,
    address: { line: row.addressLine ?? '', postalCode: row.postalCode ?? '', city: row.city ?? '', communeCode: row.communeCode ?? '' },
    departement: row.departement,
    regionCode: row.regionCode,
    closed: row.closed,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
  };
}

/** Establishments by FINESS ET, in the order asked, null when unknown. One query. */
export async function findEstablishments(manager: EntityManager, finess: readonly string[]): Promise<(EstablishmentRow | null)[]> {
  if (finess.length === 0) return [];
  const rows = await manager.getRepository(EstablishmentRow).findBy({ finess: In([...new Set(finess)]) });
  return byKeys(finess, rows, (r) => r.finess);
}

/** Establishments by FINESS ET: one SQL query per batch (root fields and `_entities` alike). */
export const establishmentLoader = (ctx: SubgraphContext) =>
  loaderFor<string, Establishment>(ctx, 'establishment', async (keys) =>
    (await findEstablishments(ctx.db.manager, keys)).map((row) => (row ? toEstablishment(row) : null)),
  );

/** The establishments of each organisme (FINESS EJ), open ones first then by FINESS. */
export const establishmentsByOrganismeLoader = (ctx: SubgraphContext) =>
  loaderFor<string, Establishment[]>(ctx, 'establishment.byOrganisme', async (keys) => {
    const rows = await ctx.db.getRepository(EstablishmentRow).find({ where: { finessEj: In([...keys]) }, order: { finess: 'ASC' } });
    return keys.map((ej) => rows.filter((r) => r.finessEj === ej).map(toEstablishment));
  });

import { byKeys, loaderFor, type SubgraphContext } from '@esms/server-kit';
import { In } from 'typeorm';
import { ArsContactRow, DepartementRow, GradesRow, RegionRow } from './region.entity';
import type { ArsContacts, Departement, Grades, Region } from './region.types';

export function toRegion(row: RegionRow): Region {
  return { code: row.code, name: row.name, isOverseas: row.isOverseas, isCorse: row.isCorse };
}

/** Regions by code: one query per batch (field resolvers and `_entities` alike). */
export const regionLoader = (ctx: SubgraphContext) =>
  loaderFor<string, Region>(ctx, 'region', async (codes) =>
    byKeys(codes, (await ctx.db.getRepository(RegionRow).findBy({ code: In([...codes]) })).map(toRegion), (r) => r.code),
  );

export const departementsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, Departement[]>(ctx, 'region.departements', async (codes) => {
    const rows = await ctx.db.getRepository(DepartementRow).find({ where: { regionCode: In([...codes]) }, order: { code: 'ASC' } });
    return codes.map((code) => rows.filter((d) => d.regionCode === code).map((d) => ({ code: d.code, name: d.name, regionCode: d.regionCode })));
  });

export const arsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, ArsContacts>(ctx, 'region.ars', async (codes) => {
    const rows = await ctx.db.getRepository(ArsContactRow).findBy({ regionCode: In([...codes]) });
    const found = byKeys(codes, rows, (r) => r.regionCode);
    return found.map((row) => ({
      genericEmails: row?.genericEmails ?? [],
      referents: (row?.referents ?? []).map((r) => ({ name: r.name, email: r.email })),
      absentFromAnnex: row ? row.absentFromAnnex : true,
    }));
  });

export const gradesLoader = (ctx: SubgraphContext) =>
  loaderFor<string, Grades>(ctx, 'region.grades', async (codes) => {
    const rows = await ctx.db.getRepository(GradesRow).findBy({ regionCode: In([...codes]) });
    return byKeys(codes, rows, (r) => r.regionCode).map((row) =>
      row
        ? {
            name: row.name,
            contacts: row.contacts.map((c) => ({ name: c.name, role: c.role ?? null, email: c.email ?? null })),
            website: row.website,
            note: row.note,
          }
        : null,
    );
  });

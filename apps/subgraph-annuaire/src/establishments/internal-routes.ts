import { checkFiness } from '@esms/domain';
import { HttpError, type InternalRoute } from '@esms/server-kit';
import { countOpenEssms } from '../organismes/organisme.loaders';
import { isSmallOrganisme } from '../organismes/organisme-size';
import { OrganismeRow } from '../organismes/organisme.entity';
import { In } from 'typeorm';
import { findEstablishments } from './establishment.loaders';
import { MAX_BATCH } from './establishment.resolver';
import { getEssmsCategory } from '../finess/essms-categories';

export interface EstablishmentLookup {
  finess: string;
  name: string;
  regionCode: string | null;
  departement: string | null;
  finessEj: string;
  category: string;
  /** Field of the category in the FINESS nomenclature (PA, PH_ADULTES…), null when not an ESSMS category. */
  field: string | null;
  closed: boolean;
  organismeEssmsCount: number;
  organismeIsSmall: boolean;
}

/** A list of FINESS numbers from a JSON body, normalised; 400 when the body is not one. */
export function readKeyList(body: unknown, field: string): string[] {
  const list = (body as Record<string, unknown> | null)?.[field];
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
    throw new HttpError(400, 'BAD_REQUEST', `Le corps doit être { "${field}": ["…"] } (liste de numéros FINESS).`);
  }
  if (list.length > MAX_BATCH) throw new HttpError(400, 'BAD_REQUEST', `Au plus ${MAX_BATCH} numéros par appel (${list.length} reçus).`);
  return [...new Set((list as string[]).map((x) => x.trim().toUpperCase()))];
}

/**
 * POST /internal/establishments/lookup { finess: string[] } → the known ESSMS among them (unknown or
 * malformed numbers are simply absent), with the size of their organisme gestionnaire. Two queries.
 */
export const establishmentsLookup: InternalRoute = async (body, ctx) => {
  const keys = readKeyList(body, 'finess').filter((f) => checkFiness(f).ok);
  const rows = (await findEstablishments(ctx.db.manager, keys)).filter((r) => r !== null);
  const ejs = [...new Set(rows.map((r) => r.finessEj))];
  const counts = await countOpenEssms(ctx.db.manager, ejs);
  const organismes = ejs.length ? await ctx.db.getRepository(OrganismeRow).findBy({ finessEj: In(ejs) }) : [];
  const regionOf = new Map(organismes.map((o) => [o.finessEj, o.regionCode]));
  return rows.map((r): EstablishmentLookup => {
    const count = counts.get(r.finessEj) ?? 0;
    return {
      finess: r.finess,
      name: r.name,
      regionCode: r.regionCode,
      departement: r.departement,
      finessEj: r.finessEj,
      category: r.category,
      field: getEssmsCategory(r.category)?.field ?? null,
      closed: r.closed,
      organismeEssmsCount: count,
      organismeIsSmall: isSmallOrganisme(r.finessEj, count, regionOf.get(r.finessEj) ?? r.regionCode),
    };
  });
};


/**
 * POST /internal/establishments/facts { finess: string[] } → { [finess]: { name, category, finessEj,
 * regionCode, departement, closed } } for the known ESSMS (the shape subgraph-candidature reads).
 */
export const establishmentsFacts: InternalRoute = async (body, ctx) => {
  const keys = readKeyList(body, 'finess').filter((f) => checkFiness(f).ok);
  const rows = (await findEstablishments(ctx.db.manager, keys)).filter((r) => r !== null);
  return Object.fromEntries(
    rows.map((r) => [r.finess, { name: r.name, category: r.category, finessEj: r.finessEj, regionCode: r.regionCode, departement: r.departement, closed: r.closed }]),
  );
};

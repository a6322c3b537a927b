/**
 * Applies a parsed FiNESS flow to the directory: `planFinessImport` (pure diff) against the rows the
 * database holds for the same FINESS numbers, then inserts/updates inside ONE transaction (its own
 * EntityManager only — PGlite is a single session), and writes the `finess_import` log row in it.
 * Idempotent: the same flow a second time plans nothing (0 inserted, 0 updated).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { EstablishmentRow, FinessImportRow } from '../establishments/establishment.entity';
import { searchTextOf } from '../establishments/search-text';
import { OrganismeRow } from '../organismes/organisme.entity';
import type { EstablishmentRecord, OrganismeRecord, ParsedFinessFlow } from './finess-flow';
import { planFinessImport, type FinessImportPlan } from './finess-import';

export interface FinessImportOptions {
  /** Shown in the log row (file name, or `demo`). */
  fileName: string;
  /** `generatedAt` of the flow, if any. */
  flowGeneratedAt?: string | null;
  importedBy?: string | null;
}

export interface FinessImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export interface FinessImportResult extends FinessImportCounts {
  importId: string;
  organismes: { inserted: number; updated: number; unchanged: number };
  establishments: { inserted: number; updated: number; unchanged: number };
  warnings: number;
  plan: FinessImportPlan;
}

const CHUNK = 500;

// --- rows <-> the parser's records (same shape, so the plan compares like with like) ---

const opt = <K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: string };

export function organismeRecordOf(row: OrganismeRow): OrganismeRecord {
  return {
    finessEj: row.finessEj,
    name: row.name,
    ...opt('legalStatus', row.legalStatus),
    ...opt('siren', row.siren),
    address: { line: row.addressLine ?? '', postalCode: row.postalCode ?? '', city: row.city ?? '', communeCode: row.communeCode ?? '' },
    departement: row.departement ?? '',
    regionCode: row.regionCode ?? '',
    closed: row.closed,
  };
}

export function establishmentRecordOf(row: EstablishmentRow): EstablishmentRecord {
  return {
    finess: row.finess,
    finessEj: row.finessEj,
    name: row.name,
    category: row.category,
    ...opt('categoryLabel', row.categoryLabel),
    ...opt('siret', row.siret),
    address: { line: row.addressLine ?? '', postalCode: row.postalCode ?? '', city: row.city ?? '', communeCode: row.communeCode ?? '' },
    departement: row.departement ?? '',
    regionCode: row.regionCode ?? '',
    closed: row.closed,
    ...opt('openedOn', row.openedOn),
    ...opt('closedOn', row.closedOn),
  };
}

function organismeRowOf(r: OrganismeRecord, now: Date): OrganismeRow {
  return {
    finessEj: r.finessEj,
    name: r.name,
    siren: r.siren ?? null,
    legalStatus: r.legalStatus ?? null,
    addressLine: r.address.line,
    postalCode: r.address.postalCode,
    city: r.address.city,
    communeCode: r.address.communeCode,
    departement: r.departement || null,
    regionCode: r.regionCode || null,
    closed: r.closed,
    updatedAt: now,
  };
}

function establishmentRowOf(r: EstablishmentRecord, now: Date): EstablishmentRow {
  return {
    finess: r.finess,
    finessEj: r.finessEj,
    name: r.name,
    category: r.category,
    siret: r.siret ?? null,
    categoryLabel: r.categoryLabel ?? null,
    addressLine: r.address.line,
    postalCode: r.address.postalCode,
    city: r.address.city,
    communeCode: r.address.communeCode,
    departement: r.departement || null,
    regionCode: r.regionCode || null,
    closed: r.closed,
    openedOn: r.openedOn ?? null,
    closedOn: r.closedOn ?? null,
    searchText: searchTextOf([r.name, r.address.city, r.address.postalCode, r.finess, r.finessEj]),
    updatedAt: now,
  };
}

async function upsertChunks<T extends object>(manager: EntityManager, target: new () => T, rows: T[], key: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await manager.upsert(target, rows.slice(i, i + CHUNK) as any, [key]);
  }
}

/** Imports a parsed flow in one transaction and logs it. */
export async function applyFinessImport(db: DataSource, parsed: ParsedFinessFlow, options: FinessImportOptions): Promise<FinessImportResult> {
  return db.transaction(async (manager) => {
    const ejKeys = parsed.organismes.map((o) => o.finessEj);
    const etKeys = parsed.establishments.map((e) => e.finess);
    const existingOrganismes = ejKeys.length
      ? await manager.getRepository(OrganismeRow).createQueryBuilder('o').where('o.finess_ej = ANY(:keys)', { keys: ejKeys }).getMany()
      : [];
    const existingEstablishments = etKeys.length
      ? await manager.getRepository(EstablishmentRow).createQueryBuilder('e').where('e.finess = ANY(:keys)', { keys: etKeys }).getMany()
      : [];
    const plan = planFinessImport(parsed, {
      organismes: existingOrganismes.map(organismeRecordOf),
      establishments: existingEstablishments.map(establishmentRecordOf),
    });

    const now = new Date();
    // Organismes first (establishments reference them).
    await upsertChunks(manager, OrganismeRow, [...plan.toInsert.organismes, ...plan.toUpdate.organismes.map((u) => u.after)].map((r) => organismeRowOf(r, now)), 'finessEj');
    await upsertChunks(
      manager,
      EstablishmentRow,
      [...plan.toInsert.establishments, ...plan.toUpdate.establishments.map((u) => u.after)].map((r) => establishmentRowOf(r, now)),
      'finess',
    );

    const organismes = { inserted: plan.toInsert.organismes.length, updated: plan.toUpdate.organismes.length, unchanged: plan.unchanged.organismes.length };
    const establishments = {
      inserted: plan.toInsert.establishments.length,
      updated: plan.toUpdate.establishments.length,
      unchanged: plan.unchanged.establishments.length,
    };
    const counts: FinessImportCounts = {
      inserted: organismes.inserted + establishments.inserted,
      updated: organismes.updated + establishments.updated,
      unchanged: organismes.unchanged + establishments.unchanged,
      skipped: parsed.skipped.length,
    };
    const importId = randomUUID();
    await manager.insert(FinessImportRow, {
      id: importId,
      fileName: options.fileName,
      flowGeneratedAt: options.flowGeneratedAt ?? null,
      ...counts,
      skippedDetails: [...parsed.skipped],
      importedAt: now,
      importedBy: options.importedBy ?? null,
    });
    return { importId, ...counts, organismes, establishments, warnings: parsed.warnings.length, plan };
  });
}

/** The counts, in French, for the command line and the logs. */
export function describeImport(result: FinessImportResult): string {
  const { organismes: o, establishments: e } = result;
  return [
    `Import FiNESS terminé : ${result.inserted} ajout(s), ${result.updated} mise(s) à jour, ${result.unchanged} inchangé(s), ${result.skipped} ignoré(s).`,
    `  Organismes gestionnaires : ${o.inserted} ajouté(s), ${o.updated} mis à jour, ${o.unchanged} inchangé(s).`,
    `  ESSMS : ${e.inserted} ajouté(s), ${e.updated} mis à jour, ${e.unchanged} inchangé(s).`,
    ...(result.warnings ? [`  ${result.warnings} avertissement(s) : voir le détail de l’import.`] : []),
  ].join('\n');
}

import { REGIONS } from '@esms/domain';
import departementsData from '@etalab/decoupage-administratif/data/departements.json';
import type { DataSource, EntityManager } from 'typeorm';
import { ProgrammeActorRow } from '../actors/programme-actor.entity';
import { ARS_CONTACTS } from '../reference/ars-contacts';
import { PROGRAMME_ACTORS } from '../reference/programme-actors';
import { ArsContactRow, DepartementRow, GradesRow, RegionRow } from './region.entity';

interface EtalabDepartement {
  code: string;
  nom: string;
  region: string;
}

/**
 * Reference data sync (idempotent upsert, one transaction): regions from `REGIONS` of @esms/domain,
 * départements from the official INSEE list, ARS referents and GRADeS (seed 004), programme actors (000).
 * Never typed by hand here: the sources are the domain library and the reference modules.
 */
export async function syncReferenceData(db: DataSource): Promise<{ regions: number; departements: number; actors: number }> {
  return db.transaction(async (manager: EntityManager) => {
    const now = new Date();
    await manager.upsert(
      RegionRow,
      REGIONS.map((r) => ({ code: r.code, name: r.name, isOverseas: r.isOverseas, isCorse: r.isCorse })),
      ['code'],
    );
    const regionCodes = new Set(REGIONS.map((r) => r.code));
    const departements = (departementsData as EtalabDepartement[])
      .filter((d) => regionCodes.has(d.region))
      .map((d) => ({ code: d.code, name: d.nom, regionCode: d.region }));
    await manager.upsert(DepartementRow, departements, ['code']);

    const contacts = Object.values(ARS_CONTACTS).filter((c) => regionCodes.has(c.regionCode));
    await manager.upsert(
      ArsContactRow,
      contacts.map((c) => ({
        regionCode: c.regionCode,
        genericEmails: [...c.ars.genericMailboxes],
        referents: c.ars.referents.map((r) => ({ name: r.name, email: r.email })),
        absentFromAnnex: c.absentFromAnnex.ars,
        updatedAt: now,
      })),
      ['regionCode'],
    );
    const grades = contacts.flatMap((c) => (c.grades ? [{ regionCode: c.regionCode, grades: c.grades }] : []));
    if (grades.length) {
      await manager.upsert(
        GradesRow,
        grades.map(({ regionCode, grades: g }) => ({
          regionCode,
          name: g.name,
          contacts: g.contacts.map((x) => ({ name: x.name, role: x.role ?? null, email: x.email ?? null })),
          website: g.website ?? null,
          note: g.note ?? null,
          updatedAt: now,
        })),
        ['regionCode'],
      );
    }
    await manager.upsert(
      ProgrammeActorRow,
      PROGRAMME_ACTORS.map((a, position) => ({ id: a.id, acronym: a.acronym, name: a.name, role: a.role, level: a.level, position })),
      ['id'],
    );
    return { regions: REGIONS.length, departements: departements.length, actors: PROGRAMME_ACTORS.length };
  });
}

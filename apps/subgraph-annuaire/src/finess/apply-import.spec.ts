import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnnuaireForTest, readSampleFlow, SAMPLE_FLOW_PATH, type AnnuaireTestServer } from '../demo/start-for-tests';
import { EstablishmentRow, FinessImportRow } from '../establishments/establishment.entity';
import { OrganismeRow } from '../organismes/organisme.entity';
import { applyFinessImport, describeImport } from './apply-import';
import { parseFinessFlow } from './finess-flow';
import { runImportCommand } from './import-command';

/** Table contents without the update timestamps. */
async function snapshot(t: AnnuaireTestServer) {
  const organismes = await t.db.dataSource.getRepository(OrganismeRow).find({ order: { finessEj: 'ASC' } });
  const establishments = await t.db.dataSource.getRepository(EstablishmentRow).find({ order: { finess: 'ASC' } });
  return {
    organismes: organismes.map(({ updatedAt: _u, ...rest }) => rest),
    establishments: establishments.map(({ updatedAt: _u, ...rest }) => rest),
    updatedAt: [...organismes, ...establishments].map((r) => r.updatedAt.toISOString()),
  };
}

describe('FiNESS import (apply-import)', () => {
  let t: AnnuaireTestServer;
  beforeAll(async () => {
    t = await startAnnuaireForTest();
  }, 60_000);
  afterAll(() => t?.stop());

  it('imports the real sample, then a second run changes nothing', async () => {
    const parsed = parseFinessFlow(readSampleFlow());
    const first = await applyFinessImport(t.db.dataSource, parsed, { fileName: 'sample-structures.json' });
    expect(first.organismes).toEqual({ inserted: 4, updated: 0, unchanged: 0 });
    expect(first.establishments).toEqual({ inserted: 8, updated: 0, unchanged: 0 });
    expect(first.skipped).toBeGreaterThanOrEqual(2); // the clinic and its organisme
    const before = await snapshot(t);

    const second = await applyFinessImport(t.db.dataSource, parseFinessFlow(readSampleFlow()), { fileName: 'sample-structures.json' });
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 12, skipped: first.skipped });
    expect(await snapshot(t)).toEqual(before);
    expect(describeImport(second)).toContain('0 ajout(s), 0 mise(s) à jour, 12 inchangé(s)');

    const logs = await t.db.dataSource.getRepository(FinessImportRow).find({ order: { importedAt: 'ASC' } });
    expect(logs.map((l) => [l.inserted, l.updated, l.unchanged, l.skipped])).toEqual([
      [12, 0, 0, first.skipped],
      [0, 0, 12, first.skipped],
    ]);
    expect(JSON.stringify(logs[0].skippedDetails)).toContain('010780195');
  });

  it('leaves the clinic (category 365) out and keeps the closed establishment closed', async () => {
    const repo = t.db.dataSource.getRepository(EstablishmentRow);
    expect(await repo.findOneBy({ finess: '010780195' })).toBeNull();
    expect(await t.db.dataSource.getRepository(OrganismeRow).findOneBy({ finessEj: '010000156' })).toBeNull();
    expect(await repo.findOneBy({ finess: '010790061' })).toMatchObject({ closed: true, closedOn: '1994-09-02', category: '182' });
  });

  it('applies a change from the flow as an update (closure), in one transaction', async () => {
    const flow = readSampleFlow() as { pmej: { ege: { informationsGeneralesEGE: Record<string, string>; etatObjet: string }[] }[] };
    const ege = flow.pmej[0].ege[1]; // SSIAD 010006401
    ege.etatObjet = 'I';
    ege.informationsGeneralesEGE['dateFermeture'] = '2026-01-31';
    const result = await applyFinessImport(t.db.dataSource, parseFinessFlow(flow), { fileName: 'modified.json' });
    expect(result.establishments).toEqual({ inserted: 0, updated: 1, unchanged: 7 });
    expect(result.plan.toUpdate.establishments[0].changes).toEqual(['closed', 'closedOn']);
    expect(await t.db.dataSource.getRepository(EstablishmentRow).findOneBy({ finess: '010006401' })).toMatchObject({ closed: true, closedOn: '2026-01-31' });
  });

  it('rolls everything back when the import fails midway', async () => {
    const parsed = parseFinessFlow(readSampleFlow());
    const broken = { ...parsed, establishments: [...parsed.establishments, { ...parsed.establishments[0], finess: '010000001', finessEj: '999999999' }] };
    const count = await t.db.dataSource.getRepository(FinessImportRow).count();
    await expect(applyFinessImport(t.db.dataSource, broken, { fileName: 'broken.json' })).rejects.toThrow();
    expect(await t.db.dataSource.getRepository(FinessImportRow).count()).toBe(count);
    expect(await t.db.dataSource.getRepository(EstablishmentRow).findOneBy({ finess: '010000001' })).toBeNull();
  });
});

describe('import command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'annuaire-import-'));
  const env = { ...process.env };
  beforeAll(() => {
    process.env['ESMS_DATA_DIR'] = dir;
    delete process.env['DATABASE_URL'];
    delete process.env['DATABASE_URL_ANNUAIRE'];
  });
  afterAll(() => {
    process.env = env;
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the counts in French, twice idempotent', async () => {
    const lines: string[] = [];
    expect(await runImportCommand([SAMPLE_FLOW_PATH], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/^Import FiNESS terminé : 12 ajout\(s\), 0 mise\(s\) à jour/);
    expect(lines.join('\n')).toContain('010780195');
    lines.length = 0;
    expect(await runImportCommand([SAMPLE_FLOW_PATH], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/0 ajout\(s\), 0 mise\(s\) à jour, 12 inchangé\(s\)/);
  }, 60_000);

  it('explains a missing or unreadable file', async () => {
    const lines: string[] = [];
    expect(await runImportCommand([], (l) => lines.push(l))).toBe(2);
    expect(await runImportCommand([join(dir, 'absent.json')], (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toMatch(/Usage.*\n.*Impossible de lire/);
  });
});

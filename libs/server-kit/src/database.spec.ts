import 'reflect-metadata';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import type { Database } from './database';
import { openTestDatabase } from './testing';

@Entity('first_row_probe')
class ProbeRow {
  @PrimaryColumn() id!: string;
  @Column() label!: string;
}

class CreateProbe1700000000001 implements MigrationInterface {
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE first_row_probe (id text PRIMARY KEY, label text NOT NULL)`);
    await q.query(`INSERT INTO first_row_probe VALUES ('a', 'Alpha'), ('b', 'Beta')`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE first_row_probe`);
  }
}

// SECURITY.md, undefined ids: a missing id must never become "no condition" (the first row).
describe('openDatabase: null/undefined in where', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase({ name: 'where-probe', entities: [ProbeRow], migrations: [CreateProbe1700000000001] });
  }, 60_000);
  afterAll(async () => db?.close());

  it('is configured to throw', () => {
    expect(db.dataSource.options.invalidWhereValuesBehavior).toEqual({ null: 'throw', undefined: 'throw' });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
  ])('findOneBy({ id: %s }) throws instead of returning the first row', async (_label, id) => {
    const repo = db.dataSource.getRepository(ProbeRow);
    await expect(repo.findOneBy({ id: id as unknown as string })).rejects.toThrow(/value encountered/);
    await expect(repo.findOne({ where: { id: id as unknown as string } })).rejects.toThrow(/value encountered/);
    await expect(repo.findBy({ id: id as unknown as string })).rejects.toThrow(/value encountered/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFinessFlow } from './finess-flow';
import {
  FinessSnapshot,
  applyFinessImportPlan,
  canonical,
  isEmptyFinessPlan,
  planFinessImport,
  summarizeFinessPlan,
} from './finess-import';

const parsed = parseFinessFlow(JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'sample-structures.json'), 'utf8')));
const EMPTY: FinessSnapshot = { organismes: [], establishments: [] };

describe('planFinessImport', () => {
  it('inserts everything into an empty database, sorted by FINESS', () => {
    const plan = planFinessImport(parsed, EMPTY);
    expect(plan.toInsert.organismes).toHaveLength(4);
    expect(plan.toInsert.establishments).toHaveLength(8);
    const ets = plan.toInsert.establishments.map((e) => e.finess);
    expect(ets).toEqual([...ets].sort());
    expect(isEmptyFinessPlan(plan)).toBe(false);
  });

  it('is idempotent: the second run of the same flow has nothing to do', () => {
    const first = planFinessImport(parsed, EMPTY);
    const db = applyFinessImportPlan(EMPTY, first);
    const second = planFinessImport(parsed, db);
    expect(isEmptyFinessPlan(second)).toBe(true);
    expect(second.unchanged.organismes).toHaveLength(4);
    expect(second.unchanged.establishments).toHaveLength(8);
    expect(applyFinessImportPlan(db, second)).toEqual(db);
    // and a re-parse of the same flow (new objects, same content) is also a no-op
    const again = parseFinessFlow(JSON.parse(readFileSync(join(__dirname, '__fixtures__', 'sample-structures.json'), 'utf8')));
    expect(isEmptyFinessPlan(planFinessImport(again, db))).toBe(true);
  });

  it('updates what changed (a closure, a name) and lists only the changed fields', () => {
    const db = applyFinessImportPlan(EMPTY, planFinessImport(parsed, EMPTY));
    const next = {
      organismes: parsed.organismes.map((o) => (o.finessEj === '010000347' ? { ...o, name: 'RESIDENCE D URFE' } : o)),
      establishments: parsed.establishments.map((e) =>
        e.finess === '010780906' ? { ...e, closed: true, closedOn: '2026-01-31' } : e,
      ),
    };
    const plan = planFinessImport(next, db);
    expect(plan.toInsert.organismes).toEqual([]);
    expect(plan.toUpdate.organismes.map((u) => [u.key, u.changes])).toEqual([['010000347', ['name']]]);
    expect(plan.toUpdate.establishments.map((u) => [u.key, u.changes])).toEqual([['010780906', ['closed', 'closedOn']]]);
    expect(summarizeFinessPlan(plan)).toMatchObject({ organismesToUpdate: 1, establishmentsToUpdate: 1, establishmentsUnchanged: 7 });
    const after = applyFinessImportPlan(db, plan);
    expect(isEmptyFinessPlan(planFinessImport(next, after))).toBe(true);
  });

  it('never deletes what the flow does not mention, but reports it', () => {
    const db = applyFinessImportPlan(EMPTY, planFinessImport(parsed, EMPTY));
    const partial = { organismes: parsed.organismes.slice(1), establishments: parsed.establishments.slice(2) };
    const plan = planFinessImport(partial, db);
    expect(isEmptyFinessPlan(plan)).toBe(true);
    expect(plan.absentFromFlow.organismes).toEqual([parsed.organismes[0].finessEj]);
    expect(plan.absentFromFlow.establishments).toHaveLength(2);
    expect(applyFinessImportPlan(db, plan).establishments).toHaveLength(8);
  });

  it('compares records regardless of key order and undefined fields', () => {
    expect(canonical({ b: 1, a: { d: undefined, c: [1, 'x'] } })).toBe(canonical({ a: { c: [1, 'x'] }, b: 1 }));
    expect(canonical({ a: 1 })).not.toBe(canonical({ a: '1' }));
  });
});

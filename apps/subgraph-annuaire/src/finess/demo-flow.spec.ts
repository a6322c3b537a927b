import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFinessFlow } from './finess-flow';
import { applyFinessImportPlan, isEmptyFinessPlan, planFinessImport } from './finess-import';

// The demo flow committed by tools/demo-data (read as a file: apps do not import tools).
const DEMO = join(__dirname, '..', '..', '..', '..', 'tools', 'demo-data', 'demo-structures.json');

(existsSync(DEMO) ? describe : describe.skip)('demo FiNESS flow (tools/demo-data)', () => {
  const parsed = parseFinessFlow(JSON.parse(readFileSync(DEMO, 'utf8')));

  it('re-parses with nothing skipped but the two deliberate non-ESSMS structures, and no warning', () => {
    expect(parsed.skipped).toHaveLength(2);
    expect(parsed.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^Catégorie FINESS 124 /),
      expect.stringMatching(/^Catégorie FINESS 365 /),
    ]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.organismes.length).toBeGreaterThanOrEqual(18);
    expect(parsed.establishments.length).toBeGreaterThan(300);
    expect(parsed.establishments.some((e) => e.closed)).toBe(true);
  });

  it('has the promised mix of small, large and multiregional organismes', () => {
    const byOg = new Map<string, { count: number; regions: Set<string> }>();
    for (const e of parsed.establishments) {
      const s = byOg.get(e.finessEj) ?? { count: 0, regions: new Set<string>() };
      s.count++;
      s.regions.add(e.regionCode);
      byOg.set(e.finessEj, s);
    }
    const stats = [...byOg.values()];
    expect(stats.some((s) => s.count < 15)).toBe(true);
    expect(stats.some((s) => s.count >= 50 && s.regions.size === 1)).toBe(true);
    expect(stats.some((s) => s.count >= 50 && s.regions.size === 2)).toBe(true);
    expect(stats.some((s) => s.count < 50 && s.regions.size > 1)).toBe(true);
    const regions = new Set(parsed.establishments.map((e) => e.regionCode));
    expect([...regions].sort()).toEqual(['04', '11', '28', '53', '93', '94']);
  });

  it('imports idempotently', () => {
    const db = applyFinessImportPlan({ organismes: [], establishments: [] }, planFinessImport(parsed, { organismes: [], establishments: [] }));
    expect(isEmptyFinessPlan(planFinessImport(parsed, db))).toBe(true);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFiness, regionOfDepartement } from '@esms/domain';
import {
  DEMO_DELIBERATE_NON_ESSMS_CATEGORIES,
  DEMO_REGIONS,
  demoCommunesOf,
  generateDemoFinessFlow,
  mulberry32,
  serializeDemoFinessFlow,
} from './generate-finess-flow';

type Json = Record<string, unknown>;
const flow = generateDemoFinessFlow();
const pmej = flow.pmej as Json[];
const eges = (pm: Json) => pm['ege'] as Json[];
const code = (v: unknown) => (v as { code: string }).code;
const etInfo = (e: Json) => e['informationsGeneralesEGE'] as Json;
const address = (x: Json) => (x['adresse'] as Json[])[0];
const departementOfCommune = (c: string) => (c.startsWith('97') ? c.slice(0, 3) : c.slice(0, 2));

/** Checks every `required` list of the JSON schema (with its local $refs) against a document. */
function missingRequired(schema: Json, root: Json, value: unknown, path: string): string[] {
  let s = schema;
  if (typeof s['$ref'] === 'string') {
    const target = (s['$ref'] as string).replace('#/', '').split('/').reduce<unknown>((o, k) => (o as Json | undefined)?.[k], root);
    if (!target) return []; // the published schema references a few undefined definitions
    s = target as Json;
  }
  const out: string[] = [];
  if (Array.isArray(value) && s['items']) {
    value.forEach((v, i) => out.push(...missingRequired(s['items'] as Json, root, v, `${path}[${i}]`)));
    if (typeof s['minItems'] === 'number' && value.length < (s['minItems'] as number)) out.push(`${path}: minItems`);
    return out;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Json;
    for (const r of (s['required'] as string[] | undefined) ?? []) if (!(r in v)) out.push(`${path}.${r}`);
    for (const [k, sub] of Object.entries((s['properties'] as Record<string, Json> | undefined) ?? {})) {
      if (k in v) out.push(...missingRequired(sub, root, v[k], `${path}.${k}`));
    }
  }
  return out;
}

describe('generateDemoFinessFlow', () => {
  it('is deterministic for a seed and varies with the seed', () => {
    expect(serializeDemoFinessFlow(generateDemoFinessFlow(1))).toBe(serializeDemoFinessFlow(flow));
    expect(serializeDemoFinessFlow(generateDemoFinessFlow(2))).not.toBe(serializeDemoFinessFlow(flow));
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('matches the committed demo-structures.json, which stays under 1 MB', () => {
    const committed = readFileSync(join(__dirname, 'demo-structures.json'), 'utf8');
    expect(committed).toBe(serializeDemoFinessFlow(flow));
    expect(Buffer.byteLength(committed)).toBeLessThan(1024 * 1024);
  });

  const schemaPath = '/work/shared/data/finess/schema-structures-v1.json';
  (existsSync(schemaPath) ? it : it.skip)('has every field the official schema requires', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Json;
    expect(missingRequired(schema, schema, flow, '$')).toEqual([]);
  });

  it('has about 20 organismes and a few hundred establishments, all with valid, unique FINESS numbers', () => {
    expect(pmej.length).toBeGreaterThanOrEqual(18);
    const numbers = pmej.flatMap((pm) => [
      (pm['informationsGeneralesPmej'] as Json)['numFinessPm'] as string,
      ...eges(pm).map((e) => etInfo(e)['numFinessEge'] as string),
    ]);
    expect(numbers.length).toBeGreaterThan(300);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) {
      const r = checkFiness(n);
      expect(r.ok && !r.warning ? n : `${n} ${JSON.stringify(r)}`).toBe(n);
    }
  });

  it('uses real communes of the right département, in the six promised regions', () => {
    const regions = new Set<string>();
    for (const pm of pmej) {
      for (const x of [pm, ...eges(pm)]) {
        const a = address(x);
        const commune = a['cogCommune'] as string;
        const dep = departementOfCommune(commune);
        const real = demoCommunesOf(dep).find((c) => c.code === commune);
        expect(real?.code).toBe(commune);
        expect(real?.codesPostaux).toContain(a['codePostal']);
        regions.add(regionOfDepartement(dep) ?? '?');
      }
    }
    expect([...regions].sort()).toEqual([...DEMO_REGIONS].sort());
  });

  it('mixes ESSMS categories, includes closed ones and exactly the deliberate non-ESSMS structures', () => {
    const all = pmej.flatMap(eges);
    const categories = new Set(all.map((e) => code(e['categorieEntiteGeographiqueExercice'])));
    for (const c of ['500', '354', '460', '183', '246', '255', '437', '214', '443', '340']) expect(categories).toContain(c);
    const closed = all.filter((e) => code(e['etatObjet']) === 'I');
    expect(closed.length).toBeGreaterThan(3);
    for (const e of closed) expect(etInfo(e)['dateFermeture']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const nonEssms = all.filter((e) => DEMO_DELIBERATE_NON_ESSMS_CATEGORIES.includes(code(e['categorieEntiteGeographiqueExercice'])));
    expect(nonEssms).toHaveLength(2);
  });

  it('has small, large and multiregional organismes', () => {
    const stats = pmej.map((pm) => {
      const ets = eges(pm).filter((e) => !DEMO_DELIBERATE_NON_ESSMS_CATEGORIES.includes(code(e['categorieEntiteGeographiqueExercice'])));
      const regions = new Set(ets.map((e) => regionOfDepartement(departementOfCommune(address(e)['cogCommune'] as string))));
      return { count: ets.length, regions: regions.size };
    });
    expect(stats.filter((s) => s.count < 15).length).toBeGreaterThanOrEqual(5);
    expect(stats.filter((s) => s.count >= 50).length).toBeGreaterThanOrEqual(2);
    expect(stats.some((s) => s.count >= 50 && s.regions === 2)).toBe(true);
    expect(stats.some((s) => s.count < 50 && s.regions > 1)).toBe(true);
  });
});

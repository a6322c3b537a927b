import { buildFiness, buildGrappe, finessPrefixOf } from './testing';
import { checkFiness } from './lib/finess';

describe('testing fixtures', () => {
  it('buildGrappe gives valid, unique FINESS in the requested département', () => {
    for (const dep of ['14', '2B', '971', '974', '976']) {
      const g = buildGrappe(60, { departement: dep, organismes: 3 });
      expect(new Set(g.map((e) => e.finess)).size).toBe(60);
      for (const e of g) {
        const c = checkFiness(e.finess);
        expect(c.ok && !c.warning && c.departement).toBe(dep);
        expect(c.ok && c.regionCode).toBe(e.regionCode);
        expect(checkFiness(e.organismeFinessEj as string).ok).toBe(true);
      }
    }
  });
  it('finessPrefixOf maps overseas départements to their FINESS prefix', () => {
    expect(finessPrefixOf('974')).toBe('9704');
    expect(finessPrefixOf('976')).toBe('9805');
    expect(buildFiness('14', 1)).toHaveLength(9);
  });
});

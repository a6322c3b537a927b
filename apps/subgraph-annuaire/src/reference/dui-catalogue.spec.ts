import { DUI_CATALOGUE, findDuiSolution, referencedMedicoSocialVague1 } from './dui-catalogue';

describe('DUI catalogue (demo)', () => {
  it('is made of fictional entries flagged demo, with unique ids', () => {
    expect(DUI_CATALOGUE.length).toBeGreaterThan(5);
    expect(new Set(DUI_CATALOGUE.map((s) => s.id)).size).toBe(DUI_CATALOGUE.length);
    for (const s of DUI_CATALOGUE) {
      expect(s.demo).toBe(true);
      expect(s.editor).toMatch(/Démo/);
    }
  });

  it('covers both couloirs, both vagues and the three statuses', () => {
    expect(new Set(DUI_CATALOGUE.map((s) => s.couloir))).toEqual(new Set(['MEDICO_SOCIAL', 'HOSPITALIER']));
    expect(new Set(DUI_CATALOGUE.map((s) => s.vague))).toEqual(new Set([1, 2]));
    expect(new Set(DUI_CATALOGUE.map((s) => s.referencingStatus))).toEqual(
      new Set(['REFERENCED', 'IN_PROGRESS', 'WITHDRAWN']),
    );
  });

  it('selects referenced médico-social vague 1 solutions', () => {
    const ok = referencedMedicoSocialVague1();
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.every((s) => s.couloir === 'MEDICO_SOCIAL' && s.vague === 1 && s.referencingStatus === 'REFERENCED')).toBe(true);
    expect(findDuiSolution(ok[0].id)).toBe(ok[0]);
    expect(findDuiSolution('nope')).toBeUndefined();
  });
});

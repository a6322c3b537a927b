import { checkFiness } from '@esms/domain';
import { buildFiness } from '@esms/domain/testing';
import { organismesOf, scaleFinessFlow } from './seed';

const ege = (finess: string, state = 'A', category = '500') => ({
  informationsGeneralesEGE: { egeId: `e${finess}`, numFinessEge: finess, nomEgeCourt: 'X' },
  etatObjet: { code: state },
  categorieEntiteGeographiqueExercice: { code: category },
  evenement: [{ identifiantObjet1: finess }],
});

describe('scaleFinessFlow', () => {
  const [ej, et1, et2, et3] = [buildFiness('14', 599), buildFiness('14', 1), buildFiness('14', 2), buildFiness('14', 3)];
  const flow = {
    schemaVersion: '1',
    pmej: [
      {
        informationsGeneralesPmej: { pm_smsseId: '1', numFinessPm: ej, denominationLonguePmSmsse: 'Association' },
        ege: [ege(et1), ege(et2, 'I'), ege(et3, 'A', '124')],
      },
    ],
  };

  it('clones organismes with fresh, valid FINESS numbers in the same département, everywhere in the record', () => {
    const scaled = scaleFinessFlow(flow, 3);
    expect(scaled.pmej).toHaveLength(3);
    expect(scaled.pmej[0]).toBe(flow.pmej[0]);
    const all = scaled.pmej.flatMap((p) => [p.informationsGeneralesPmej.numFinessPm, ...p.ege.map((e) => e.informationsGeneralesEGE.numFinessEge)]);
    expect(new Set(all).size).toBe(all.length);
    for (const finess of all) {
      expect(checkFiness(finess).ok).toBe(true);
      expect(finess.slice(0, 2)).toBe('14');
    }
    const clone = scaled.pmej[1];
    expect(clone.ege.map((e) => e.informationsGeneralesEGE.numFinessEge)).not.toContain(et1);
    expect((clone.ege[0]['evenement'] as { identifiantObjet1: string }[])[0].identifiantObjet1).toBe(clone.ege[0].informationsGeneralesEGE.numFinessEge);
    expect(clone.informationsGeneralesPmej.pm_smsseId).toBe('1-b1');
    expect(scaleFinessFlow(flow, 3)).toEqual(scaled); // deterministic
  });

  it('seeds candidatures only with open ESSMS', () => {
    expect(organismesOf(flow)).toEqual([{ finessEj: ej, essms: [et1] }]);
  });
});

import fc from 'fast-check';
import { balanceConditions, hardwarePayable, indicativeDurationMonths, splitPayment } from './payment';

describe('payment (003 §4.5)', () => {
  it('003 §4.5.1: « 50 % sous forme d’avance lors de la signature de la convention, 50 % à la fin du projet »', () => {
    expect(splitPayment(100000)).toEqual({ advance: 50000, balance: 50000 });
    expect(splitPayment(21001)).toEqual({ advance: 10501, balance: 10500 });
    expect(splitPayment(0)).toEqual({ advance: 0, balance: 0 });
  });
  it('rejects non-integer or negative totals', () => {
    expect(() => splitPayment(10.5)).toThrow(expect.objectContaining({ field: 'total' }));
    expect(() => splitPayment(-1)).toThrow(/entier/);
  });
  it('property: advance + balance = total, advance − balance ∈ {0, 1}', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (total) => {
        const { advance, balance } = splitPayment(total);
        expect(advance + balance).toBe(total);
        expect([0, 1]).toContain(advance - balance);
      }),
    );
  });
  it('003 §4.5.2: the balance needs the usage targets and a certified expense statement', () => {
    expect(balanceConditions({ targetsReached: true, certifiedExpenseStatement: true })).toEqual([]);
    expect(balanceConditions({ targetsReached: false, certifiedExpenseStatement: true })[0]).toMatch(/cibles d'usage/);
    const both = balanceConditions({ targetsReached: false, certifiedExpenseStatement: false });
    expect(both).toHaveLength(2);
    expect(both[1]).toMatch(/comptable public ou le commissaire aux comptes/);
  });
  it('003 §4.4.1: hardware « ne peuvent jamais excéder la dépense réelle et effective »', () => {
    expect(hardwarePayable(20000, 15000)).toBe(15000);
    expect(hardwarePayable(12000, 15000)).toBe(12000);
    expect(() => hardwarePayable(-1, 0)).toThrow();
  });
  it('003 §4.5.2: indicative duration ≤ 9 months without software change, ≤ 18 months for acquisitions, none for national projects', () => {
    expect(indicativeDurationMonths({ anyAcquisition: false, desk: 'REGIONAL' })).toBe(9);
    expect(indicativeDurationMonths({ anyAcquisition: true, desk: 'REGIONAL' })).toBe(18);
    expect(indicativeDurationMonths({ anyAcquisition: true, desk: 'NATIONAL' })).toBeNull();
  });
});

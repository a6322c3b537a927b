import { consensusOf, gradingSummary, isMature, missingCriteria, scoreProblems, totalOf } from './grading';

const criteria = [
  { code: 'A', maxPoints: 3 },
  { code: 'B', maxPoints: 2 },
];

describe('grading grid scoring (domain-rules §7; 003 « grille d’aide à l’instruction »)', () => {
  it('accepts points within 0..max and reports unknown, duplicate and out-of-range scores', () => {
    expect(scoreProblems(criteria, [{ criterionCode: 'A', points: 3 }, { criterionCode: 'B', points: 0 }])).toEqual([]);
    expect(scoreProblems(criteria, [{ criterionCode: 'Z', points: 1 }])).toEqual([{ kind: 'UNKNOWN_CRITERION', criterionCode: 'Z' }]);
    expect(scoreProblems(criteria, [{ criterionCode: 'A', points: 4 }])[0]?.kind).toBe('OUT_OF_RANGE');
    expect(scoreProblems(criteria, [{ criterionCode: 'A', points: -1 }])[0]?.kind).toBe('OUT_OF_RANGE');
    expect(scoreProblems(criteria, [{ criterionCode: 'A', points: 1.5 }])[0]?.kind).toBe('OUT_OF_RANGE');
    expect(scoreProblems(criteria, [{ criterionCode: 'A', points: 1 }, { criterionCode: 'A', points: 1 }])[0]?.kind).toBe('DUPLICATE');
  });

  it('totals the points and lists the criteria not scored yet', () => {
    expect(totalOf({ A: 2, B: 1 })).toBe(3);
    expect(missingCriteria(criteria, { A: 2 })).toEqual(['B']);
  });

  it('003 §6 — a project is "mature" when its note is >= 11', () => {
    expect(isMature(11, 11)).toBe(true);
    expect(isMature(10, 11)).toBe(false);
    expect(isMature(15, null)).toBeNull();
  });

  it('consensus is the median of signed totals (mean of the two middle ones)', () => {
    expect(consensusOf([])).toBeNull();
    expect(consensusOf([12])).toBe(12);
    expect(consensusOf([10, 13])).toBe(11.5);
    expect(consensusOf([20, 9, 12])).toBe(12);
  });

  it('summarises only signed evaluations in the consensus', () => {
    expect(
      gradingSummary({
        evaluations: [
          { total: 10, signed: true, threshold: 11 },
          { total: 14, signed: true, threshold: 11 },
          { total: 2, signed: false, threshold: 11 },
        ],
      }),
    ).toEqual({ count: 3, signedCount: 2, consensus: 12, mature: true, threshold: 11 });
  });
});

import { checkBudget, formatBudget, formatNumber, formatRatio, median, percentile, ratio, relativeSpread, renderTable } from './stats';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('takes medians of odd and even lists without changing them', () => {
    const list = [3, 1, 2];
    expect(median(list)).toBe(2);
    expect(list).toEqual([3, 1, 2]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('gives NaN ratios when a side is missing or zero', () => {
    expect(ratio(300, 200)).toBe(1.5);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(undefined, 2)).toBeNaN();
    expect(ratio(2, null)).toBeNaN();
    expect(formatRatio(1.5)).toBe('1.50×');
    expect(formatRatio(NaN)).toBe('—');
  });

  it('measures the spread of rounds', () => {
    expect(relativeSpread([100, 110, 90])).toBeCloseTo(0.2);
    expect(relativeSpread([5])).toBe(0);
  });

  it('formats numbers, large ones without decimals', () => {
    expect(formatNumber(12.345, 2)).toBe('12.35');
    expect(formatNumber(1905.4)).toBe('1905');
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(null)).toBe('—');
  });
});

describe('budgets', () => {
  it('passes, fails, or says N/A when nothing was measured', () => {
    expect(checkBudget('p50', 2.5, '<=', 3, 'ms').verdict).toBe('PASS');
    expect(checkBudget('p50', 3.5, '<=', 3, 'ms').verdict).toBe('FAIL');
    expect(checkBudget('ratio', 1, '>=', 1, '×').verdict).toBe('PASS');
    expect(checkBudget('ratio', 0.97, '>=', 1, '×').verdict).toBe('FAIL');
    expect(checkBudget('ratio', NaN, '>=', 1, '×').verdict).toBe('N/A');
  });

  it('prints one line per budget, with the hint only when it fails', () => {
    expect(formatBudget(checkBudget('Q1 p50 added', 2.5, '<=', 3, 'ms', 'profile it'))).toBe('PASS  Q1 p50 added: 2.50 ms (budget <= 3.00 ms)');
    expect(formatBudget(checkBudget('Q1 p50 added', 4, '<=', 3, 'ms', 'profile it'))).toBe('FAIL  Q1 p50 added: 4.00 ms (budget <= 3.00 ms) — profile it');
    expect(formatBudget(checkBudget('Q2 ours/Hive', 1.234, '>=', 1, '×'))).toBe('PASS  Q2 ours/Hive: 1.23× (budget >= 1.00×)');
  });
});

describe('renderTable', () => {
  it('aligns columns, numbers to the right', () => {
    const text = renderTable([
      ['scenario', 'path', 'req/s'],
      ['Q1', 'ours', '87.0'],
      ['Q1', 'Hive Gateway', '1234'],
    ]);
    expect(text.split('\n')).toEqual([
      'scenario  path          req/s',
      '--------  ------------  -----',
      'Q1        ours           87.0',
      'Q1        Hive Gateway   1234',
    ]);
  });
});

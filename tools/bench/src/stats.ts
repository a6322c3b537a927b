/* Pure helpers: statistics, ratios, budgets and the printed table. No I/O here (unit-tested). */

/** The q-th percentile (0–100) of the values, nearest-rank method; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (q <= 0) return sorted[0];
  if (q >= 100) return sorted[sorted.length - 1];
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** a / b, or NaN when either side is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return NaN;
  return a / b;
}

/** Spread of per-round figures, to show how stable a median is: (max − min) / median. */
export function relativeSpread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = median(values);
  return m === 0 ? NaN : (Math.max(...values) - Math.min(...values)) / m;
}

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return value.toFixed(digits);
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '—';
}

// ---------------------------------------------------------------------------------------------
// Budgets

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

export interface BudgetCheck {
  name: string;
  /** Measured value (NaN when it could not be measured). */
  actual: number;
  /** The limit, and how it compares: `actual <= limit` or `actual >= limit`. */
  limit: number;
  comparison: '<=' | '>=';
  unit: string;
  verdict: Verdict;
  /** What to look at when it fails. */
  note?: string;
}

export function checkBudget(name: string, actual: number, comparison: '<=' | '>=', limit: number, unit = '', note?: string): BudgetCheck {
  let verdict: Verdict;
  if (!Number.isFinite(actual)) verdict = 'N/A';
  else if (comparison === '<=') verdict = actual <= limit ? 'PASS' : 'FAIL';
  else verdict = actual >= limit ? 'PASS' : 'FAIL';
  return { name, actual, limit, comparison, unit, verdict, note };
}

export function formatBudget(check: BudgetCheck): string {
  const unit = check.unit ? ` ${check.unit}` : '';
  const actual = check.unit === '×' ? formatRatio(check.actual) : `${formatNumber(check.actual, 2)}${unit}`;
  const limit = check.unit === '×' ? formatRatio(check.limit) : `${formatNumber(check.limit, 2)}${unit}`;
  const note = check.verdict === 'FAIL' && check.note ? ` — ${check.note}` : '';
  return `${check.verdict.padEnd(4)}  ${check.name}: ${actual} (budget ${check.comparison} ${limit})${note}`;
}

// ---------------------------------------------------------------------------------------------
// Table

/** Renders rows as a fixed-width text table (first row = header), numbers right-aligned. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const isNumeric = (cell: string) => /^[-—0-9.,×%]+$/.test(cell.trim()) && cell.trim() !== '';
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column > 0 && isNumeric(cell) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const separator = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), separator, ...rows.slice(1).map(line)].join('\n');
}

/* Pure helpers: percentiles, the per-operation summary and the printed table. No I/O (unit-tested). */

/** The q-th percentile (0–100) of the values, nearest-rank method; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  if (q <= 0) return sorted[0];
  if (q >= 100) return sorted[sorted.length - 1];
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 100 ? String(Math.round(value)) : value.toFixed(1);
}

/** Renders rows as a fixed-width text table (first row = header), numbers right-aligned. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const isNumeric = (cell: string) => /^[-—0-9.,/ ]+$/.test(cell.trim()) && cell.trim() !== '';
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column > 0 && isNumeric(cell ?? '') ? (cell ?? '').padStart(widths[column]) : (cell ?? '').padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const separator = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), separator, ...rows.slice(1).map(line)].join('\n');
}

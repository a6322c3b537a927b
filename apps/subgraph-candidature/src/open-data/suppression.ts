/** Statistical disclosure control for the open data: primary and complementary suppression. */
export const MINIMUM_GROUP_SIZE = 5;

export interface Cell {
  value: number | null;
  suppressed: boolean;
}

/** A value built from `basis` files: published when basis is 0 or ≥ the minimum, else masked. */
export function cell(value: number, basis: number, min = MINIMUM_GROUP_SIZE): Cell {
  return basis > 0 && basis < min ? { value: null, suppressed: true } : { value, suppressed: false };
}

export const hide = (c: Cell): void => {
  c.value = null;
  c.suppressed = true;
};

/**
 * Complementary suppression over a partition whose total is published (regions of France, states of a region…):
 * when exactly one part is masked, its value would be the total minus the others — so the smallest other
 * non-empty part is masked too. `cells(part)` lists the cells of a part that share its basis.
 */
export function protectPartition<T>(parts: T[], basis: (p: T) => number, cells: (p: T) => Cell[]): void {
  const masked = parts.filter((p) => cells(p).some((c) => c.suppressed));
  if (masked.length !== 1) return;
  const candidates = parts.filter((p) => !masked.includes(p) && basis(p) > 0).sort((a, b) => basis(a) - basis(b));
  if (candidates[0]) cells(candidates[0]).forEach(hide);
}

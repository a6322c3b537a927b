import type { ReactNode } from 'react';

export interface SortableHeaderProps {
  children: ReactNode;
  /** Current order of this column, or undefined when the table is sorted by another one. */
  direction?: 'asc' | 'desc';
  onSort(): void;
  className?: string;
}

/**
 * A column header that sorts the table: a real button (keyboard, screen readers) and `aria-sort`
 * on the header cell, as RGAA 5 and the ARIA table pattern expect.
 */
export function SortableHeader({ children, direction, onSort, className }: SortableHeaderProps) {
  const ariaSort = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none';
  const arrow = direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕';
  const next = direction === 'asc' ? 'décroissant' : 'croissant';
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <button
        type="button"
        onClick={onSort}
        title={`Trier par ordre ${next}`}
        style={{ font: 'inherit', fontWeight: 700, background: 'none', border: 0, padding: 0, cursor: 'pointer', textAlign: 'left', color: 'inherit' }}
      >
        {children}{' '}
        <span aria-hidden="true" style={{ fontWeight: 400 }}>
          {arrow}
        </span>
      </button>
    </th>
  );
}

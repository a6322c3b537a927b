import type { ReactNode } from 'react';

/** DSFR table frame (wrapper/container/content), so that the caption sits above the header row. */
export function DataTable({
  children,
  label,
  bordered = true,
  noCaption = false,
  className = '',
}: {
  children: ReactNode;
  /** Name of the scrollable region (keyboard users scroll wide tables from it). */
  label: string;
  bordered?: boolean;
  noCaption?: boolean;
  className?: string;
}) {
  return (
    <div className={`fr-table ${bordered ? 'fr-table--bordered' : ''} ${noCaption ? 'fr-table--no-caption' : ''} ${className}`}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0} role="region" aria-label={label}>
          <div className="fr-table__content">{children}</div>
        </div>
      </div>
    </div>
  );
}

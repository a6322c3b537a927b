import type { ReactNode } from 'react';

/** A DSFR bordered, small table with its caption (shown, or kept for screen readers only with `captionHidden`). */
export function DsfrTable({ caption, testId, captionHidden = false, children }: { caption: string; testId?: string; captionHidden?: boolean; children: ReactNode }) {
  return (
    <div className={`fr-table fr-table--bordered fr-table--sm${captionHidden ? ' fr-table--no-caption' : ''}`}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table data-testid={testId}>
              <caption>{caption}</caption>
              {children}
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

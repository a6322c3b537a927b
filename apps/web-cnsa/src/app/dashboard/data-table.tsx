import { useState, type ReactNode } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { formatEuros, formatPercent } from '@esms/ui';
import { download, fileNameFor, toCsv, toXlsx, type CellValue, type TableColumn, type TableData } from './table-data';

const count = new Intl.NumberFormat('fr-FR');

export function formatCell(value: CellValue, kind: TableColumn['kind']): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (kind === 'euros') return formatEuros(value);
  if (kind === 'percent') return formatPercent(value);
  return count.format(value);
}

export function ExportButtons({ table }: { table: TableData }) {
  const [busy, setBusy] = useState(false);
  const run = async (kind: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      if (kind === 'xlsx') {
        download(await toXlsx(table), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileNameFor(table.title, 'xlsx'));
      } else {
        download(await toCsv(table), 'text/csv;charset=utf-8', fileNameFor(table.title, 'csv'));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm no-print">
      <li>
        <Button priority="secondary" size="small" disabled={busy} onClick={() => run('xlsx')} title={`Exporter « ${table.title} » en XLSX`}>
          XLSX
        </Button>
      </li>
      <li>
        <Button priority="tertiary" size="small" disabled={busy} onClick={() => run('csv')} title={`Exporter « ${table.title} » en CSV`}>
          CSV
        </Button>
      </li>
    </ul>
  );
}

export interface DataTableProps {
  table: TableData;
  /** Optional cell renderer (links to drill down); falls back to the formatted value. */
  renderCell?: (column: TableColumn, row: Record<string, CellValue>, formatted: string) => ReactNode;
  caption?: ReactNode;
  id?: string;
}

/** A DSFR table of TableData, with its XLSX and CSV exports (the same rows as shown). */
export function DataTable({ table, renderCell, caption, id }: DataTableProps) {
  return (
    <div className="fr-mb-4w" id={id}>
      <div className="fr-table fr-table--bordered fr-table--no-caption fr-mb-1w" data-table-title={table.title}>
        <div className="fr-table__wrapper">
          {/* Focusable so a keyboard user can scroll a wide table (axe scrollable-region-focusable). */}
          <div className="fr-table__container" tabIndex={0} role="region" aria-label={`Tableau : ${table.title}`}>
            <div className="fr-table__content">
              <table>
                <caption>{caption ?? table.title}</caption>
                <thead>
                  <tr>
                    {table.columns.map((c) => (
                      <th key={c.key} scope="col" className={c.kind && c.kind !== 'text' ? 'fr-cell--right' : undefined}>
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.length === 0 && (
                    <tr>
                      <td colSpan={table.columns.length}>Aucune donnée pour ces filtres.</td>
                    </tr>
                  )}
                  {table.rows.map((row, i) => (
                    <tr key={i}>
                      {table.columns.map((c, j) => {
                        const formatted = formatCell(row[c.key] ?? null, c.kind);
                        const content = renderCell ? renderCell(c, row, formatted) : formatted;
                        const align = c.kind && c.kind !== 'text' ? 'fr-cell--right' : undefined;
                        return j === 0 ? (
                          <th key={c.key} scope="row" className={align}>
                            {content}
                          </th>
                        ) : (
                          <td key={c.key} className={align}>
                            {content}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <ExportButtons table={table} />
    </div>
  );
}

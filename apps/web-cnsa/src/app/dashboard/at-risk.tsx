import { Link } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { DataTable } from './data-table';
import type { NationalDashboardData } from './operations';
import { atRiskTable } from './tables';

type Panel = NationalDashboardData['nationalDashboard']['projectsAtRisk'];

/**
 * Projects at risk (the follow-up's projection on the usage targets): the count, the definition, and the list —
 * each reference opens the file, reasons one per line; exportable like every table. `regionCode` narrows the list
 * to one pivot region (the count is then the region's).
 */
export function ProjectsAtRisk({ panel, regionCode, count, scopeLabel }: { panel: Panel; regionCode?: string; count: number; scopeLabel: string }) {
  const items = regionCode ? panel.items.filter((i) => i.regionCode === regionCode) : panel.items;
  const truncated = items.length < count;
  return (
    <div id="projets-a-risque">
      <p className="fr-mb-1w">
        <strong className="fr-text--lead">{count.toLocaleString('fr-FR')}</strong> projet{count > 1 ? 's' : ''} à risque — {scopeLabel}.
      </p>
      <p className="fr-text--xs">{panel.definition}</p>
      {truncated && <Alert severity="info" small description={`${items.length} projets listés sur ${count} (les premiers par région puis référence).`} className="fr-mb-2w" />}
      <DataTable
        table={atRiskTable(`Projets à risque — ${scopeLabel}`, items)}
        renderCell={(c, row, text) =>
          c.key === 'reference' ? (
            <Link to={`/dossiers/${row['id']}`} aria-label={`${text} : voir le dossier`}>
              {text}
            </Link>
          ) : c.key === 'reasons' ? (
            <ul className="fr-text--sm fr-mb-0">
              {text.split('\n').map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          ) : (
            text
          )
        }
      />
    </div>
  );
}

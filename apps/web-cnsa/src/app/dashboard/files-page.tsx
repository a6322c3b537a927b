import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { usePageTitle } from '@esms/ui';
import { DataTable } from './data-table';
import { filterFromParams, filterQuery } from './indicators';
import { DASHBOARD_FILES, type DashboardFilesVars } from './operations';
import { filesTable } from './tables';
import './dashboard.css';

const PAGE = 100; // the gateway caps every page at 100 (SECURITY.md)

/** Filters of a files list from the URL: the dashboard filters plus region, state, retained, solution, month. */
export function filesFilterFromParams(params: URLSearchParams, regionCode?: string): DashboardFilesVars['filter'] {
  return {
    ...filterFromParams(params),
    regionCode: regionCode ?? params.get('region') ?? null,
    states: params.getAll('etat').length ? params.getAll('etat') : null,
    grantedOnly: params.get('retenues') === '1' || null,
    duiSolutionId: params.get('solution') || null,
    submittedMonth: params.get('mois') || null,
  };
}

export function FilesList({ title, filter }: { title: string; filter: DashboardFilesVars['filter'] }) {
  const { data, loading, error } = useQuery(DASHBOARD_FILES, { variables: { filter, limit: PAGE, offset: 0 }, fetchPolicy: 'cache-and-network' });
  if (error && !data) return <Alert severity="error" title="La liste des dossiers n’a pas pu être chargée" description={error.message} />;
  if (!data) return <p role="status">{loading ? 'Chargement des dossiers…' : ''}</p>;
  const { total, items } = data.dashboardFiles;
  return (
    <>
      <p className="fr-text--sm" role="status">
        {total} dossier{total > 1 ? 's' : ''}
        {total > items.length ? ` — les ${items.length} premiers sont affichés ; affinez les filtres` : ''}.
      </p>
      <DataTable
        id="table-dossiers"
        table={filesTable(title, items)}
        renderCell={(c, row, text) => (c.key === 'reference' ? <Link to={`/dossiers/${row['id']}`}>{text}</Link> : text)}
      />
    </>
  );
}

export function FilesPage() {
  usePageTitle('Dossiers');
  const [params] = useSearchParams();
  const filter = useMemo(() => filesFilterFromParams(params), [params]);
  const parts = [
    filter.regionCode && `région ${filter.regionCode}`,
    filter.states?.length && `état ${filter.states.join(', ')}`,
    filter.grantedOnly && 'retenus ou au-delà',
    filter.duiSolutionId && `solution ${filter.duiSolutionId}`,
    filter.submittedMonth && `déposés en ${filter.submittedMonth}`,
    filter.campaignYear && `campagne ${filter.campaignYear}`,
    filter.windowCode && `fenêtre ${filter.windowCode}`,
    filter.field && `champ ${filter.field}`,
    filter.projectType && `type ${filter.projectType}`,
  ].filter(Boolean);
  return (
    <>
      <Breadcrumb
        currentPageLabel="Dossiers"
        segments={[
          { label: 'Pilotage national', linkProps: { to: `/${filterQuery(filterFromParams(params))}` } },
          ...(filter.regionCode ? [{ label: `Région ${filter.regionCode}`, linkProps: { to: `/regions/${filter.regionCode}${filterQuery(filterFromParams(params))}` } }] : []),
        ]}
      />
      <h1 className="fr-h2">Dossiers{parts.length ? ` — ${parts.join(' · ')}` : ''}</h1>
      <FilesList title="Dossiers" filter={filter} />
    </>
  );
}

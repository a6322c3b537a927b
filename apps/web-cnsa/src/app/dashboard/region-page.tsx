import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { usePageTitle } from '@esms/ui';
import { ProjectsAtRisk } from './at-risk';
import { DataTable } from './data-table';
import { FilesList } from './files-page';
import { FiltersBar } from './filters-bar';
import { filterFromParams, filterQuery } from './indicators';
import { areaKpis, KpiTiles } from './kpis';
import { NATIONAL_DASHBOARD } from './operations';
import { statesTable, windowsTable } from './tables';
import './dashboard.css';

/** A region: its KPIs, its files by state and window (each drillable), and the list of its files. */
export function RegionPage() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const { data, error } = useQuery(NATIONAL_DASHBOARD, { variables: { filter }, fetchPolicy: 'cache-and-network' });
  const d = data?.nationalDashboard;
  const area = d?.regions.find((r) => r.code === code);
  usePageTitle(area ? `Région ${area.name}` : 'Région');
  const filesHref = (extra: Record<string, string>) => `/dossiers${filterQuery(filter, { region: code, ...extra })}`;

  if (error && !d) return <Alert severity="error" title="Les indicateurs n’ont pas pu être chargés" description={error.message} />;
  if (!d) return <p role="status">Chargement des indicateurs…</p>;
  if (!area) return <Alert severity="warning" title="Région inconnue" description={`Aucune région ne porte le code « ${code} ».`} />;

  return (
    <>
      <Breadcrumb currentPageLabel={area.name} segments={[{ label: 'Pilotage national', linkProps: { to: `/${filterQuery(filter)}` } }]} />
      <div className="fr-grid-row fr-grid-row--middle">
        <h1 className="fr-col fr-h2">{area.name}</h1>
        <div className="fr-col-auto no-print">
          <Button priority="secondary" onClick={() => window.print()}>
            Imprimer / PDF
          </Button>
        </div>
      </div>
      <FiltersBar years={d.campaignYears} windows={d.windowCodes} />
      <KpiTiles label={`Indicateurs clés, ${area.name}`} kpis={areaKpis(area, null, filesHref)} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <h2 className="fr-h5">Par état</h2>
          <DataTable
            table={statesTable(area)}
            renderCell={(c, row, text) =>
              c.key === 'label' ? (
                <Link to={filesHref({ etat: String(row['key']) })} aria-label={`${text} : voir les dossiers`}>
                  {text}
                </Link>
              ) : (
                text
              )
            }
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <h2 className="fr-h5">Par fenêtre de dépôt</h2>
          <DataTable table={windowsTable(area)} />
        </div>
      </div>
      <h2 className="fr-h4">Projets à risque</h2>
      <ProjectsAtRisk panel={d.projectsAtRisk} regionCode={code} count={area.projectsAtRisk} scopeLabel={area.name} />
      <h2 className="fr-h4">Dossiers de la région</h2>
      <FilesList title={`Dossiers — ${area.name}`} filter={{ ...filter, regionCode: code }} />
    </>
  );
}

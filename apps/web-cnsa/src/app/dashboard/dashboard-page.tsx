import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { fr } from '@codegouvfr/react-dsfr';
import { formatEuros, formatPercent, usePageTitle } from '@esms/ui';
import { ProjectsAtRisk } from './at-risk';
import { BarChart } from './bar-chart';
import { DataTable } from './data-table';
import { FiltersBar } from './filters-bar';
import { FranceMap } from './france-map';
import { continuousMonths, filterFromParams, filterQuery, formatCount, indicatorById, INDICATORS } from './indicators';
import { areaKpis, KpiTiles } from './kpis';
import { NATIONAL_DASHBOARD } from './operations';
import { fieldsTable, monthlyTable, projectTypesTable, regionsTable, solutionsTable } from './tables';
import './dashboard.css';

const FILES_PARAMS: Record<string, string> = { region: 'region', retenues: 'retenues' };

export function NationalDashboardView() {
  usePageTitle('Pilotage national');
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const indicator = indicatorById(params.get('indicateur'));
  const { data, loading, error } = useQuery(NATIONAL_DASHBOARD, { variables: { filter }, fetchPolicy: 'cache-and-network' });
  const d = data?.nationalDashboard;
  const filesHref = (extra: Record<string, string>) => `/dossiers${filterQuery(filter, extra)}`;

  if (error && !d) return <Alert severity="error" title="Le tableau de bord n’a pas pu être chargé" description={error.message} className="fr-my-4w" />;
  if (!d) return <p role="status">{loading ? 'Chargement des indicateurs nationaux…' : ''}</p>;

  const regions = regionsTable(d);
  const monthly = continuousMonths(d.monthly);
  const months = monthly.map((m) => m.month);
  return (
    <>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <div className="fr-col">
          <h1 className="fr-h2 fr-mb-1w">Pilotage national du programme</h1>
          <p className="fr-text--sm fr-mb-0">
            Chiffres au {new Date(d.generatedAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })} — toutes les régions, candidatures déposées
            (les brouillons jamais déposés ne sont pas comptés).
          </p>
        </div>
        <div className="fr-col-auto no-print">
          <Button priority="secondary" onClick={() => window.print()}>
            Imprimer / PDF
          </Button>
        </div>
      </div>
      <p className="cnsa-print-only fr-text--sm">
        Rapport pour comité — filtres : {filter.campaignYear ?? 'toutes années'}, {filter.windowCode ?? 'toutes fenêtres'}, {filter.field ?? 'tous champs'},{' '}
        {filter.projectType ?? 'tous types'}.
      </p>
      <FiltersBar years={d.campaignYears} windows={d.windowCodes} />

      <section className="cnsa-section" aria-labelledby="kpi-title">
        <h2 id="kpi-title" className="fr-h4 fr-mt-2w">
          France entière
        </h2>
        <KpiTiles label="Indicateurs clés, France entière" kpis={areaKpis(d.france, d.envelope.amount, filesHref)} />
        <p className="fr-text--xs">
          Enveloppe du programme : {formatEuros(d.envelope.amount)} de {d.envelope.startYear} à {d.envelope.endYear} — « {d.envelope.quote} » (source :{' '}
          {d.envelope.source}). {d.envelope.note}
        </p>
      </section>

      <section className="cnsa-section" aria-labelledby="map-title">
        <h2 id="map-title" className="fr-h4">
          Carte des régions
        </h2>
        <div className="no-print" style={{ maxWidth: '28rem' }}>
          <Select
            label="Indicateur affiché sur la carte"
            nativeSelectProps={{
              id: 'indicateur',
              value: indicator.id,
              onChange: (e) => {
                const next = new URLSearchParams(params);
                next.set('indicateur', e.target.value);
                setParams(next, { replace: true });
              },
            }}
          >
            {INDICATORS.map((i) => (
              <option key={i.id} value={i.id}>
                {i.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-lg-7">
            <FranceMap regions={d.regions} indicator={indicator} hrefFor={(code) => `/regions/${code}${filterQuery(filter)}`} />
          </div>
          <div className="fr-col-12 fr-col-lg-5">
            <p className="fr-text--sm">
              Cliquez sur une région (ou atteignez-la au clavier avec Tab puis Entrée) pour voir ses indicateurs et ses dossiers. Le tableau ci-dessous
              donne les mêmes chiffres.
            </p>
          </div>
        </div>
        <DataTable
          id="table-regions"
          table={regions}
          caption="Indicateurs par région (alternative textuelle de la carte)"
          renderCell={(c, row, text) =>
            c.key === 'name' && row['code'] !== 'FR' ? (
              <Link to={`/regions/${row['code']}${filterQuery(filter)}`}>{text}</Link>
            ) : c.key === 'files' && row['code'] !== 'FR' && Number(row['files']) > 0 ? (
              <Link to={filesHref({ [FILES_PARAMS['region']!]: String(row['code']) })} aria-label={`${text} candidatures — ${row['name']} : voir les dossiers`}>
                {text}
              </Link>
            ) : (
              text
            )
          }
        />
      </section>

      <section className="cnsa-section" aria-labelledby="time-title">
        <h2 id="time-title" className="fr-h4">
          Évolution dans le temps
        </h2>
        {months.length === 0 ? (
          <p>Aucun dépôt pour ces filtres.</p>
        ) : (
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-lg-6">
              <BarChart
                title="Candidatures déposées par mois"
                months={months}
                series={[{ label: 'Dépôts', colour: fr.colors.decisions.artwork.major.blueFrance.default, values: monthly.map((m) => m.submissions) }]}
                format={formatCount}
              />
            </div>
            <div className="fr-col-12 fr-col-lg-6">
              <BarChart
                title="Montants par mois de dépôt"
                months={months}
                series={[
                  { label: 'Demandés', colour: '#8585f6', values: monthly.map((m) => m.amountRequested) },
                  { label: 'dont accordés', colour: '#000091', values: monthly.map((m) => m.amountGranted) },
                ]}
                format={(v) => formatEuros(v)}
              />
            </div>
          </div>
        )}
        <DataTable
          table={monthlyTable(d)}
          renderCell={(c, row, text) => (c.key === 'month' ? <Link to={filesHref({ mois: String(row['month']) })}>{text}</Link> : text)}
        />
      </section>

      <section className="cnsa-section" aria-labelledby="breakdown-title">
        <h2 id="breakdown-title" className="fr-h4">
          Répartitions
        </h2>
        <DataTable
          table={fieldsTable(d)}
          renderCell={(c, row, text) => (c.key === 'label' && row['key'] !== 'INCONNU' ? <Link to={`/${filterQuery({ ...filter, field: String(row['key']) })}`}>{text}</Link> : text)}
        />
        <DataTable
          table={projectTypesTable(d)}
          renderCell={(c, row, text) => (c.key === 'label' ? <Link to={filesHref({ type: String(row['key']) })}>{text}</Link> : text)}
        />
        <DataTable
          table={solutionsTable(d)}
          renderCell={(c, row, text) => (c.key === 'label' ? <Link to={filesHref({ solution: String(row['key']) })}>{text}</Link> : text)}
        />
      </section>

      <section className="cnsa-section" aria-labelledby="usage-title">
        <h2 id="usage-title" className="fr-h4">
          Cibles d’usage
        </h2>
        {d.usageTargets.available ? (
          <DataTable
            table={{
              title: "Part des ESSMS atteignant chaque cible d'usage",
              columns: [
                { key: 'month', label: 'Mois', kind: 'text' },
                { key: 'measured', label: 'ESSMS mesurés', kind: 'count' },
                ...(d.usageTargets.months[0]?.indicators ?? []).map((i) => ({ key: i.indicator, label: `${i.label} (cible ${i.target} %)`, kind: 'percent' as const })),
              ],
              rows: d.usageTargets.months.map((m) => ({ month: m.month, measured: m.essmsMeasured, ...Object.fromEntries(m.indicators.map((i) => [i.indicator, i.share])) })),
            }}
          />
        ) : (
          <Alert severity="info" small description={d.usageTargets.message} className="fr-mb-2w" />
        )}
        <h3 className="fr-h5">Projets à risque</h3>
        <ProjectsAtRisk panel={d.projectsAtRisk} count={d.projectsAtRisk.count} scopeLabel="France entière" />
      </section>

      {d.notes.length > 0 && (
        <section className="cnsa-section" aria-labelledby="notes-title">
          <h2 id="notes-title" className="fr-h6">
            À savoir sur ces chiffres
          </h2>
          <ul className="fr-text--sm">
            {d.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
            <li>
              Les candidatures et montants sont rattachés à la région pivot du dossier ; les ESSMS couverts à leur propre région. La France est la somme des
              régions. Part couverte : {formatPercent(d.france.coverageRate ?? 0)} au niveau national.
            </li>
          </ul>
        </section>
      )}
    </>
  );
}

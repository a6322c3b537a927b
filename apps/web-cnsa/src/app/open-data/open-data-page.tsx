import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { usePageTitle } from '@esms/ui';
import { DataTable } from '../dashboard/data-table';
import { OPEN_DATA } from '../dashboard/operations';
import { download, fileNameFor, toCsv } from '../dashboard/table-data';
import { openDataFieldsTable, openDataRegionsTable, openDataStatesTable, openDataTypesTable, SUPPRESSED_TEXT } from './open-data-tables';
import '../dashboard/dashboard.css';

/** Public page (no login): the anonymised aggregates of the `openData` query, with CSV downloads of the same rows. */
export function OpenDataPage() {
  usePageTitle('Données ouvertes');
  const { data, error, loading } = useQuery(OPEN_DATA, { fetchPolicy: 'cache-and-network' });
  const o = data?.openData;
  if (error && !o) return <Alert severity="error" title="Les données ouvertes n’ont pas pu être chargées" description={error.message} className="fr-my-4w" />;
  if (!o) return <p role="status">{loading ? 'Chargement des données ouvertes…' : ''}</p>;
  const regions = openDataRegionsTable(o);
  const states = openDataStatesTable(o);
  const render = (_c: unknown, _row: unknown, text: string) =>
    text === SUPPRESSED_TEXT ? <abbr title={`Secret statistique : moins de ${o.minimumGroupSize} dossiers`}>secret</abbr> : text;
  return (
    <>
      <h1 className="fr-h2">Données ouvertes du programme ESMS numérique</h1>
      <p className="fr-text--lead">
        Candidatures, financements et ESSMS couverts, par région, état, champ d’activité et type de projet. Agrégats anonymisés : aucun nom, aucun numéro
        FINESS, aucune donnée personnelle.
      </p>
      <ul className="fr-text--sm">
        <li>Producteur : {o.producer}</li>
        <li>Licence : {o.licence}</li>
        <li>Mis à jour le {new Date(o.generatedAt).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}</li>
        {o.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <div className="fr-mb-4w">
        <Button onClick={async () => download(await toCsv(regions), 'text/csv;charset=utf-8', fileNameFor(regions.title, 'csv'))}>
          Télécharger les données par région (CSV)
        </Button>{' '}
        <Button
          priority="secondary"
         
          onClick={async () => download(await toCsv(states), 'text/csv;charset=utf-8', fileNameFor(states.title, 'csv'))}
        >
          Télécharger les données par état (CSV)
        </Button>
      </div>
      <h2 className="fr-h4">Par région</h2>
      <DataTable table={regions} renderCell={render} />
      <h2 className="fr-h4">Par champ d’activité</h2>
      <DataTable table={openDataFieldsTable(o)} renderCell={render} />
      <h2 className="fr-h4">Par type de projet</h2>
      <DataTable table={openDataTypesTable(o)} renderCell={render} />
      <h2 className="fr-h4">Par état, France entière</h2>
      <DataTable
        table={{ ...states, title: 'Candidatures par état, France entière', rows: states.rows.filter((r) => r['code'] === 'FR') }}
        renderCell={render}
      />
      <p className="fr-text--sm">
        Interface de programmation : requête GraphQL publique <code>openData</code> sur <code>/graphql</code> (sans connexion).
      </p>
    </>
  );
}

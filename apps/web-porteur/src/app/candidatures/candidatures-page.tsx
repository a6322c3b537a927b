import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { CANDIDATURES_QUERY, type CandidatureState } from '@esms/graphql-client';
import { usePageTitle, useSession } from '@esms/ui';
import { formatDateTime } from '../shared/dates';
import { DataTable } from '../shared/data-table';

export function stateSeverity(state: CandidatureState): 'info' | 'success' | 'warning' | 'error' | 'new' {
  if (state === 'DRAFT') return 'new';
  if (state === 'NOT_RETAINED' || state === 'NON_RECEVABLE') return 'error';
  if (state === 'COMPLEMENT_REQUESTED') return 'warning';
  if (state === 'RETAINED' || state === 'CONVENTION_SIGNED' || state === 'ADVANCE_PAID' || state === 'CLOSED') return 'success';
  return 'info';
}

/** `/candidatures`: the organisme's files with their status and last change. */
export function CandidaturesPage() {
  usePageTitle('Mes candidatures');
  const { me } = useSession();
  const { data, loading, error } = useQuery(CANDIDATURES_QUERY, { variables: { limit: 100 }, fetchPolicy: 'cache-and-network' });
  const candidatures = data?.candidatures ?? [];
  const noOrganisme = me && me.organismes.length === 0;

  return (
    <div className="fr-container fr-my-6w">
      <h1>Mes candidatures</h1>
      {noOrganisme ? (
        <Alert
          severity="info"
          className="fr-mb-3w"
          title="Rattachez d’abord votre compte à votre organisme"
          description={
            <>
              Une candidature est déposée au nom d’un organisme gestionnaire. <Link to="/mon-organisme">Rattacher mon compte à mon organisme</Link>.
            </>
          }
        />
      ) : (
        <p>
          <Button iconId="fr-icon-add-line" linkProps={{ to: '/candidatures/nouvelle' }}>
            Nouvelle candidature
          </Button>
        </p>
      )}
      {loading && !data && <p role="status">Chargement…</p>}
      {error && !data && <Alert severity="error" small description="La liste ne peut pas être affichée pour le moment. Réessayez dans quelques instants." />}
      {data && candidatures.length === 0 && <p>Aucune candidature pour l’instant.</p>}
      {candidatures.length > 0 && (
        <DataTable label="Candidatures de vos organismes">
          <table data-testid="candidatures-table">
            <caption>Candidatures de vos organismes</caption>
            <thead>
              <tr>
                <th scope="col">Référence</th>
                <th scope="col">Intitulé</th>
                <th scope="col">Campagne</th>
                <th scope="col">ESSMS</th>
                <th scope="col">Statut</th>
                <th scope="col">Dernière modification</th>
              </tr>
            </thead>
            <tbody>
              {candidatures.map((candidature) => (
                <tr key={candidature.id}>
                  <td>{candidature.reference}</td>
                  <td>
                    <Link to={`/candidatures/${candidature.id}`}>{candidature.title}</Link>
                  </td>
                  <td>{candidature.campaign.label}</td>
                  <td>{candidature.members.length}</td>
                  <td>
                    <Badge small noIcon severity={stateSeverity(candidature.state)}>
                      {candidature.stateLabel}
                    </Badge>
                  </td>
                  <td>{formatDateTime(candidature.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </DataTable>
      )}
    </div>
  );
}

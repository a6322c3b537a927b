import { Link } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { FOLLOW_UP_PORTFOLIO_QUERY, gatewayErrorInfo } from '@esms/graphql-client';
import { formatDate, usePageTitle } from '@esms/ui';

/** `/suivi`: the porteur's selected projects after their convention. */
export function FollowUpListPage() {
  usePageTitle('Suivi des projets retenus');
  const { data, error, loading } = useQuery(FOLLOW_UP_PORTFOLIO_QUERY, { variables: {}, fetchPolicy: 'cache-and-network' });
  const files = data?.followUpPortfolio ?? [];
  return (
    <>
      <h1>Suivi des projets retenus</h1>
      <p>Après la signature de la convention : jalons, versements, mesures mensuelles et cibles d’usage de chaque ESSMS, demande du solde.</p>
      {error && <Alert severity="error" small description={gatewayErrorInfo(error).message ?? 'Suivi indisponible, réessayez.'} />}
      {loading && !data && <p role="status">Chargement…</p>}
      {data && files.length === 0 && <p>Aucun projet conventionné pour l’instant.</p>}
      {files.length > 0 && (
        <div className="fr-table">
          <table>
            <caption>Vos projets conventionnés</caption>
            <thead>
              <tr>
                <th scope="col">Projet</th>
                <th scope="col">État</th>
                <th scope="col">Fin attendue</th>
                <th scope="col">Cibles d’usage</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <Link to={`/candidatures/${f.id}/suivi`}>
                      {f.reference} — {f.title}
                    </Link>
                  </th>
                  <td>{f.stateLabel}</td>
                  <td>{formatDate(f.followUp?.expectedEnd)}</td>
                  <td>
                    {f.followUp ? `${f.followUp.essms.filter((e) => e.targetsReached).length}/${f.followUp.essms.length} ESSMS aux cibles` : '—'}
                    {f.followUp?.projection.atRisk && <span className="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon fr-ml-1w">À risque</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

import { Link } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { FOLLOW_UP_PORTFOLIO_QUERY, gatewayErrorInfo, type PortfolioFile } from '@esms/graphql-client';
import { RequireRole, formatDate, formatEuros, usePageTitle } from '@esms/ui';

function paymentCell(f: PortfolioFile, kind: 'ADVANCE' | 'BALANCE') {
  const p = f.payments.find((x) => x.kind === kind);
  if (!p) return kind === 'BALANCE' && f.state === 'BALANCE_REQUESTED' ? 'Demandé, à valider' : '—';
  return `${formatEuros(p.amount)} — ${p.status === 'PAID' ? `versé le ${formatDate(p.paidOn)}` : 'exigible'}`;
}

function Portfolio() {
  const { data, error, loading } = useQuery(FOLLOW_UP_PORTFOLIO_QUERY, { variables: {}, fetchPolicy: 'cache-and-network' });
  const files = data?.followUpPortfolio ?? [];
  return (
    <>
      {error && <Alert severity="error" small description={gatewayErrorInfo(error).message ?? 'Portefeuille indisponible.'} />}
      {loading && !data && <p role="status">Chargement…</p>}
      <p>
        <a className="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-download-line" href="/files/follow-up/portfolio.xlsx" download>
          Exporter le suivi (XLSX)
        </a>
      </p>
      {data && files.length === 0 && <p>Aucun projet conventionné dans votre région.</p>}
      {files.length > 0 && (
        <div className="fr-table fr-table--sm">
          <table>
            <caption>{files.length} projet(s) conventionné(s)</caption>
            <thead>
              <tr>
                <th scope="col">Projet</th>
                <th scope="col">État</th>
                <th scope="col">Fin attendue</th>
                <th scope="col">Jalons en retard</th>
                <th scope="col">Avance</th>
                <th scope="col">Solde</th>
                <th scope="col">ESSMS aux cibles</th>
                <th scope="col">Risque</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => {
                const late = f.followUp?.milestones.filter((m) => m.status === 'LATE') ?? [];
                return (
                  <tr key={f.id} data-testid={`portfolio-${f.reference}`}>
                    <th scope="row">
                      <Link to={`/dossiers/${f.id}?onglet=suivi`}>
                        {f.reference} — {f.title}
                      </Link>
                    </th>
                    <td>
                      {f.stateLabel}
                      {f.state === 'BALANCE_REQUESTED' && !f.payments.some((p) => p.kind === 'BALANCE') && (
                        <span className="fr-badge fr-badge--sm fr-badge--new fr-badge--no-icon fr-ml-1w">Solde à valider</span>
                      )}
                    </td>
                    <td>{formatDate(f.followUp?.expectedEnd)}</td>
                    <td>{late.length ? late.map((m) => m.label).join(' ; ') : 'Aucun'}</td>
                    <td>{paymentCell(f, 'ADVANCE')}</td>
                    <td>{paymentCell(f, 'BALANCE')}</td>
                    <td>{f.followUp ? `${f.followUp.essms.filter((e) => e.targetsReached).length}/${f.followUp.essms.length}` : '—'}</td>
                    <td>{f.followUp?.projection.atRisk ? <span className="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon">À risque</span> : 'Non'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** `/suivi`: the region's selected projects after their convention. */
export function PortfolioPage() {
  usePageTitle('Conventions et paiements');
  return (
    <div className="fr-container fr-container--fluid fr-px-4w fr-my-2w">
      <h1>Conventions, paiements et cibles d’usage</h1>
      <p>Les projets retenus de votre région après la signature de leur convention : jalons, versements, cibles d’usage des ESSMS et projets à risque.</p>
      <RequireRole roles={['INSTRUCTEUR']}>
        <Portfolio />
      </RequireRole>
    </div>
  );
}

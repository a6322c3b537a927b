import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Link } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { PORTEUR_CONVENTION_QUERY } from '@esms/graphql-client';
import { useEditor } from './editor-context';
import { formatDateTime, formatDay } from '../shared/dates';
import { stateSeverity } from '../candidatures/candidatures-page';
import { DataTable } from '../shared/data-table';

const STATE_LABELS: Record<string, string> = {
  DRAFT: 'Brouillon',
  SUBMITTED: 'Déposée',
  COMPLEMENT_REQUESTED: 'Compléments demandés',
  UNDER_INSTRUCTION: 'En instruction',
  IN_COMMITTEE: 'En comité de sélection',
  RETAINED: 'Retenue',
  NOT_RETAINED: 'Non retenue',
  POSTPONED: 'Reportée',
  NON_RECEVABLE: 'Non recevable',
  CONVENTION_SIGNED: 'Convention signée',
  ADVANCE_PAID: 'Avance versée',
  IN_DEPLOYMENT: 'En déploiement',
  BALANCE_REQUESTED: 'Solde demandé',
  CLOSED: 'Clôturée',
};
const stateLabel = (state: string | null) => (state ? (STATE_LABELS[state] ?? state) : '—');

/** States in which the convention is signed (its PDF is the porteur's copy). */
const SIGNED_STATES = new Set(['CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED']);

/** The signed convention (PDF) and the way to its follow-up. */
function SignedConvention({ id }: { id: string }) {
  const { data } = useQuery(PORTEUR_CONVENTION_QUERY, { variables: { id } });
  const convention = data?.candidature.convention;
  if (convention?.status !== 'SIGNED') return null;
  return (
    <p>
      <a className="fr-link fr-link--download" href={convention.documentUrl} download>
        Télécharger la convention signée <span className="fr-link__detail">PDF — signée le {convention.signedOn ? formatDay(convention.signedOn) : '—'}</span>
      </a>{' '}
      · <Link to={`/candidatures/${id}/suivi`}>Suivi du projet, versements et cibles d’usage</Link>
    </p>
  );
}

/** The file's status and history: who, when, what. */
export function FollowStep() {
  const { candidature } = useEditor();
  const history = [...candidature.history].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <>
      <p>
        Statut actuel :{' '}
        <Badge as="span" noIcon severity={stateSeverity(candidature.state)}>
          {candidature.stateLabel}
        </Badge>
        {candidature.submittedAt && <> — déposée le {formatDateTime(candidature.submittedAt)}</>}
        {candidature.windowCode && <>, fenêtre {candidature.windowCode}</>}
      </p>
      {candidature.receiptNumber && (
        <p>
          Numéro d’accusé de réception : <strong data-testid="follow-receipt-number">{candidature.receiptNumber}</strong>
        </p>
      )}
      {candidature.recapitulatifPath && (
        <p>
          <a className="fr-link fr-link--download" href={candidature.recapitulatifPath} download={`recapitulatif-${candidature.reference}.pdf`}>
            Télécharger le récapitulatif <span className="fr-link__detail">PDF</span>
          </a>
        </p>
      )}
      {SIGNED_STATES.has(candidature.state) && <SignedConvention id={candidature.id} />}
      <DataTable label="Historique du dossier">
        <table data-testid="history-table">
          <caption>Historique du dossier</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Qui</th>
              <th scope="col">Action</th>
              <th scope="col">Statut</th>
              <th scope="col">Commentaire</th>
            </tr>
          </thead>
          <tbody>
            {history.map((event, index) => (
              <tr key={`${event.at}-${index}`}>
                <td>{formatDateTime(event.at)}</td>
                <td>{event.actor ?? (event.role === 'PORTEUR' ? 'Porteur' : 'Agent de l’ARS')}</td>
                <td>{event.actionLabel}</td>
                <td>{event.toState && event.fromState !== event.toState ? `${stateLabel(event.fromState)} → ${stateLabel(event.toState)}` : '—'}</td>
                <td>{event.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </DataTable>
    </>
  );
}

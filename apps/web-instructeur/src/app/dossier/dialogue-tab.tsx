import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  INSTRUCTION_DIALOGUE_QUERY,
  REOPEN_LATE_FILE_MUTATION,
  REQUEST_COMPLEMENT_MUTATION,
  SEND_MESSAGE_MUTATION,
  gatewayErrorInfo,
  type FilePart,
  type InstructionCandidature,
} from '@esms/graphql-client';
import { formatDateTime } from '@esms/ui';

export const PART_LABELS: Record<FilePart, string> = {
  identity: 'Identité et réponses du porteur',
  grappe: 'Grappe (ESSMS)',
  solution: 'Solution logicielle',
  funding: 'Plan de financement',
  pieces: 'Pièces jointes',
  saad: 'Déclaration des heures SAAD',
};

const KIND_LABELS = {
  MESSAGE: 'Message',
  COMPLEMENT_REQUEST: 'Demande de compléments',
  COMPLEMENT_ANSWER: 'Réponse aux compléments',
  REOPEN: 'Réouverture',
} as const;

const can = (file: InstructionCandidature, action: string) => file.availableActions.find((a) => a.action === action);

export function DialogueTab({ file, onChanged }: { file: InstructionCandidature; onChanged(): void }) {
  const { data, error, refetch } = useQuery(INSTRUCTION_DIALOGUE_QUERY, { variables: { id: file.id }, fetchPolicy: 'cache-and-network' });
  const [body, setBody] = useState('');
  const [parts, setParts] = useState<FilePart[]>([]);
  const [request, setRequest] = useState('');
  const [reason, setReason] = useState('');
  const [send, sending] = useMutation(SEND_MESSAGE_MUTATION);
  const [ask, asking] = useMutation(REQUEST_COMPLEMENT_MUTATION);
  const [reopen, reopening] = useMutation(REOPEN_LATE_FILE_MUTATION);
  const done = async () => {
    await refetch();
    onChanged();
  };
  const complement = can(file, 'request_complement');
  const reopenAction = can(file, 'reopen');
  const mutationError = sending.error ?? asking.error ?? reopening.error;

  if (error) return <Alert severity="warning" small description={`Échanges indisponibles : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />;
  const dialogue = data?.candidature;
  return (
    <>
      {dialogue?.complementRequest && (
        <Alert
          className="fr-mb-3w"
          severity={dialogue.complementRequest.answeredAt ? 'success' : 'info'}
          small
          title={dialogue.complementRequest.answeredAt ? 'Compléments reçus' : 'Compléments demandés'}
          description={`Demandés le ${formatDateTime(dialogue.complementRequest.requestedAt)} sur : ${dialogue.complementRequest.parts.map((p) => PART_LABELS[p]).join(', ')}.${
            dialogue.complementRequest.answeredAt ? ` Réponse le ${formatDateTime(dialogue.complementRequest.answeredAt)}.` : ''
          }`}
        />
      )}
      <h2 className="fr-h4">Messages</h2>
      {!dialogue && <p role="status">Chargement…</p>}
      {dialogue && dialogue.messages.length === 0 && <p>Aucun échange pour le moment.</p>}
      <ol className="fr-raw-list" data-testid="messages">
        {dialogue?.messages.map((m) => (
          <li
            key={m.id}
            className="fr-p-2w fr-mb-2w"
            data-kind={m.kind}
            style={{ borderLeft: `4px solid ${m.authorRole === 'PORTEUR' ? 'var(--border-plain-info)' : 'var(--border-default-grey)'}`, background: 'var(--background-alt-grey)' }}
          >
            <p className="fr-text--sm fr-mb-1w">
              <strong>{KIND_LABELS[m.kind]}</strong> — {m.authorName ?? (m.authorRole === 'PORTEUR' ? 'Porteur' : 'ARS')} ({m.authorRole === 'PORTEUR' ? 'porteur' : 'agent'}),{' '}
              {formatDateTime(m.at)}
            </p>
            <p className="fr-mb-0" style={{ whiteSpace: 'pre-wrap' }}>
              {m.body}
            </p>
          </li>
        ))}
      </ol>
      {!file.readOnly && (
        <form
          className="fr-mb-4w"
          onSubmit={(e) => {
            e.preventDefault();
            void send({ variables: { id: file.id, body } })
              .then(() => {
                setBody('');
                return done();
              })
              .catch(() => undefined);
          }}
        >
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="nouveau-message">
              Écrire au porteur
            </label>
            <textarea className="fr-input" id="nouveau-message" rows={3} required value={body} onChange={(e) => setBody(e.target.value)} />
          </div>
          <Button type="submit" priority="secondary" disabled={sending.loading}>
            Envoyer le message
          </Button>
        </form>
      )}
      {complement && (
        <form
          className="fr-p-3w fr-mb-4w"
          style={{ border: '1px solid var(--border-default-grey)' }}
          aria-labelledby="titre-complements"
          onSubmit={(e) => {
            e.preventDefault();
            void ask({ variables: { id: file.id, parts, message: request } })
              .then(() => {
                setRequest('');
                setParts([]);
                return done();
              })
              .catch(() => undefined);
          }}
        >
          <h2 className="fr-h5" id="titre-complements">
            Demander des compléments
          </h2>
          {complement.refusal ? (
            <p>{complement.refusal}</p>
          ) : (
            <>
              <fieldset className="fr-fieldset" aria-labelledby="legende-parties">
                <legend className="fr-fieldset__legend fr-text--regular" id="legende-parties">
                  Parties du dossier à rouvrir au porteur <span className="fr-hint-text">Seules ces parties redeviennent modifiables ; le porteur est prévenu par e-mail.</span>
                </legend>
                {(Object.keys(PART_LABELS) as FilePart[]).map((part) => (
                  <div className="fr-fieldset__element" key={part}>
                    <div className="fr-checkbox-group">
                      <input
                        type="checkbox"
                        id={`partie-${part}`}
                        checked={parts.includes(part)}
                        onChange={(e) => setParts(e.target.checked ? [...parts, part] : parts.filter((p) => p !== part))}
                      />
                      <label className="fr-label" htmlFor={`partie-${part}`}>
                        {PART_LABELS[part]}
                      </label>
                    </div>
                  </div>
                ))}
              </fieldset>
              <div className="fr-input-group">
                <label className="fr-label" htmlFor="message-complements">
                  Ce que vous demandez au porteur
                </label>
                <textarea className="fr-input" id="message-complements" rows={3} required value={request} onChange={(e) => setRequest(e.target.value)} />
              </div>
              <Button type="submit" disabled={asking.loading || parts.length === 0}>
                Envoyer la demande de compléments
              </Button>
            </>
          )}
        </form>
      )}
      {reopenAction && (
        <form
          className="fr-p-3w fr-mb-4w"
          style={{ border: '1px solid var(--border-default-grey)' }}
          aria-labelledby="titre-reouverture"
          onSubmit={(e) => {
            e.preventDefault();
            void reopen({ variables: { id: file.id, reason } })
              .then(() => {
                setReason('');
                return done();
              })
              .catch(() => undefined);
          }}
        >
          <h2 className="fr-h5" id="titre-reouverture">
            Rouvrir un dossier déposé hors délai
          </h2>
          <p className="fr-text--sm">Le dossier repasse en brouillon pour ajustement ; la réouverture et son motif sont tracés dans l’historique.</p>
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="motif-reouverture">
              Motif de la réouverture
            </label>
            <textarea className="fr-input" id="motif-reouverture" rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <Button type="submit" priority="secondary" disabled={reopening.loading || Boolean(reopenAction.refusal)}>
            Rouvrir le dossier
          </Button>
        </form>
      )}
      {mutationError && <Alert severity="error" small description={gatewayErrorInfo(mutationError).message ?? 'L’opération n’a pas abouti.'} />}
    </>
  );
}

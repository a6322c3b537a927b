import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { SUBMIT_CANDIDATURE_MUTATION, gatewayErrorExtensions, gatewayErrorInfo } from '@esms/graphql-client';
import { formatEuros } from '@esms/ui';
import { useEditor } from './editor-context';
import { BLOCK_BADGES } from './piece-status';
import { deskLabel } from './side-panel';
import { formatDateTime, formatDay } from '../shared/dates';

interface Refusal {
  title: string;
  message: string;
  problems: string[];
}

/** A fresh idempotency key (UUID; random hex where `randomUUID` is unavailable, e.g. outside a secure context). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  return Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Answers after which the file was certainly not submitted: the next click is a new attempt, with a new key. */
const DEFINITIVE = new Set(['BAD_USER_INPUT', 'CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);

export function SubmitStep() {
  const { candidature, frozen, save } = useEditor();
  const [submit] = useMutation(SUBMIT_CANDIDATURE_MUTATION);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  // One key per submission attempt, kept across its retries (lost answer, timeout): the server then answers the
  // submission it already made instead of making a second one (issue 8 line 14).
  const attemptKey = useRef<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const check = candidature.submissionCheck;
  const submitted = Boolean(candidature.submittedAt);

  useEffect(() => {
    if (refusal) refusalRef.current?.focus();
  }, [refusal]);

  async function onSubmit() {
    if (inFlight.current) return; // a double click sends one request
    inFlight.current = true;
    setSubmitting(true);
    setRefusal(null);
    attemptKey.current ??= newIdempotencyKey();
    const idempotencyKey = attemptKey.current;
    let failure: unknown = null;
    try {
      const saved = await save(async (expectedVersion) => {
        try {
          const result = await submit({ variables: { id: candidature.id, expectedVersion, idempotencyKey } });
          if (result.error) throw result.error;
          return result;
        } catch (error) {
          const { code } = gatewayErrorInfo(error);
          if (code === 'CONFLICT') throw error;
          failure = error;
          return undefined;
        }
      });
      if (saved !== null && !failure) attemptKey.current = null; // CONFLICT: the banner asks to reload; a new attempt follows
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
    if (failure) {
      const { code, message } = gatewayErrorInfo(failure);
      if (DEFINITIVE.has(code)) attemptKey.current = null;
      const extensions = gatewayErrorExtensions(failure);
      const problems = Array.isArray(extensions['problems']) ? (extensions['problems'] as string[]) : [];
      const unsure = !DEFINITIVE.has(code);
      setRefusal({
        title: extensions['reason'] === 'LATE' ? 'Dépôt hors délai : dossier non recevable' : unsure ? 'Le dépôt n’a pas pu être confirmé' : 'Le dossier ne peut pas encore être déposé',
        message: unsure
          ? `${code === 'NETWORK' ? 'La réponse du service n’est pas parvenue' : 'Le service n’a pas pu confirmer le dépôt'}. Cliquez à nouveau sur « Déposer ma candidature » : si le dépôt avait abouti, il ne sera pas fait une seconde fois.`
          : (message ?? 'Le dépôt a échoué. Réessayez dans quelques instants.'),
        problems,
      });
    } else {
      attemptKey.current = null;
      setTimeout(() => doneRef.current?.focus(), 0);
    }
  }

  if (submitted) {
    return (
      <div ref={doneRef} tabIndex={-1}>
        <Alert
          severity="success"
          title="Votre candidature est déposée"
          description={
            <>
              {candidature.receiptNumber && (
                <span style={{ display: 'block' }} className="fr-mb-1w">
                  Numéro d’accusé de réception : <strong data-testid="receipt-number">{candidature.receiptNumber}</strong>
                </span>
              )}
              {`Déposée le ${formatDateTime(candidature.submittedAt as string)} (heure de Paris)${candidature.windowCode ? `, rattachée à la fenêtre de sélection ${candidature.windowCode}` : ''}. Un courriel de confirmation avec le récapitulatif vous a été envoyé. Le dossier n’est plus modifiable : l’ARS vous contactera si elle a besoin de compléments.`}
            </>
          }
          className="fr-mb-3w"
        />
        {candidature.recapitulatifPath && (
          <p>
            <a className="fr-link fr-link--download" href={candidature.recapitulatifPath} download={`recapitulatif-${candidature.reference}.pdf`}>
              Télécharger le récapitulatif <span className="fr-link__detail">PDF</span>
            </a>
          </p>
        )}
        <Summary />
        <p>
          <Link to={`/candidatures/${candidature.id}/historique`}>Suivre l’instruction du dossier</Link>
        </p>
      </div>
    );
  }

  return (
    <>
      <p>Vérifiez le résumé de votre dossier puis déposez-le. Après le dépôt, il n’est plus modifiable.</p>
      <Summary />
      <section aria-labelledby="depot-manques" className="fr-mb-4w">
        <h2 id="depot-manques" className="fr-h4">
          Avant de déposer
        </h2>
        <p>
          Dépôt possible jusqu’au <strong>{formatDay(check.closesOn)} à 23 h 59</strong> (heure de Paris)
          {check.currentWindow ? `, fenêtre de sélection en cours : ${check.currentWindow}` : ''}.
        </p>
        {check.canSubmit ? (
          <Alert severity="success" small description="Tout est prêt : vous pouvez déposer votre candidature." className="fr-mb-3w" />
        ) : (
          <Alert
            severity="warning"
            className="fr-mb-3w"
            title="Ce qui manque encore"
            description={
              <ul data-testid="submission-problems">
                {check.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
        {check.blockingPieces.length > 0 && <BlockingPieces />}
      </section>
      <div aria-live="assertive">
        {refusal && (
          <div ref={refusalRef} tabIndex={-1} className="fr-mb-3w" data-testid="submission-refusal">
            <Alert
              severity="error"
              title={refusal.title}
              description={
                <>
                  <span style={{ display: 'block' }}>{refusal.message}</span>
                  {refusal.problems.length > 0 && (
                    <ul>
                      {refusal.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  )}
                  {check.arsContacts.length > 0 && (
                    <span style={{ display: 'block' }}>
                      Contact ARS :{' '}
                      {check.arsContacts.map((c, i) => (
                        <span key={c.email}>
                          {i > 0 ? ', ' : ''}
                          {c.name ? `${c.name} ` : ''}
                          <a href={`mailto:${c.email}`}>{c.email}</a>
                        </span>
                      ))}
                    </span>
                  )}
                </>
              }
            />
          </div>
        )}
      </div>
      {!frozen && (
        <Button type="button" iconId="fr-icon-send-plane-line" disabled={submitting} aria-busy={submitting} onClick={() => void onSubmit()}>
          {submitting ? 'Dépôt en cours…' : 'Déposer ma candidature'}
        </Button>
      )}
    </>
  );
}

/** Which pieces block the submission and why (missing, being scanned, infected), each with the way to fix it. */
function BlockingPieces() {
  const { candidature } = useEditor();
  return (
    <div className="fr-mb-3w">
      <h3 className="fr-h6 fr-mb-1w">Pièces qui bloquent le dépôt</h3>
      <ul data-testid="blocking-pieces" className="fr-text--sm">
        {candidature.submissionCheck.blockingPieces.map((b) => (
          <li key={b.code} data-piece={b.code} data-reason={b.reason}>
            <Badge as="span" small noIcon severity={BLOCK_BADGES[b.reason].severity}>
              {BLOCK_BADGES[b.reason].label}
            </Badge>{' '}
            {b.message}
          </li>
        ))}
      </ul>
      <p className="fr-text--sm">
        <Link to={`/candidatures/${candidature.id}/pieces`}>Joindre ou remplacer ces pièces</Link>
      </p>
    </div>
  );
}

function Summary() {
  const { candidature } = useEditor();
  const funding = candidature.funding;
  const requiredPieces = candidature.pieces.filter((p) => p.requirement === 'REQUIRED');
  return (
    <section aria-labelledby="depot-resume" className="fr-mb-4w">
      <h2 id="depot-resume" className="fr-h4">
        Résumé du dossier
      </h2>
      <dl className="fr-text--sm">
        <dt className="fr-text--bold">Campagne</dt>
        <dd>{candidature.campaign.label}</dd>
        <dt className="fr-text--bold">Organismes gestionnaires</dt>
        <dd>{candidature.organismes.map((o) => `${o.name} (${o.finessEj})`).join(', ') || '—'}</dd>
        <dt className="fr-text--bold">Grappe</dt>
        <dd>
          {candidature.members.length} ESSMS dans {candidature.regions.length} région{candidature.regions.length > 1 ? 's' : ''} — {deskLabel(candidature)}
        </dd>
        <dt className="fr-text--bold">Type de projet</dt>
        <dd>{candidature.dossier.projectTypeLabel ?? '—'}</dd>
        <dt className="fr-text--bold">Financement estimé</dt>
        <dd>{funding ? `${formatEuros(funding.total)} (avance ${formatEuros(funding.advance)}, solde ${formatEuros(funding.balance)})` : '—'}</dd>
        <dt className="fr-text--bold">Forfait AMOA</dt>
        <dd data-testid="summary-amoa">
          {candidature.amoaRequested ? `demandé — ${funding && funding.amoa > 0 ? `${formatEuros(funding.amoa)} inclus` : 'non accordé à cette grappe (voir le financement estimé)'}` : 'non demandé'}
        </dd>
        <dt className="fr-text--bold">Régime de TVA</dt>
        <dd>{candidature.dossier.vatRegime ?? 'non renseigné'}</dd>
        <dt className="fr-text--bold">Pièces obligatoires</dt>
        <dd>
          {requiredPieces.filter((p) => !candidature.submissionCheck.blockingPieces.some((b) => b.code === p.code)).length} sur {requiredPieces.length} jointes et
          vérifiées par l’antivirus
        </dd>
      </dl>
    </section>
  );
}

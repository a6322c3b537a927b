import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { SUBMIT_CANDIDATURE_MUTATION, gatewayErrorExtensions, gatewayErrorInfo } from '@esms/graphql-client';
import { formatEuros } from '@esms/ui';
import { useEditor } from './editor-context';
import { deskLabel } from './side-panel';
import { formatDateTime, formatDay } from '../shared/dates';

interface Refusal {
  title: string;
  message: string;
  problems: string[];
}

export function SubmitStep() {
  const { candidature, frozen, save } = useEditor();
  const [submit, { loading }] = useMutation(SUBMIT_CANDIDATURE_MUTATION);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const refusalRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const check = candidature.submissionCheck;
  const submitted = Boolean(candidature.submittedAt);

  useEffect(() => {
    if (refusal) refusalRef.current?.focus();
  }, [refusal]);

  async function onSubmit() {
    setRefusal(null);
    let failure: unknown = null;
    await save(async (expectedVersion) => {
      try {
        const result = await submit({ variables: { id: candidature.id, expectedVersion } });
        if (result.error) throw result.error;
        return result;
      } catch (error) {
        const { code } = gatewayErrorInfo(error);
        if (code === 'CONFLICT') throw error;
        failure = error;
        return undefined;
      }
    });
    if (failure) {
      const { message } = gatewayErrorInfo(failure);
      const extensions = gatewayErrorExtensions(failure);
      const problems = Array.isArray(extensions['problems']) ? (extensions['problems'] as string[]) : [];
      setRefusal({
        title: extensions['reason'] === 'LATE' ? 'Dépôt hors délai : dossier non recevable' : 'Le dossier ne peut pas encore être déposé',
        message: message ?? 'Le dépôt a échoué. Réessayez dans quelques instants.',
        problems,
      });
    } else {
      setTimeout(() => doneRef.current?.focus(), 0);
    }
  }

  if (submitted) {
    return (
      <div ref={doneRef} tabIndex={-1}>
        <Alert
          severity="success"
          title="Votre candidature est déposée"
          description={`Déposée le ${formatDateTime(candidature.submittedAt as string)}${candidature.windowCode ? `, rattachée à la fenêtre de sélection ${candidature.windowCode}` : ''}. Un courriel de confirmation avec le récapitulatif vous a été envoyé. Le dossier n’est plus modifiable : l’ARS vous contactera si elle a besoin de compléments.`}
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
                {check.missingPieces.length > 0 && (
                  <li>
                    Pièces obligatoires manquantes : {check.missingPieces.join(', ')} — <Link to={`/candidatures/${candidature.id}/pieces`}>les joindre</Link>
                  </li>
                )}
              </ul>
            }
          />
        )}
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
        <Button type="button" iconId="fr-icon-send-plane-line" disabled={loading} onClick={() => void onSubmit()}>
          {loading ? 'Dépôt en cours…' : 'Déposer ma candidature'}
        </Button>
      )}
    </>
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
        <dt className="fr-text--bold">Régime de TVA</dt>
        <dd>{candidature.dossier.vatRegime ?? 'non renseigné'}</dd>
        <dt className="fr-text--bold">Pièces obligatoires</dt>
        <dd>
          {requiredPieces.filter((p) => p.files.length > 0).length} sur {requiredPieces.length} jointes
        </dd>
      </dl>
    </section>
  );
}

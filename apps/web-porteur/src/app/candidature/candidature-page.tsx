import { useEffect, useRef } from 'react';
import { Link, Navigate, useParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { CANDIDATURE_QUERY, gatewayErrorInfo } from '@esms/graphql-client';
import { usePageTitle } from '@esms/ui';
import { ConflictAlert } from './conflict-alert';
import { EditorProvider, useEditor } from './editor-context';
import { SidePanel } from './side-panel';
import { GrappeStep } from './grappe-step';
import { QuestionsStep } from './questions-step';
import { PiecesStep } from './pieces-step';
import { SubmitStep } from './submit-step';
import { FollowStep } from './follow-step';
import { stateSeverity } from '../candidatures/candidatures-page';

export const STEPS = [
  { slug: 'grappe', title: 'Grappe d’ESSMS' },
  { slug: 'questions', title: 'Questions du dossier' },
  { slug: 'pieces', title: 'Pièces justificatives' },
  { slug: 'depot', title: 'Dépôt' },
  { slug: 'historique', title: 'Historique et statut' },
] as const;

function SaveStatus() {
  const { saveState } = useEditor();
  return (
    <p className="fr-text--sm fr-mb-0" role="status" data-testid="save-status">
      {saveState.status === 'saving' && 'Enregistrement…'}
      {saveState.status === 'saved' &&
        `Brouillon enregistré à ${saveState.at.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' })}`}
      {saveState.status === 'error' && <span className="fr-error-text fr-mt-0">{saveState.message}</span>}
    </p>
  );
}

function EditorBody({ step }: { step: (typeof STEPS)[number] }) {
  const { candidature, conflict, conflictMessage, reload, frozen } = useEditor();
  const index = STEPS.findIndex((s) => s.slug === step.slug);
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${step.title} — ${candidature.title}`);
  useEffect(() => {
    headingRef.current?.focus();
  }, [step.slug]);

  return (
    <div className="fr-container fr-my-4w">
      <nav role="navigation" className="fr-breadcrumb" aria-label="vous êtes ici :">
        <ol className="fr-breadcrumb__list">
          <li>
            <Link className="fr-breadcrumb__link" to="/candidatures">
              Mes candidatures
            </Link>
          </li>
          <li>
            <a className="fr-breadcrumb__link" aria-current="page">
              {candidature.reference}
            </a>
          </li>
        </ol>
      </nav>
      <div className="fr-grid-row fr-grid-row--middle fr-mb-2w">
        <div className="fr-col">
          <p className="fr-mb-1w fr-text--sm">
            {candidature.reference} — {candidature.campaign.label}{' '}
            <Badge as="span" small noIcon severity={stateSeverity(candidature.state)} data-testid="state-badge">
              {candidature.stateLabel}
            </Badge>
          </p>
          <p className="fr-h3 fr-mb-1w">{candidature.title}</p>
        </div>
        <div className="fr-col-auto">{!frozen && <SaveStatus />}</div>
      </div>
      {conflict && <ConflictAlert detail={conflictMessage} onReload={() => void reload()} />}
      {frozen && candidature.state !== 'DRAFT' && (
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description={
            candidature.submittedAt
              ? `Dossier déposé : il n’est plus modifiable. Suivez son instruction dans l’onglet « Historique et statut ».`
              : 'Ce dossier n’est pas modifiable dans son état actuel.'
          }
        />
      )}
      <Stepper
        currentStep={Math.min(index + 1, 4)}
        stepCount={4}
        title={step.title}
        nextTitle={index < 3 ? STEPS[index + 1].title : undefined}
      />
      <nav aria-label="Étapes du dossier" className="fr-mb-3w">
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
          {STEPS.map((s, i) => (
            <li key={s.slug}>
              <Link
                to={`/candidatures/${candidature.id}/${s.slug}`}
                className={`fr-btn fr-btn--sm ${s.slug === step.slug ? '' : 'fr-btn--tertiary'}`}
                aria-current={s.slug === step.slug ? 'step' : undefined}
              >
                {i < 4 ? `${i + 1}. ` : ''}
                {s.title}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-8">
          <h1 ref={headingRef} tabIndex={-1} className="fr-h2">
            {step.title}
          </h1>
          {step.slug === 'grappe' && <GrappeStep />}
          {step.slug === 'questions' && <QuestionsStep />}
          {step.slug === 'pieces' && <PiecesStep />}
          {step.slug === 'depot' && <SubmitStep />}
          {step.slug === 'historique' && <FollowStep />}
        </div>
        <div className="fr-col-12 fr-col-lg-4">
          <SidePanel candidature={candidature} />
        </div>
      </div>
    </div>
  );
}

/** `/candidatures/:id/:step`: the candidature editor (grappe, questions, pieces, submission) and its follow-up. */
export function CandidaturePage() {
  const { id = '', step: slug } = useParams();
  const { data, loading, error, refetch } = useQuery(CANDIDATURE_QUERY, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const step = STEPS.find((s) => s.slug === slug);
  usePageTitle(data?.candidature ? undefined : 'Candidature');

  if (!slug && data?.candidature) {
    const target = data.candidature.state === 'DRAFT' ? 'grappe' : 'historique';
    return <Navigate to={`/candidatures/${id}/${target}`} replace />;
  }
  if (loading && !data) {
    return (
      <div className="fr-container fr-my-6w">
        <p role="status">Chargement du dossier…</p>
      </div>
    );
  }
  if (!data?.candidature || !step) {
    const { code } = gatewayErrorInfo(error);
    return (
      <div className="fr-container fr-my-6w">
        <h1>Candidature introuvable</h1>
        <Alert
          severity="error"
          small
          description={
            code === 'NETWORK'
              ? 'Le service est momentanément injoignable. Réessayez dans quelques instants.'
              : 'Ce dossier n’existe pas ou ne fait pas partie des dossiers de vos organismes.'
          }
        />
        <p className="fr-mt-3w">
          <Link to="/candidatures">Retour à mes candidatures</Link>
        </p>
      </div>
    );
  }
  return (
    <EditorProvider candidature={data.candidature} refetch={() => refetch()}>
      <EditorBody step={step} />
    </EditorProvider>
  );
}

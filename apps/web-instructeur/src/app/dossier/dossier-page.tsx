import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs';
import { CANDIDATURE_DETAIL_QUERY, gatewayErrorInfo } from '@esms/graphql-client';
import { RequireRole, formatEuros, usePageTitle, useSession } from '@esms/ui';
import { stateSeverity } from '../shared/labels';
import { ActionsPanel } from './actions-panel';
import { CdTab } from './cd-tab';
import { ConventionTab } from './convention-tab';
import { FollowUpTab } from '../follow-up/follow-up-tab';
import { DialogueTab } from './dialogue-tab';
import { GradingTab } from './grading-tab';
import { OverviewTab } from './overview-tab';

const CONVENTION_STATES = new Set(['RETAINED', 'CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED']);

function Dossier({ id }: { id: string }) {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const { data, error, loading, refetch } = useQuery(CANDIDATURE_DETAIL_QUERY, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const file = data?.candidature;
  usePageTitle(file ? `${file.reference} — ${file.title}` : 'Dossier');

  if (error && !file) {
    const info = gatewayErrorInfo(error);
    return (
      <Alert
        severity={info.code === 'NOT_FOUND' ? 'warning' : 'error'}
        title={info.code === 'NOT_FOUND' ? 'Dossier introuvable' : 'Dossier indisponible'}
        description={info.message ?? 'Réessayez dans un instant.'}
      />
    );
  }
  if (!file) return <p role="status">{loading ? 'Chargement du dossier…' : ''}</p>;

  const isCd = me?.role === 'CD';
  const tabs = [
    { tabId: 'dossier', label: 'Dossier' },
    ...(isCd ? [] : [{ tabId: 'echanges', label: 'Échanges' }]),
    { tabId: 'avis-cd', label: 'Avis du conseil départemental' },
    ...(isCd ? [] : [{ tabId: 'evaluation', label: 'Évaluation' }]),
    ...(!isCd && CONVENTION_STATES.has(file.state) ? [{ tabId: 'convention', label: 'Convention' }] : []),
    ...(!isCd && CONVENTION_STATES.has(file.state) && file.state !== 'RETAINED' ? [{ tabId: 'suivi', label: 'Suivi et paiements' }] : []),
  ];
  const wanted = params.get('onglet') ?? 'dossier';
  const selected = tabs.some((t) => t.tabId === wanted) ? wanted : 'dossier';
  const refresh = () => void refetch();

  return (
    <>
      <h1 className="fr-h2 fr-mb-1w">
        {file.reference} — {file.title}
      </h1>
      <div className="fr-mb-2w">
        <Badge severity={stateSeverity(file.state)} noIcon as="span" data-testid="file-state">
          {file.stateLabel}
        </Badge>{' '}
        {file.desk === 'NATIONAL' && (
          <Badge severity="info" noIcon as="span">
            Guichet national — multirégional
          </Badge>
        )}{' '}
        {file.readOnly && (
          <Badge severity="warning" noIcon as="span">
            Lecture seule
          </Badge>
        )}{' '}
        <span className="fr-text--sm">
          {file.members.length} ESSMS · {file.funding ? formatEuros(file.funding.total) : '—'} · ARS pivot {file.pivotRegion?.name ?? '—'}
          {file.regions.length > 1 && <> · régions {file.regions.map((r) => r.name).join(', ')}</>}
        </span>
      </div>
      {!file.readOnly && <ActionsPanel candidatureId={file.id} version={file.version} actions={file.availableActions} onDone={refresh} />}
      <Tabs
        label="Sections du dossier"
        tabs={tabs}
        selectedTabId={selected}
        onTabChange={(tabId) => {
          const next = new URLSearchParams(params);
          if (tabId === 'dossier') next.delete('onglet');
          else next.set('onglet', tabId);
          setParams(next, { replace: true });
        }}
      >
        {selected === 'dossier' && <OverviewTab file={file} />}
        {selected === 'echanges' && <DialogueTab file={file} onChanged={refresh} />}
        {selected === 'avis-cd' && <CdTab file={file} />}
        {selected === 'evaluation' && <GradingTab file={file} />}
        {selected === 'convention' && <ConventionTab file={file} />}
        {selected === 'suivi' && <FollowUpTab id={file.id} readOnly={file.readOnly} />}
      </Tabs>
    </>
  );
}

export function DossierPage() {
  const { id = '' } = useParams();
  usePageTitle('Dossier');
  return (
    <div className="fr-container fr-container--fluid fr-px-4w fr-my-2w">
      <Breadcrumb
        currentPageLabel="Dossier"
        homeLinkProps={{ to: '/' }}
        segments={[{ label: 'Ma file d’instruction', linkProps: { to: '/' } }]}
      />
      <RequireRole roles={['INSTRUCTEUR', 'CD']}>
        <Dossier id={id} />
      </RequireRole>
      <p className="fr-mt-4w">
        <Link to="/" className="fr-link">
          Retour à la file
        </Link>
      </p>
    </div>
  );
}

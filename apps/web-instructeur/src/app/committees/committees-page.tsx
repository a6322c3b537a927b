import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  CLOSE_COMMITTEE_MUTATION,
  COMMITTEES_QUERY,
  COMMITTEE_AGENDA_QUERY,
  CREATE_COMMITTEE_MUTATION,
  INSTRUCTION_CAMPAIGNS_QUERY,
  RECORD_COMMITTEE_DECISION_MUTATION,
  SET_REGION_ENVELOPE_MUTATION,
  gatewayErrorInfo,
  type AgendaItemView,
  type CommitteeDecisionKind,
} from '@esms/graphql-client';
import { RequireRole, formatDate, formatDateTime, formatEuros, usePageTitle, useSession } from '@esms/ui';
import { STATE_LABELS } from '../shared/labels';

export const DECISION_LABELS: Record<CommitteeDecisionKind, string> = { RETAINED: 'Retenu', NOT_RETAINED: 'Non retenu', POSTPONED: 'Ajourné' };
const DECISION_SEVERITY = { RETAINED: 'success', NOT_RETAINED: 'error', POSTPONED: 'warning' } as const;
const STATUS_LABELS = { PLANNED: 'Programmé', IN_SESSION: 'En séance', CLOSED: 'Clos' } as const;

function Page({ title, children, crumbs = [] }: { title: string; children: React.ReactNode; crumbs?: { label: string; to: string }[] }) {
  usePageTitle(title);
  return (
    <div className="fr-container fr-container--fluid fr-px-4w fr-my-2w">
      <Breadcrumb currentPageLabel={title} homeLinkProps={{ to: '/' }} segments={crumbs.map((c) => ({ label: c.label, linkProps: { to: c.to } }))} />
      <h1>{title}</h1>
      <RequireRole roles={['INSTRUCTEUR']}>{children}</RequireRole>
    </div>
  );
}

function CommitteeList() {
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const campaigns = useQuery(INSTRUCTION_CAMPAIGNS_QUERY, { variables: { regionCode: me?.regionCode ?? null }, skip: !me?.regionCode });
  const list = campaigns.data?.campaigns ?? [];
  const campaignId = params.get('campagne') ?? list[0]?.id ?? '';
  const campaign = list.find((c) => c.id === campaignId);
  const committees = useQuery(COMMITTEES_QUERY, { variables: { campaignId }, skip: !campaignId, fetchPolicy: 'cache-and-network' });
  const [create, creating] = useMutation(CREATE_COMMITTEE_MUTATION);
  const [setEnvelope, settingEnvelope] = useMutation(SET_REGION_ENVELOPE_MUTATION);
  const windows = [...new Set(campaign?.tracks.flatMap((t) => t.windows.map((w) => w.code)) ?? [])].sort();
  const [windowCode, setWindowCode] = useState('');
  const [sessionDate, setSessionDate] = useState('');
  const [label, setLabel] = useState('');
  const [envelope, setEnvelopeValue] = useState('');
  const currentEnvelope = committees.data?.committees.find((c) => c.envelope)?.envelope?.amount ?? null;
  const error = committees.error ?? creating.error ?? settingEnvelope.error;

  return (
    <>
      <div className="fr-select-group" style={{ maxWidth: '40rem' }}>
        <label className="fr-label" htmlFor="comites-campagne">
          Campagne
        </label>
        <select className="fr-select" id="comites-campagne" value={campaignId} onChange={(e) => setParams({ campagne: e.target.value })}>
          {list.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <p>
        Enveloppe régionale de la campagne : <strong data-testid="envelope">{currentEnvelope !== null ? formatEuros(currentEnvelope) : 'non fixée'}</strong>
      </p>
      <div className="fr-table fr-table--bordered fr-table--no-caption">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table data-testid="committees-table">
                <caption>Comités de sélection de la campagne</caption>
                <thead>
                  <tr>
                    <th scope="col">Comité</th>
                    <th scope="col">Fenêtre</th>
                    <th scope="col">Séance</th>
                    <th scope="col">Statut</th>
                  </tr>
                </thead>
                <tbody>
                  {(committees.data?.committees ?? []).map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/comites/${c.id}`}>{c.label}</Link>
                      </td>
                      <td>{c.windowCode}</td>
                      <td>{formatDate(c.sessionDate)}</td>
                      <td>
                        <Badge as="span" small noIcon severity={c.status === 'CLOSED' ? 'success' : c.status === 'IN_SESSION' ? 'info' : undefined}>
                          {STATUS_LABELS[c.status]}
                        </Badge>
                      </td>
                    </tr>
                  ))}
                  {committees.data && committees.data.committees.length === 0 && (
                    <tr>
                      <td colSpan={4}>Aucun comité pour cette campagne.</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <div className="fr-grid-row fr-grid-row--gutters">
        <form
          className="fr-col-12 fr-col-md-7"
          aria-labelledby="titre-nouveau-comite"
          onSubmit={(e) => {
            e.preventDefault();
            void create({ variables: { input: { campaignId, windowCode: windowCode || windows[0], sessionDate, label: label || null } } })
              .then(() => committees.refetch())
              .catch(() => undefined);
          }}
        >
          <h2 className="fr-h5" id="titre-nouveau-comite">
            Programmer un comité
          </h2>
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="comite-fenetre">
              Fenêtre
            </label>
            <select className="fr-select" id="comite-fenetre" value={windowCode || windows[0] || ''} onChange={(e) => setWindowCode(e.target.value)}>
              {windows.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </div>
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="comite-date">
              Date de la séance
            </label>
            <input className="fr-input" id="comite-date" type="date" required value={sessionDate} onChange={(e) => setSessionDate(e.target.value)} />
          </div>
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="comite-libelle">
              Intitulé <span className="fr-hint-text">Facultatif</span>
            </label>
            <input className="fr-input" id="comite-libelle" value={label} onChange={(e) => setLabel(e.target.value)} />
          </div>
          <Button type="submit" disabled={creating.loading || !campaignId}>
            Programmer le comité
          </Button>
        </form>
        <form
          className="fr-col-12 fr-col-md-5"
          aria-labelledby="titre-enveloppe"
          onSubmit={(e) => {
            e.preventDefault();
            void setEnvelope({ variables: { campaignId, amount: Number(envelope.replace(/\s/g, '')) } })
              .then(() => committees.refetch())
              .catch(() => undefined);
          }}
        >
          <h2 className="fr-h5" id="titre-enveloppe">
            Enveloppe régionale
          </h2>
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="enveloppe-montant">
              Montant (euros) <span className="fr-hint-text">Chaque modification est tracée.</span>
            </label>
            <input className="fr-input" id="enveloppe-montant" inputMode="numeric" pattern="[0-9 ]+" required value={envelope} onChange={(e) => setEnvelopeValue(e.target.value)} />
          </div>
          <Button type="submit" priority="secondary" disabled={settingEnvelope.loading || !campaignId}>
            Fixer l’enveloppe
          </Button>
        </form>
      </div>
      {error && <Alert className="fr-mt-2w" severity="error" small description={gatewayErrorInfo(error).message ?? 'L’opération n’a pas abouti.'} />}
    </>
  );
}

export function CommitteesPage() {
  return (
    <Page title="Comités de sélection">
      <CommitteeList />
    </Page>
  );
}

function DecisionForm({ committeeId, item, onDone }: { committeeId: string; item: AgendaItemView; onDone(): void }) {
  const [decision, setDecision] = useState<CommitteeDecisionKind>('RETAINED');
  const [motive, setMotive] = useState('');
  const [record, { loading, error }] = useMutation(RECORD_COMMITTEE_DECISION_MUTATION);
  const key = item.candidatureId;
  return (
    <form
      aria-label={`Décision sur ${item.reference}`}
      onSubmit={(e) => {
        e.preventDefault();
        void record({ variables: { committeeId, candidatureId: item.candidatureId, decision, motive } })
          .then(onDone)
          .catch(() => undefined);
      }}
    >
      <div className="fr-select-group fr-mb-1w">
        <label className="fr-label" htmlFor={`decision-${key}`}>
          Décision
        </label>
        <select className="fr-select" id={`decision-${key}`} value={decision} onChange={(e) => setDecision(e.target.value as CommitteeDecisionKind)}>
          {(Object.keys(DECISION_LABELS) as CommitteeDecisionKind[]).map((d) => (
            <option key={d} value={d}>
              {DECISION_LABELS[d]}
            </option>
          ))}
        </select>
      </div>
      <div className="fr-input-group fr-mb-1w">
        <label className="fr-label" htmlFor={`motif-${key}`}>
          Motif
        </label>
        <textarea className="fr-input" id={`motif-${key}`} rows={2} required value={motive} onChange={(e) => setMotive(e.target.value)} />
      </div>
      <Button type="submit" size="small" disabled={loading}>
        Enregistrer la décision
      </Button>
      {error && <Alert className="fr-mt-1w" severity="error" small description={gatewayErrorInfo(error).message ?? 'Décision non enregistrée.'} />}
    </form>
  );
}

function Agenda({ id }: { id: string }) {
  const { data, error, refetch } = useQuery(COMMITTEE_AGENDA_QUERY, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [close, closing] = useMutation(CLOSE_COMMITTEE_MUTATION);
  if (error && !data) return <Alert severity="error" title="Ordre du jour indisponible" description={gatewayErrorInfo(error).message ?? 'Réessayez dans un instant.'} />;
  const agenda = data?.committeeAgenda;
  if (!agenda) return <p role="status">Chargement de l’ordre du jour…</p>;
  const closed = agenda.committee.status === 'CLOSED';
  return (
    <>
      <p className="fr-text--lead">
        {agenda.committee.label} — séance du {formatDate(agenda.committee.sessionDate)} — fenêtre {agenda.committee.windowCode}{' '}
        <Badge as="span" noIcon severity={closed ? 'success' : 'info'}>
          {STATUS_LABELS[agenda.committee.status]}
        </Badge>
      </p>
      <ul className="fr-grid-row fr-grid-row--gutters fr-raw-list fr-mb-2w" data-testid="agenda-totals">
        <li className="fr-col-6 fr-col-md-3">
          Enveloppe : <strong>{agenda.envelope !== null ? formatEuros(agenda.envelope) : 'non fixée'}</strong>
        </li>
        <li className="fr-col-6 fr-col-md-3">
          Déjà retenu (autres comités) : <strong>{formatEuros(agenda.alreadyCommitted)}</strong>
        </li>
        <li className="fr-col-6 fr-col-md-3">
          Cumul : <strong>{formatEuros(agenda.total)}</strong>
        </li>
        <li className="fr-col-6 fr-col-md-3">
          {agenda.envelope === null ? null : agenda.overEnvelope ? (
            <Badge as="span" severity="error">Dépassement de {formatEuros(agenda.overshoot)}</Badge>
          ) : (
            <Badge as="span" severity="success">Dans l’enveloppe</Badge>
          )}
        </li>
      </ul>
      {agenda.notices.map((n) => (
        <Alert key={n} severity="info" small className="fr-mb-1w" description={n} />
      ))}
      <div className="fr-table fr-table--bordered fr-table--sm fr-table--no-caption">
        <div className="fr-table__wrapper">
          <div className="fr-table__container">
            <div className="fr-table__content">
              <table data-testid="agenda-table">
                <caption>Ordre du jour, classé par maturité puis priorités régionales puis note</caption>
                <thead>
                  <tr>
                    <th scope="col">Rang</th>
                    <th scope="col">Dossier</th>
                    <th scope="col">Note</th>
                    <th scope="col">Priorités</th>
                    <th scope="col">Montant</th>
                    <th scope="col">Cumul</th>
                    <th scope="col">Décision</th>
                  </tr>
                </thead>
                <tbody>
                  {agenda.items.map((item) => (
                    <tr key={item.candidatureId} data-testid="agenda-row" data-reference={item.reference}>
                      <td>{item.rank}</td>
                      <td>
                        <Link to={`/dossiers/${item.candidatureId}`}>{item.reference}</Link>
                        <span className="fr-hint-text">
                          {item.title} · {STATE_LABELS[item.state] ?? item.state}
                        </span>
                      </td>
                      <td>
                        {item.consensus !== null ? item.consensus.toLocaleString('fr-FR') : '—'}
                        <span className="fr-hint-text">
                          {item.mature === null ? 'maturité non établie' : item.mature ? 'mature' : 'non mature'} · {item.signedEvaluations} signée(s)
                        </span>
                      </td>
                      <td>
                        {item.matchedPriorityCount} / {item.priorities.length}
                        {item.priorities.length > 0 && (
                          <details>
                            <summary className="fr-text--sm">Détail</summary>
                            <ul className="fr-text--sm">
                              {item.priorities.map((p) => (
                                <li key={p.code}>
                                  {p.status === 'MATCHED' ? '✔' : p.status === 'NOT_MATCHED' ? '✘' : '?'} {p.label} — {p.explanation}
                                </li>
                              ))}
                            </ul>
                          </details>
                        )}
                      </td>
                      <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{formatEuros(item.fundingTotal)}</td>
                      <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                        {item.counted ? formatEuros(item.runningTotal) : '—'}
                        {item.withinEnvelope === false && <span className="fr-hint-text">au-delà de l’enveloppe de {formatEuros(item.overshoot)}</span>}
                      </td>
                      <td style={{ minWidth: '16rem' }}>
                        {item.decision ? (
                          <>
                            <Badge as="span" small severity={DECISION_SEVERITY[item.decision.decision]} data-testid="agenda-decision">
                              {DECISION_LABELS[item.decision.decision]}
                            </Badge>
                            <p className="fr-text--sm fr-mb-1w">{item.decision.motive}</p>
                            <a className="fr-link fr-link--sm" href={item.decision.letterUrl} download>
                              Courrier de décision (PDF)
                            </a>
                            <span className="fr-hint-text">
                              {item.decision.letterEmailedAt ? `Envoyé au porteur le ${formatDateTime(item.decision.letterEmailedAt)}` : 'Envoi au porteur en cours'}
                            </span>
                          </>
                        ) : closed ? (
                          '—'
                        ) : (
                          <DecisionForm committeeId={id} item={item} onDone={() => void refetch()} />
                        )}
                      </td>
                    </tr>
                  ))}
                  {agenda.items.length === 0 && (
                    <tr>
                      <td colSpan={7}>Aucun dossier en comité pour cette fenêtre.</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      {!closed && (
        <Button
          priority="secondary"
          disabled={closing.loading}
          onClick={() => void close({ variables: { id } }).then(() => refetch()).catch(() => undefined)}
        >
          Clore le comité
        </Button>
      )}
      {closing.error && <Alert className="fr-mt-1w" severity="error" small description={gatewayErrorInfo(closing.error).message ?? 'Le comité n’a pas été clos.'} />}
    </>
  );
}

export function CommitteePage() {
  const { id = '' } = useParams();
  return (
    <Page title="Ordre du jour du comité" crumbs={[{ label: 'Comités de sélection', to: '/comites' }]}>
      <Agenda id={id} />
    </Page>
  );
}

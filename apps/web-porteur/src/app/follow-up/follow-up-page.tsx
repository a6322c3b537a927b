import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import {
  CREATE_EDITOR_TOKEN_MUTATION,
  EDITOR_TOKENS_QUERY,
  FOLLOW_UP_QUERY,
  REQUEST_BALANCE_MUTATION,
  REVOKE_EDITOR_TOKEN_MUTATION,
  START_DEPLOYMENT_MUTATION,
  gatewayErrorExtensions,
  gatewayErrorInfo,
  type FollowUpFile,
} from '@esms/graphql-client';
import { FollowUpAlerts, MilestonesTable, PaymentsTable, TargetsSection, formatDate, formatEuros, usePageTitle } from '@esms/ui';
import { MeasurementsForm } from './measurements-form';

async function postFile(url: string, file: File): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { ok: res.ok, body };
}

function EditorTokens({ candidatureId }: { candidatureId: string }) {
  const { data, refetch } = useQuery(EDITOR_TOKENS_QUERY, { variables: { candidatureId } });
  const [create, creating] = useMutation(CREATE_EDITOR_TOKEN_MUTATION);
  const [revoke] = useMutation(REVOKE_EDITOR_TOKEN_MUTATION);
  const [label, setLabel] = useState('');
  const [days, setDays] = useState(180);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <p>
        L’éditeur de votre DUI peut envoyer automatiquement les comptages du mois par l’API GraphQL (<code>recordMeasurements</code>) avec un jeton limité à ce seul projet
        (permission <code>measurements:write</code>), pour une durée limitée. Vous pouvez le révoquer à tout moment.
      </p>
      <form
        className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const res = await create({ variables: { candidatureId, label, expiresInDays: days } });
            setSecret(res.data?.createEditorApiToken.token ?? null);
            setLabel('');
            void refetch();
          } catch (err) {
            setError(gatewayErrorInfo(err).message ?? 'Création impossible.');
          }
        }}
      >
        <div className="fr-col-12 fr-col-md-6 fr-input-group">
          <label className="fr-label" htmlFor="token-label">
            Nom de l’éditeur
          </label>
          <input className="fr-input" id="token-label" required maxLength={120} value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="fr-col-6 fr-col-md-3 fr-input-group">
          <label className="fr-label" htmlFor="token-days">
            Validité (jours, 365 au plus)
          </label>
          <input className="fr-input" id="token-days" type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </div>
        <div className="fr-col-6 fr-col-md-3 fr-input-group">
          <button className="fr-btn" type="submit" disabled={creating.loading}>
            Créer un jeton
          </button>
        </div>
      </form>
      {error && <Alert severity="error" small description={error} />}
      {secret && (
        <Alert
          severity="success"
          small
          title="Jeton créé : copiez-le maintenant, il ne sera plus affiché."
          description={<code data-testid="editor-token">{secret}</code>}
        />
      )}
      {(data?.editorApiTokens.length ?? 0) > 0 && (
        <div className="fr-table fr-table--sm">
          <table>
            <caption>Jetons de ce projet</caption>
            <thead>
              <tr>
                <th scope="col">Éditeur</th>
                <th scope="col">Préfixe</th>
                <th scope="col">Expire le</th>
                <th scope="col">Dernier usage</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {data!.editorApiTokens.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.label}</th>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatDate(t.expiresAt)}</td>
                  <td>{formatDate(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      `Révoqué le ${formatDate(t.revokedAt)}`
                    ) : (
                      <button className="fr-btn fr-btn--sm fr-btn--tertiary" type="button" onClick={() => void revoke({ variables: { id: t.id } }).then(() => refetch())}>
                        Révoquer <span className="fr-sr-only">le jeton {t.label}</span>
                      </button>
                    )}
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

function Balance({ file, onDone }: { file: FollowUpFile; onDone: () => void }) {
  const f = file.followUp!;
  const [certifiedBy, setCertifiedBy] = useState('PUBLIC_ACCOUNTANT');
  const [hardware, setHardware] = useState('');
  const [statement, setStatement] = useState<File | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; list?: string[] } | null>(null);
  const [request] = useMutation(REQUEST_BALANCE_MUTATION);
  const canUpload = file.state === 'ADVANCE_PAID' || file.state === 'IN_DEPLOYMENT';
  return (
    <>
      <h3 className="fr-h6">État récapitulatif des dépenses</h3>
      {f.expenseStatement ? (
        <p>
          Déposé le {formatDate(f.expenseStatement.uploadedAt)} :{' '}
          <a className="fr-link" href={f.expenseStatement.downloadUrl} download>
            {f.expenseStatement.fileName}
          </a>{' '}
          — visé par le {f.expenseStatement.certifiedBy === 'PUBLIC_ACCOUNTANT' ? 'comptable public' : 'commissaire aux comptes'}
          {f.expenseStatement.hardwareExpense !== null && <>, dépense matérielle justifiée {formatEuros(f.expenseStatement.hardwareExpense)}</>}.
        </p>
      ) : (
        <p>Aucun état des dépenses déposé.</p>
      )}
      {canUpload && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!statement) return;
            const q = new URLSearchParams({ certifiedBy, ...(hardware ? { hardwareExpense: hardware } : {}) });
            const res = await postFile(`/files/candidatures/${file.id}/expense-statement?${q}`, statement);
            setMessage({ ok: res.ok, text: res.ok ? 'État des dépenses déposé.' : String(res.body['message'] ?? 'Dépôt impossible.') });
            if (res.ok) onDone();
          }}
        >
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-4 fr-select-group">
              <label className="fr-label" htmlFor="certified-by">
                Visé par
              </label>
              <select className="fr-select" id="certified-by" value={certifiedBy} onChange={(e) => setCertifiedBy(e.target.value)}>
                <option value="PUBLIC_ACCOUNTANT">le comptable public</option>
                <option value="STATUTORY_AUDITOR">le commissaire aux comptes</option>
              </select>
            </div>
            <div className="fr-col-12 fr-col-md-4 fr-input-group">
              <label className="fr-label" htmlFor="hardware-expense">
                Dépense matérielle justifiée (euros)
                <span className="fr-hint-text">Le matériel n’est jamais payé au-delà de la dépense justifiée.</span>
              </label>
              <input className="fr-input" id="hardware-expense" inputMode="numeric" pattern="[0-9]*" value={hardware} onChange={(e) => setHardware(e.target.value)} />
            </div>
            <div className="fr-col-12 fr-col-md-4 fr-upload-group">
              <label className="fr-label" htmlFor="expense-file">
                Document visé (PDF)
                <span className="fr-hint-text">PDF, 10 Mo au plus.</span>
              </label>
              <input className="fr-upload" id="expense-file" type="file" accept=".pdf,application/pdf" onChange={(e) => setStatement(e.target.files?.[0] ?? null)} />
            </div>
          </div>
          <button className="fr-btn fr-btn--secondary fr-mt-2w" type="submit" disabled={!statement}>
            Déposer l’état des dépenses
          </button>
        </form>
      )}
      <h3 className="fr-h6 fr-mt-3w">Demande du solde</h3>
      <p>
        Solde prévu : {formatEuros(f.balance.conventionBalance)}
        {f.balance.hardwareGranted > 0 && (
          <>
            {' '}
            — matériel accordé {formatEuros(f.balance.hardwareGranted)}, payable {formatEuros(f.balance.hardwarePayable)}
          </>
        )}
        . Montant du solde à verser : <strong>{formatEuros(f.balance.balanceAmount)}</strong>.
      </p>
      {f.balance.missingConditions.length > 0 && (
        <div className="fr-callout fr-mb-2w">
          <p className="fr-callout__text">Conditions encore manquantes :</p>
          <ul data-testid="balance-missing">
            {f.balance.missingConditions.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {file.state === 'BALANCE_REQUESTED' && <Alert severity="info" small description="Demande de solde transmise à l’ARS : elle la vérifie puis enregistre le versement." />}
      {file.state === 'IN_DEPLOYMENT' && (
        <button
          className="fr-btn"
          type="button"
          onClick={async () => {
            try {
              await request({ variables: { candidatureId: file.id, expectedVersion: file.version } });
              setMessage({ ok: true, text: 'Demande de solde envoyée à l’ARS.' });
              onDone();
            } catch (err) {
              const ext = gatewayErrorExtensions(err);
              setMessage({ ok: false, text: gatewayErrorInfo(err).message ?? 'Demande impossible.', list: (ext['missingConditions'] as string[]) ?? undefined });
            }
          }}
        >
          Demander le solde
        </button>
      )}
      {message && (
        <div className="fr-mt-2w" role="status">
          <Alert severity={message.ok ? 'success' : 'error'} small description={message.text} />
        </div>
      )}
    </>
  );
}

/** `/candidatures/:id/suivi`: the porteur's follow-up of a selected project. */
export function FollowUpPage() {
  const { id = '' } = useParams();
  const { data, error, loading, refetch } = useQuery(FOLLOW_UP_QUERY, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [start] = useMutation(START_DEPLOYMENT_MUTATION);
  const file = data?.candidature;
  usePageTitle(file ? `Suivi — ${file.reference}` : 'Suivi du projet');
  if (error && !file) return <Alert severity="warning" title="Suivi indisponible" description={gatewayErrorInfo(error).message ?? 'Réessayez dans un instant.'} />;
  if (!file) return <p role="status">{loading ? 'Chargement du suivi…' : ''}</p>;
  const f = file.followUp;
  const refresh = () => void refetch();
  return (
    <>
      <nav className="fr-breadcrumb" aria-label="vous êtes ici :">
        <ol className="fr-breadcrumb__list">
          <li>
            <Link className="fr-breadcrumb__link" to="/suivi">
              Suivi des projets
            </Link>
          </li>
          <li>
            <a className="fr-breadcrumb__link" aria-current="page">
              {file.reference}
            </a>
          </li>
        </ol>
      </nav>
      <h1 className="fr-h2">
        Suivi — {file.reference} — {file.title}
      </h1>
      <p>
        <span className="fr-badge fr-badge--info fr-badge--no-icon" data-testid="file-state">
          {file.stateLabel}
        </span>{' '}
        {f && (
          <>
            Convention signée le {formatDate(f.signedOn)} · fin attendue le {formatDate(f.expectedEnd)}
            {f.durationMonths ? ` (${f.durationMonths} mois, indicatif)` : ''}
          </>
        )}{' '}
        {file.convention && (
          <a className="fr-link fr-link--sm" href={file.convention.documentUrl} download>
            Convention (PDF)
          </a>
        )}
      </p>
      {!f && <Alert severity="info" small description="Le suivi commence à la signature de la convention." />}
      {f && (
        <>
          <FollowUpAlerts followUp={f} />
          {file.state === 'ADVANCE_PAID' && (
            <button className="fr-btn fr-mb-3w" type="button" onClick={() => void start({ variables: { candidatureId: file.id, expectedVersion: file.version } }).then(refresh)}>
              Déclarer le démarrage du déploiement
            </button>
          )}
          <h2 className="fr-h4">Jalons</h2>
          <MilestonesTable followUp={f} />
          <h2 className="fr-h4">Versements</h2>
          <PaymentsTable file={file} />
          <h2 className="fr-h4">Cibles d’usage</h2>
          <TargetsSection followUp={f} />
          <h2 className="fr-h4">Saisir les mesures du mois</h2>
          <MeasurementsForm file={file} onDone={refresh} />
          <h2 className="fr-h4 fr-mt-4w">Jetons d’API pour l’éditeur du DUI</h2>
          <EditorTokens candidatureId={file.id} />
          <h2 className="fr-h4 fr-mt-4w">Solde</h2>
          <Balance file={file} onDone={refresh} />
        </>
      )}
    </>
  );
}

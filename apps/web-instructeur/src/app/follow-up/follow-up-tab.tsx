import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { FOLLOW_UP_QUERY, RECORD_PAYMENT_MUTATION, VALIDATE_BALANCE_MUTATION, gatewayErrorInfo, type FollowUpPayment } from '@esms/graphql-client';
import { FollowUpAlerts, MilestonesTable, PaymentsTable, TargetsSection, formatDate, formatEuros } from '@esms/ui';

const today = () => new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(new Date());

function RecordPayment({ payment, onDone, readOnly }: { payment: FollowUpPayment; onDone: () => void; readOnly: boolean }) {
  const [open, setOpen] = useState(false);
  const [paidOn, setPaidOn] = useState(today());
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [record, recording] = useMutation(RECORD_PAYMENT_MUTATION, { refetchQueries: 'active' });
  if (payment.status === 'PAID' || readOnly) return null;
  if (!open)
    return (
      <button className="fr-btn fr-btn--sm" type="button" onClick={() => setOpen(true)}>
        Enregistrer le versement <span className="fr-sr-only">{payment.kind === 'ADVANCE' ? 'de l’avance' : 'du solde'}</span>
      </button>
    );
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await record({ variables: { paymentId: payment.id, paidOn, reference } });
          setOpen(false);
          onDone();
        } catch (err) {
          setError(gatewayErrorInfo(err).message ?? 'Enregistrement impossible.');
        }
      }}
    >
      <div className="fr-input-group">
        <label className="fr-label" htmlFor={`paid-on-${payment.id}`}>
          Date du versement
        </label>
        <input className="fr-input" id={`paid-on-${payment.id}`} type="date" required value={paidOn} max={today()} onChange={(e) => setPaidOn(e.target.value)} />
      </div>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor={`ref-${payment.id}`}>
          Référence comptable
        </label>
        <input className="fr-input" id={`ref-${payment.id}`} required maxLength={100} value={reference} onChange={(e) => setReference(e.target.value)} />
      </div>
      {error && <p className="fr-error-text">{error}</p>}
      <button className="fr-btn fr-btn--sm" type="submit" disabled={recording.loading}>
        Confirmer le versement
      </button>
    </form>
  );
}

/** The follow-up of a selected file for the ARS: milestones, payments (record them), targets, balance validation. */
export function FollowUpTab({ id, readOnly = false }: { id: string; readOnly?: boolean }) {
  const { data, error, refetch } = useQuery(FOLLOW_UP_QUERY, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const [validate, validating] = useMutation(VALIDATE_BALANCE_MUTATION, { refetchQueries: 'active' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const file = data?.candidature;
  if (error && !file) return <Alert severity="warning" small description={gatewayErrorInfo(error).message ?? 'Suivi indisponible.'} />;
  if (!file) return <p role="status">Chargement du suivi…</p>;
  const f = file.followUp;
  if (!f) return <p>Le suivi commence à la signature de la convention.</p>;
  const refresh = () => void refetch();
  const balanceDue = file.payments.some((p) => p.kind === 'BALANCE');
  return (
    <>
      <p>
        Convention signée le {formatDate(f.signedOn)} · fin attendue le {formatDate(f.expectedEnd)}
        {f.durationMonths ? ` (${f.durationMonths} mois, indicatif)` : ''}
      </p>
      <FollowUpAlerts followUp={f} />
      {file.state === 'BALANCE_REQUESTED' && !balanceDue && (
        <div className="fr-callout fr-mb-3w">
          <h2 className="fr-callout__title">Demande de solde à valider</h2>
          <p className="fr-callout__text">
            Le porteur a demandé le solde : {formatEuros(f.balance.balanceAmount)}
            {f.balance.hardwareGranted > 0 && ` (matériel plafonné à la dépense justifiée : ${formatEuros(f.balance.hardwarePayable)} sur ${formatEuros(f.balance.hardwareGranted)} accordés)`}.{' '}
            {f.expenseStatement && (
              <a className="fr-link" href={f.expenseStatement.downloadUrl} download>
                État récapitulatif des dépenses ({f.expenseStatement.certifiedBy === 'PUBLIC_ACCOUNTANT' ? 'comptable public' : 'commissaire aux comptes'})
              </a>
            )}
          </p>
          {f.balance.missingConditions.length > 0 && (
            <ul>
              {f.balance.missingConditions.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          )}
          {!readOnly && (
            <button
              className="fr-btn"
              type="button"
              disabled={validating.loading}
              onClick={async () => {
                try {
                  await validate({ variables: { candidatureId: file.id } });
                  setMessage({ ok: true, text: 'Solde validé : le versement est exigible, enregistrez-le une fois effectué.' });
                  refresh();
                } catch (err) {
                  setMessage({ ok: false, text: gatewayErrorInfo(err).message ?? 'Validation impossible.' });
                }
              }}
            >
              Valider la demande de solde
            </button>
          )}
        </div>
      )}
      {message && (
        <div role="status" className="fr-mb-2w">
          <Alert severity={message.ok ? 'success' : 'error'} small description={message.text} />
        </div>
      )}
      <h2 className="fr-h4">Versements</h2>
      <PaymentsTable file={file} action={(p) => <RecordPayment payment={p} onDone={refresh} readOnly={readOnly} />} />
      <h2 className="fr-h4">Jalons</h2>
      <MilestonesTable followUp={f} />
      <h2 className="fr-h4">Cibles d’usage</h2>
      <TargetsSection followUp={f} />
    </>
  );
}

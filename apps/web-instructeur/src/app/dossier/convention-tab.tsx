import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import {
  CANDIDATURE_CONVENTION_QUERY,
  CANDIDATURE_DECISIONS_QUERY,
  GENERATE_CONVENTION_MUTATION,
  SIGN_CONVENTION_MUTATION,
  gatewayErrorExtensions,
  gatewayErrorInfo,
  type ConventionPayment,
  type ConventionView,
  type InstructionCandidature,
} from '@esms/graphql-client';
import { parisDate } from '@esms/domain';
import { DsfrTable, formatDate, formatDateTime, formatEuros } from '@esms/ui';
import { SITUATION_LABELS } from '../shared/labels';

const LABELS = { RETAINED: 'Retenu', NOT_RETAINED: 'Non retenu', POSTPONED: 'Ajourné' } as const;
const PAYMENT_KIND = { ADVANCE: 'Avance (50 %)', BALANCE: 'Solde' } as const;
const PAYMENT_STATUS = { DUE: 'Exigible', PAID: 'Versé' } as const;


type Decision = NonNullable<ReturnType<typeof useDecisions>['decisions']>[number];

function useDecisions(id: string) {
  const { data, error } = useQuery(CANDIDATURE_DECISIONS_QUERY, { variables: { id } });
  return { decisions: data?.candidature.committeeDecisions ?? [], error };
}

/** The committee decisions of the file, with their letters. */
function Decisions({ decisions, error }: { decisions: Decision[]; error: unknown }) {
  if (error) return <Alert severity="warning" small description={`Décisions indisponibles : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />;
  return (
    <>
      <h2 className="fr-h4">Décisions du comité</h2>
      {decisions.length === 0 && <p>Aucune décision de comité enregistrée.</p>}
      <ul>
        {decisions.map((d) => (
          <li key={d.id}>
            {LABELS[d.decision]} le {formatDateTime(d.decidedAt)} — {d.motive}
            {d.amountGranted !== null && <> — montant accordé {formatEuros(d.amountGranted)}</>}{' '}
            <a className="fr-link fr-link--sm" href={d.letterUrl} download>
              Courrier de décision (PDF)
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Amounts (from the API: domain split at generation), lines per ESSMS and planned milestones. */
function ConventionContent({ convention, file }: { convention: ConventionView; file: InstructionCandidature }) {
  const names = new Map(file.members.map((m) => [m.finess, m.establishment?.name ?? null]));
  const figures: [string, string][] = [
    ['Subvention accordée', formatEuros(convention.total)],
    ['Avance de 50 % à la signature', formatEuros(convention.advance)],
    ['Solde en fin de projet', formatEuros(convention.balance)],
    ['Durée indicative', convention.durationMonths ? `${convention.durationMonths} mois (${convention.lines.some((l) => l.situation === 'ACQUISITION') ? 'acquisition' : 'sans changement de logiciel'})` : 'Sans objet (guichet national)'],
    [convention.signedOn ? 'Début du projet (signature)' : 'Début du projet (si signée ce jour)', formatDate(convention.projectStart)],
    ['Fin attendue du déploiement', formatDate(convention.expectedEnd)],
  ];
  return (
    <>
      <dl className="fr-grid-row fr-grid-row--gutters fr-mb-2w" data-testid="convention-figures">
        {figures.map(([term, value]) => (
          <div key={term} className="fr-col-12 fr-col-md-4">
            <dt className="fr-text--bold fr-mb-0">{term}</dt>
            <dd className="fr-ml-0">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="fr-text--sm">
        Le solde est versé à la fin du projet, sous réserve de l’atteinte des cibles d’usage et d’un état récapitulatif des dépenses visé par le comptable public ou le
        commissaire aux comptes ; le matériel n’est jamais versé au-delà de la dépense justifiée.
      </p>
      <DsfrTable caption="Montants par ESSMS" testId="convention-lines">
        <thead>
          <tr>
            <th scope="col">Rang</th>
            <th scope="col">ESSMS</th>
            <th scope="col">Situation</th>
            <th scope="col">Usages</th>
            <th scope="col">Logiciel</th>
            <th scope="col">Matériel</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {convention.lines.map((l) => (
            <tr key={l.finess}>
              <td>{l.rank}</td>
              <th scope="row">
                {l.name ?? names.get(l.finess) ?? 'ESSMS'} <span className="fr-text--xs">({l.finess})</span>
              </th>
              <td>{SITUATION_LABELS[l.situation] ?? l.situation}</td>
              <td>{formatEuros(l.usages)}</td>
              <td>{formatEuros(l.software)}</td>
              <td>{formatEuros(l.hardware)}</td>
              <td>{formatEuros(l.amount)}</td>
            </tr>
          ))}
          {convention.amoa > 0 && (
            <tr>
              <td>—</td>
              <th scope="row">Assistance à maîtrise d’ouvrage (AMOA) du projet</th>
              <td colSpan={4} />
              <td>{formatEuros(convention.amoa)}</td>
            </tr>
          )}
          <tr>
            <td />
            <th scope="row">Total de la convention</th>
            <td colSpan={4} />
            <td>
              <strong>{formatEuros(convention.total)}</strong>
            </td>
          </tr>
        </tbody>
      </DsfrTable>
      <DsfrTable caption="Jalons prévus (dates indicatives, à partir de la signature)" testId="convention-milestones">
        <thead>
          <tr>
            <th scope="col">Jalon</th>
            <th scope="col">Prévu le</th>
          </tr>
        </thead>
        <tbody>
          {convention.milestones.map((m) => (
            <tr key={m.code}>
              <th scope="row">{m.label}</th>
              <td>{formatDate(m.plannedOn)}</td>
            </tr>
          ))}
        </tbody>
      </DsfrTable>
      <p>
        <a className="fr-link fr-link--download" href={convention.documentUrl} download data-testid="convention-pdf">
          Télécharger la convention <span className="fr-link__detail">PDF — générée le {formatDateTime(convention.generatedAt)}</span>
        </a>
      </p>
    </>
  );
}

/** Records the signature date: the server refuses (in French) a date in the future or before the decision. */
function SignatureForm({ candidatureId, convention, onSigned }: { candidatureId: string; convention: ConventionView; onSigned: (signed: ConventionView) => void }) {
  const [signedOn, setSignedOn] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [otherError, setOtherError] = useState<string | null>(null);
  const [sign, { loading }] = useMutation(SIGN_CONVENTION_MUTATION, { refetchQueries: 'active', awaitRefetchQueries: true });
  const today = parisDate(new Date());
  return (
    <form
      noValidate
      className="fr-p-3w fr-mb-3w"
      style={{ border: '1px solid var(--border-default-grey)' }}
      aria-labelledby="titre-signature"
      onSubmit={async (e) => {
        e.preventDefault();
        setFieldError(null);
        setOtherError(null);
        if (!signedOn) {
          setFieldError('Indiquez la date à laquelle la convention a été signée par les deux parties.');
          return;
        }
        try {
          const result = await sign({ variables: { candidatureId, signedOn } });
          if (result.data) onSigned(result.data.signConvention);
        } catch (error) {
          const message = gatewayErrorInfo(error).message ?? 'L’enregistrement de la signature n’a pas abouti : réessayez.';
          if (gatewayErrorExtensions(error)['field'] === 'signedOn') setFieldError(message);
          else setOtherError(message);
        }
      }}
    >
      <h3 id="titre-signature" className="fr-h6">
        Enregistrer la signature
      </h3>
      <Input
        label="Date de signature de la convention"
        hintText={`Au plus tard aujourd’hui${convention.decidedOn ? `, au plus tôt le ${formatDate(convention.decidedOn)} (décision du comité)` : ''}. La signature rend exigible l’avance de 50 % (${formatEuros(convention.advance)}).`}
        state={fieldError ? 'error' : 'default'}
        stateRelatedMessage={fieldError ?? undefined}
        nativeInputProps={{ type: 'date', value: signedOn, max: today, min: convention.decidedOn ?? undefined, onChange: (e) => setSignedOn(e.target.value), name: 'signedOn' }}
      />
      {otherError && <Alert severity="error" small description={otherError} className="fr-mb-2w" />}
      <Button type="submit" disabled={loading}>
        Enregistrer la signature
      </Button>
    </form>
  );
}

function PaymentsList({ payments }: { payments: ConventionPayment[] }) {
  if (!payments.length) return null;
  return (
    <DsfrTable caption="Versements" testId="convention-payments">
      <thead>
        <tr>
          <th scope="col">Versement</th>
          <th scope="col">Montant</th>
          <th scope="col">Exigible le</th>
          <th scope="col">Statut</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id}>
            <th scope="row">{PAYMENT_KIND[p.kind]}</th>
            <td>{formatEuros(p.amount)}</td>
            <td>{formatDate(p.dueOn)}</td>
            <td>
              <Badge small noIcon severity={p.status === 'PAID' ? 'success' : 'warning'} as="span">
                {PAYMENT_STATUS[p.status]}
              </Badge>
            </td>
          </tr>
        ))}
      </tbody>
    </DsfrTable>
  );
}

/**
 * The committee decisions and the convention of a retained file: generate it (amounts, lines, milestones from the API),
 * download its PDF, regenerate it while unsigned, record its signature date (the 50 % advance then becomes due).
 */
export function ConventionTab({ file }: { file: InstructionCandidature }) {
  const { data, error } = useQuery(CANDIDATURE_CONVENTION_QUERY, { variables: { id: file.id }, fetchPolicy: 'cache-and-network' });
  const [generate, generating] = useMutation(GENERATE_CONVENTION_MUTATION, { refetchQueries: 'active', awaitRefetchQueries: true });
  const { decisions, error: decisionsError } = useDecisions(file.id);
  const granted = decisions.find((d) => d.decision === 'RETAINED')?.amountGranted ?? null;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const convention = data?.candidature.convention ?? null;
  const payments = data?.candidature.payments ?? [];
  const mayAct = !file.readOnly && file.state === 'RETAINED';

  const runGenerate = async () => {
    setMessage(null);
    try {
      const result = await generate({ variables: { candidatureId: file.id } });
      const c = result.data?.generateConvention;
      if (c) setMessage({ ok: true, text: `Convention ${convention ? 'régénérée' : 'générée'} : ${formatEuros(c.total)}, dont ${formatEuros(c.advance)} d’avance à la signature.` });
    } catch (err) {
      setMessage({ ok: false, text: gatewayErrorInfo(err).message ?? 'La génération de la convention n’a pas abouti : réessayez.' });
    }
  };

  return (
    <>
      <Decisions decisions={decisions} error={decisionsError} />
      <h2 className="fr-h4 fr-mt-4w">
        Convention{' '}
        {convention && (
          <Badge severity={convention.status === 'SIGNED' ? 'success' : 'warning'} noIcon as="span" data-testid="convention-status">
            {convention.status === 'SIGNED' ? `Signée le ${formatDate(convention.signedOn)}` : 'À signer'}
          </Badge>
        )}
      </h2>
      <div role="status" className="fr-mb-2w">
        {message && <Alert severity={message.ok ? 'success' : 'error'} small description={message.text} />}
      </div>
      {error && !data && <Alert severity="warning" small description={`Convention indisponible : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />}
      {data && !convention && (
        <>
          <p>
            {file.state === 'RETAINED'
              ? 'Le dossier est retenu : générez la convention ARS–porteur. Elle reprend les montants calculés par les règles du programme, ESSMS par ESSMS, l’avance de 50 % versée à la signature et les jalons du projet.'
              : 'Aucune convention n’a été générée pour ce dossier.'}
          </p>
          {mayAct && (
            <Button onClick={() => void runGenerate()} disabled={generating.loading}>
              Générer la convention
            </Button>
          )}
          {file.readOnly && <p className="fr-hint-text">Seule l’ARS pivot du dossier établit la convention.</p>}
        </>
      )}
      {convention && (
        <>
          {granted !== null && granted !== convention.total && (
            <Alert
              severity="warning"
              small
              className="fr-mb-2w"
              description={`Le comité a accordé ${formatEuros(granted)} et la convention porte sur ${formatEuros(convention.total)} : vérifiez la grappe avant de faire signer la convention.`}
            />
          )}
          <ConventionContent convention={convention} file={file} />
          {convention.status === 'GENERATED' && mayAct && (
            <>
              <p>
                <Button priority="secondary" size="small" onClick={() => void runGenerate()} disabled={generating.loading}>
                  Régénérer la convention
                </Button>
              </p>
              <SignatureForm
                candidatureId={file.id}
                convention={convention}
                onSigned={(signed) =>
                  setMessage({ ok: true, text: `Signature enregistrée au ${formatDate(signed.signedOn)} : l’avance de 50 % (${formatEuros(signed.advance)}) est exigible.` })
                }
              />
            </>
          )}
          {convention.status === 'SIGNED' && (
            <>
              <p>
                Convention signée le {formatDate(convention.signedOn)} : elle ne peut plus être régénérée. L’avance de 50 % est exigible dès la signature ; enregistrez son versement
                dans l’onglet <Link to="?onglet=suivi">Suivi et paiements</Link>.
              </p>
              <PaymentsList payments={payments} />
            </>
          )}
        </>
      )}
    </>
  );
}

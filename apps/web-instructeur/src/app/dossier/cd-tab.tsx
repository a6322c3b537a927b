import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  CD_OPINIONS_QUERY,
  GIVE_CD_OPINION_MUTATION,
  REQUEST_CD_OPINION_MUTATION,
  gatewayErrorInfo,
  type CdOpinionValue,
  type CdOpinionView,
  type InstructionCandidature,
} from '@esms/graphql-client';
import { formatDateTime, useSession } from '@esms/ui';

const OPINION_LABELS: Record<CdOpinionValue, string> = { FAVORABLE: 'Favorable', RESERVED: 'Réservé', UNFAVORABLE: 'Défavorable' };
const OPINION_SEVERITY = { FAVORABLE: 'success', RESERVED: 'warning', UNFAVORABLE: 'error' } as const;

function GiveOpinion({ request, onDone }: { request: CdOpinionView; onDone(): void }) {
  const [opinion, setOpinion] = useState<CdOpinionValue>('FAVORABLE');
  const [comment, setComment] = useState('');
  const [give, { loading, error }] = useMutation(GIVE_CD_OPINION_MUTATION);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void give({ variables: { requestId: request.id, opinion, comment: comment || null } }).then(onDone).catch(() => undefined);
      }}
    >
      <fieldset className="fr-fieldset" aria-labelledby={`avis-${request.id}`}>
        <legend className="fr-fieldset__legend fr-text--regular" id={`avis-${request.id}`}>
          Votre avis
        </legend>
        {(Object.keys(OPINION_LABELS) as CdOpinionValue[]).map((value) => (
          <div className="fr-fieldset__element fr-fieldset__element--inline" key={value}>
            <div className="fr-radio-group">
              <input type="radio" id={`${request.id}-${value}`} name={`${request.id}-avis`} checked={opinion === value} onChange={() => setOpinion(value)} />
              <label className="fr-label" htmlFor={`${request.id}-${value}`}>
                {OPINION_LABELS[value]}
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor={`${request.id}-commentaire`}>
          Commentaire
        </label>
        <textarea className="fr-input" id={`${request.id}-commentaire`} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <Button type="submit" disabled={loading}>
        Rendre l’avis
      </Button>
      {error && <Alert className="fr-mt-1w" severity="error" small description={gatewayErrorInfo(error).message ?? 'Avis non enregistré.'} />}
    </form>
  );
}

export function CdTab({ file }: { file: InstructionCandidature }) {
  const { me } = useSession();
  const { data, error, refetch } = useQuery(CD_OPINIONS_QUERY, { variables: { id: file.id }, fetchPolicy: 'cache-and-network' });
  const departements = [...new Set(file.members.map((m) => m.establishment.departement).filter((d): d is string => Boolean(d)))].sort();
  const [departement, setDepartement] = useState(departements[0] ?? '');
  const [question, setQuestion] = useState('');
  const [ask, asking] = useMutation(REQUEST_CD_OPINION_MUTATION);
  const isCd = me?.role === 'CD';

  if (error) return <Alert severity="warning" small description={`Avis indisponibles : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />;
  const opinions = data?.candidature.cdOpinions ?? [];
  return (
    <>
      <h2 className="fr-h4">Avis du conseil départemental</h2>
      {opinions.length === 0 && <p>Aucun avis demandé pour le moment.</p>}
      {opinions.map((o) => (
        <div key={o.id} className="fr-p-2w fr-mb-2w" style={{ background: 'var(--background-alt-grey)' }} data-testid="cd-opinion">
          <p className="fr-mb-1w">
            <strong>Département {o.departement}</strong> — demandé le {formatDateTime(o.requestedAt)}
          </p>
          <p className="fr-mb-1w">Question : {o.question}</p>
          {o.opinion ? (
            <p className="fr-mb-0">
              <Badge as="span" small severity={OPINION_SEVERITY[o.opinion]}>
                {`Avis ${OPINION_LABELS[o.opinion].toLowerCase()}`}
              </Badge>{' '}
              {o.comment} ({formatDateTime(o.givenAt)})
            </p>
          ) : isCd ? (
            <GiveOpinion request={o} onDone={() => void refetch()} />
          ) : (
            <p className="fr-mb-0">En attente de l’avis.</p>
          )}
        </div>
      ))}
      {!isCd && !file.readOnly && departements.length > 0 && (
        <form
          className="fr-p-3w fr-mt-3w"
          style={{ border: '1px solid var(--border-default-grey)' }}
          aria-labelledby="titre-demande-avis"
          onSubmit={(e) => {
            e.preventDefault();
            void ask({ variables: { id: file.id, departement, question } })
              .then(() => {
                setQuestion('');
                return refetch();
              })
              .catch(() => undefined);
          }}
        >
          <h3 className="fr-h5" id="titre-demande-avis">
            Demander l’avis d’un conseil départemental
          </h3>
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="avis-departement">
              Département (parmi ceux des ESSMS du dossier)
            </label>
            <select className="fr-select" id="avis-departement" value={departement} onChange={(e) => setDepartement(e.target.value)}>
              {departements.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="avis-question">
              Question posée
            </label>
            <textarea className="fr-input" id="avis-question" rows={2} required value={question} onChange={(e) => setQuestion(e.target.value)} />
          </div>
          <Button type="submit" disabled={asking.loading}>
            Demander l’avis
          </Button>
          {asking.error && <Alert className="fr-mt-1w" severity="error" small description={gatewayErrorInfo(asking.error).message ?? 'Demande non envoyée.'} />}
        </form>
      )}
    </>
  );
}

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { CAMPAIGNS_QUERY, CANDIDATURES_QUERY, CREATE_CANDIDATURE_MUTATION, gatewayErrorInfo } from '@esms/graphql-client';
import { usePageTitle, useSession } from '@esms/ui';
import { formatDay } from '../shared/dates';
import { PERIOD_LABELS } from '../campaigns/campaign-list';

interface Errors {
  campaignId?: string;
  title?: string;
  organisme?: string;
}

/** `/candidatures/nouvelle`: choose the campaign and a title; the draft opens in the editor. */
export function NewCandidaturePage() {
  usePageTitle('Nouvelle candidature');
  const { me } = useSession();
  const navigate = useNavigate();
  const { data, loading } = useQuery(CAMPAIGNS_QUERY);
  const [create, { loading: creating }] = useMutation(CREATE_CANDIDATURE_MUTATION);
  const organismes = me?.organismes ?? [];
  const [campaignId, setCampaignId] = useState('');
  const [title, setTitle] = useState('');
  const [organisme, setOrganisme] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const campaigns = (data?.campaigns ?? []).filter((c) => c.status !== 'CLOSED');
  useEffect(() => {
    if (!organisme && organismes.length > 0) setOrganisme(organismes[0].finessEj);
  }, [organisme, organismes]);
  useEffect(() => {
    if (failure || Object.keys(errors).length > 0) summaryRef.current?.focus();
  }, [failure, errors]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Errors = {};
    if (!campaignId) next.campaignId = 'Choisissez la campagne à laquelle vous candidatez.';
    if (!title.trim()) next.title = 'Donnez un intitulé à votre projet.';
    if (!organisme) next.organisme = 'Choisissez l’organisme gestionnaire porteur.';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    setFailure(null);
    try {
      const result = await create({
        variables: { input: { campaignId, title: title.trim(), organismeFinessEj: organisme } },
        refetchQueries: [{ query: CANDIDATURES_QUERY, variables: { limit: 100 } }],
      });
      if (result.error) throw result.error;
      const id = result.data?.createCandidature.id;
      if (id) navigate(`/candidatures/${id}`);
    } catch (error) {
      const { code, message } = gatewayErrorInfo(error);
      setFailure(code !== 'NETWORK' && code !== 'INTERNAL_SERVER_ERROR' && message ? message : 'La création a échoué. Réessayez dans quelques instants.');
    }
  }

  const errorList = Object.values(errors).filter(Boolean);

  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>Nouvelle candidature</h1>
          {organismes.length === 0 ? (
            <Alert
              severity="info"
              title="Rattachez d’abord votre compte à votre organisme"
              description={
                <>
                  <Link to="/mon-organisme">Rattacher mon compte à mon organisme gestionnaire</Link>
                </>
              }
            />
          ) : (
            <>
              <div ref={summaryRef} tabIndex={-1} aria-live="polite">
                {errorList.length > 0 && (
                  <Alert
                    severity="error"
                    className="fr-mb-3w"
                    title="Le formulaire contient des erreurs"
                    description={
                      <ul>
                        {errorList.map((e) => (
                          <li key={e}>{e}</li>
                        ))}
                      </ul>
                    }
                  />
                )}
                {failure && <Alert severity="error" className="fr-mb-3w" title="Création impossible" description={failure} />}
              </div>
              <form onSubmit={onSubmit} noValidate>
                {loading && !data ? (
                  <p role="status">Chargement des campagnes…</p>
                ) : campaigns.length === 0 ? (
                  <Alert severity="info" small className="fr-mb-3w" description="Aucune campagne n’est ouverte ou à venir pour le moment." />
                ) : (
                  <RadioButtons
                    legend="Campagne (appel à projets de l’ARS)"
                    name="campaignId"
                    state={errors.campaignId ? 'error' : 'default'}
                    stateRelatedMessage={errors.campaignId}
                    options={campaigns.map((campaign) => {
                      const regional = campaign.tracks.find((t) => t.kind === 'REGIONAL') ?? campaign.tracks[0];
                      return {
                        label: `${campaign.label} — ${PERIOD_LABELS[campaign.status].label.toLowerCase()}`,
                        hintText: regional ? `Dépôt du ${formatDay(regional.opensOn)} au ${formatDay(regional.closesOn)} à 23 h 59 (heure de Paris)` : undefined,
                        nativeInputProps: { value: campaign.id, checked: campaignId === campaign.id, onChange: () => setCampaignId(campaign.id) },
                      };
                    })}
                  />
                )}
                {organismes.length > 1 && (
                  <Select
                    label="Organisme gestionnaire porteur"
                    state={errors.organisme ? 'error' : 'default'}
                    stateRelatedMessage={errors.organisme}
                    nativeSelectProps={{ name: 'organisme', value: organisme, onChange: (e) => setOrganisme(e.target.value) }}
                  >
                    {organismes.map((o) => (
                      <option key={o.finessEj} value={o.finessEj}>
                        {o.name} ({o.finessEj})
                      </option>
                    ))}
                  </Select>
                )}
                {organismes.length === 1 && (
                  <p>
                    Organisme gestionnaire porteur : <strong>{organismes[0].name}</strong> ({organismes[0].finessEj})
                  </p>
                )}
                <Input
                  label="Intitulé du projet"
                  hintText="Par exemple : DUI commun des EHPAD du Pays d’Auge"
                  state={errors.title ? 'error' : 'default'}
                  stateRelatedMessage={errors.title}
                  nativeInputProps={{ name: 'title', value: title, maxLength: 200, onChange: (e) => setTitle(e.target.value) }}
                />
                <Button type="submit" disabled={creating}>
                  {creating ? 'Création…' : 'Créer le brouillon'}
                </Button>
              </form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

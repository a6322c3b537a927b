import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { checkFiness } from '@esms/domain';
import {
  ATTACH_ORGANISME_MUTATION,
  MY_ORGANISMES_QUERY,
  ORGANISME_LOOKUP_QUERY,
  gatewayErrorInfo,
  type OrganismeSummary,
} from '@esms/graphql-client';
import { usePageTitle, useSession } from '@esms/ui';

type Lookup = { status: 'idle' } | { status: 'loading' } | { status: 'found'; organisme: OrganismeSummary } | { status: 'unknown'; finessEj: string };

/** `/mon-organisme`: attach the account to its organisme gestionnaire by FINESS EJ. */
export function OrganismePage() {
  usePageTitle('Mon organisme gestionnaire');
  const client = useApolloClient();
  const { refresh } = useSession();
  const { data, loading } = useQuery(MY_ORGANISMES_QUERY, { fetchPolicy: 'cache-and-network' });
  const [attach, { loading: attaching }] = useMutation(ATTACH_ORGANISME_MUTATION);
  const [finessEj, setFinessEj] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<Lookup>({ status: 'idle' });
  const [declaredName, setDeclaredName] = useState('');
  const [declaredAddress, setDeclaredAddress] = useState('');
  const [declarationErrors, setDeclarationErrors] = useState<{ name?: string; address?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failure || success) messageRef.current?.focus();
  }, [failure, success]);
  useEffect(() => {
    if (lookup.status === 'found' || lookup.status === 'unknown') resultRef.current?.focus();
  }, [lookup]);

  const organismes = data?.me?.organismes ?? [];

  async function onLookup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSuccess(null);
    setFailure(null);
    const check = checkFiness(finessEj);
    if (!check.ok) {
      setFieldError(check.reason);
      setLookup({ status: 'idle' });
      return;
    }
    setFieldError(null);
    setLookup({ status: 'loading' });
    try {
      const result = await client.query({ query: ORGANISME_LOOKUP_QUERY, variables: { finessEj: check.finess }, fetchPolicy: 'network-only' });
      const organisme = result.data?.organisme;
      setLookup(organisme ? { status: 'found', organisme } : { status: 'unknown', finessEj: check.finess });
    } catch {
      setLookup({ status: 'idle' });
      setFailure('La recherche dans l’annuaire FiNESS est momentanément indisponible. Réessayez dans quelques instants.');
    }
  }

  async function onAttach(variables: { finessEj: string; declaredName?: string; declaredAddress?: string }) {
    setFailure(null);
    try {
      const result = await attach({ variables, refetchQueries: [{ query: MY_ORGANISMES_QUERY }] });
      if (result.error) throw result.error;
      await refresh().catch(() => null);
      setSuccess(
        variables.declaredName
          ? `Votre compte est rattaché à ${variables.declaredName} (${variables.finessEj}), en attente de confirmation par l’ARS.`
          : `Votre compte est rattaché à l’organisme ${variables.finessEj}.`,
      );
      setLookup({ status: 'idle' });
      setFinessEj('');
      setDeclaredName('');
      setDeclaredAddress('');
    } catch (error) {
      const { code, message } = gatewayErrorInfo(error);
      setFailure(code !== 'NETWORK' && code !== 'INTERNAL_SERVER_ERROR' && message ? message : 'Le rattachement a échoué. Réessayez dans quelques instants.');
    }
  }

  function onDeclare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (lookup.status !== 'unknown') return;
    const errors: typeof declarationErrors = {};
    if (!declaredName.trim()) errors.name = 'Saisissez la raison sociale de l’organisme.';
    if (!declaredAddress.trim()) errors.address = 'Saisissez l’adresse du siège de l’organisme.';
    setDeclarationErrors(errors);
    if (errors.name || errors.address) return;
    void onAttach({ finessEj: lookup.finessEj, declaredName: declaredName.trim(), declaredAddress: declaredAddress.trim() });
  }

  return (
    <div className="fr-container fr-my-6w">
      <h1>Mon organisme gestionnaire</h1>
      <p>
        Votre candidature est déposée au nom de l’organisme gestionnaire (FINESS juridique) des établissements. Rattachez votre
        compte à votre organisme : vous pourrez ensuite créer des candidatures pour lui.
      </p>

      <div aria-live="polite">
        {(failure || success) && (
          <div ref={messageRef} tabIndex={-1} className="fr-mb-3w">
            {failure && <Alert severity="error" title="Rattachement impossible" description={failure} />}
            {success && <Alert severity="success" title="Rattachement enregistré" description={success} />}
          </div>
        )}
      </div>

      <section aria-labelledby="mes-organismes" className="fr-mb-6w">
        <h2 id="mes-organismes">Organismes rattachés à votre compte</h2>
        {loading && !data ? (
          <p role="status">Chargement…</p>
        ) : organismes.length === 0 ? (
          <p>Votre compte n’est rattaché à aucun organisme pour l’instant.</p>
        ) : (
          <ul data-testid="my-organismes">
            {organismes.map((organisme) => (
              <li key={organisme.finessEj} className="fr-mb-1w">
                <strong>{organisme.name}</strong> — FINESS juridique {organisme.finessEj}{' '}
                {organisme.confirmed ? (
                  <Badge as="span" small severity="success">
                    Confirmé
                  </Badge>
                ) : (
                  <Badge as="span" small severity="warning">
                    En attente de confirmation par l’ARS
                  </Badge>
                )}
              </li>
            ))}
          </ul>
        )}
        {organismes.length > 0 && (
          <Button priority="secondary" linkProps={{ to: '/candidatures' }}>
            Mes candidatures
          </Button>
        )}
      </section>

      <section aria-labelledby="rattacher" className="fr-mb-6w">
        <h2 id="rattacher">Rattacher mon compte à un organisme</h2>
        <form onSubmit={onLookup} noValidate className="fr-mb-3w">
          <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
            <div className="fr-col-12 fr-col-md-6">
              <Input
                label="FINESS juridique (EJ) de l’organisme gestionnaire"
                hintText="9 caractères, par exemple 140599267. Il figure sur finess.esante.gouv.fr."
                state={fieldError ? 'error' : 'default'}
                stateRelatedMessage={fieldError ?? undefined}
                nativeInputProps={{
                  name: 'finessEj',
                  value: finessEj,
                  autoComplete: 'off',
                  spellCheck: false,
                  onChange: (e) => {
                    setFinessEj(e.target.value);
                    setLookup({ status: 'idle' });
                  },
                }}
              />
            </div>
            <div className="fr-col-12 fr-col-md-6 fr-mb-3w">
              <Button type="submit" priority="secondary" iconId="fr-icon-search-line" disabled={lookup.status === 'loading'}>
                {lookup.status === 'loading' ? 'Recherche…' : 'Rechercher dans l’annuaire'}
              </Button>
            </div>
          </div>
        </form>

        <div aria-live="polite">
          {lookup.status === 'found' && (
            <div ref={resultRef} tabIndex={-1} className="fr-card fr-p-3w" data-testid="organisme-found">
              <h3 className="fr-h5 fr-mb-1w">{lookup.organisme.name}</h3>
              <p className="fr-mb-1w">
                FINESS juridique {lookup.organisme.finessEj}
                {lookup.organisme.address && (
                  <>
                    <br />
                    {lookup.organisme.address.line}, {lookup.organisme.address.postalCode} {lookup.organisme.address.city}
                  </>
                )}
                <br />
                {lookup.organisme.essmsCount} ESSMS ouverts
                {lookup.organisme.isSmall ? ' — petit organisme gestionnaire (matériel et AMOA finançables)' : ''}
              </p>
              {lookup.organisme.closed ? (
                <Alert severity="warning" small description="Cet organisme est fermé dans FiNESS : il ne peut pas déposer de candidature." />
              ) : (
                <Button type="button" disabled={attaching} onClick={() => void onAttach({ finessEj: lookup.organisme.finessEj })}>
                  Rattacher mon compte à cet organisme
                </Button>
              )}
            </div>
          )}
          {lookup.status === 'unknown' && (
            <div ref={resultRef} tabIndex={-1}>
              <Alert
                severity="info"
                className="fr-mb-3w"
                title="Organisme absent de l’annuaire"
                description={`Le FINESS juridique ${lookup.finessEj} n’est pas dans notre copie du répertoire FiNESS. Vous pouvez le déclarer : votre ARS confirmera le rattachement.`}
              />
              <form onSubmit={onDeclare} noValidate>
                <Input
                  label="Raison sociale de l’organisme"
                  state={declarationErrors.name ? 'error' : 'default'}
                  stateRelatedMessage={declarationErrors.name}
                  nativeInputProps={{ name: 'declaredName', value: declaredName, onChange: (e) => setDeclaredName(e.target.value) }}
                />
                <Input
                  label="Adresse du siège"
                  hintText="Numéro et voie, code postal, commune"
                  state={declarationErrors.address ? 'error' : 'default'}
                  stateRelatedMessage={declarationErrors.address}
                  nativeInputProps={{ name: 'declaredAddress', value: declaredAddress, onChange: (e) => setDeclaredAddress(e.target.value) }}
                />
                <Button type="submit" disabled={attaching}>
                  Déclarer l’organisme et m’y rattacher
                </Button>
              </form>
            </div>
          )}
        </div>
      </section>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { ACTIVATE_ACCOUNT_MUTATION, gatewayErrorInfo } from '@esms/graphql-client';
import { usePageTitle } from '@esms/ui';

type ActivationState = { status: 'pending' } | { status: 'done' } | { status: 'failed'; message: string };

const EXPIRED = 'Ce lien d’activation n’est plus valide : il a peut-être déjà servi ou expiré. Créez à nouveau votre compte pour en recevoir un autre.';

/** Target of the link in the activation e-mail: `/activation?token=…`. */
export function ActivationPage() {
  usePageTitle('Activation du compte');
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');
  const [activate] = useMutation(ACTIVATE_ACCOUNT_MUTATION);
  const [state, setState] = useState<ActivationState>(
    token ? { status: 'pending' } : { status: 'failed', message: 'Le lien d’activation est incomplet. Copiez l’adresse complète reçue par courriel.' },
  );
  const started = useRef(false);

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    activate({ variables: { token } })
      .then((result) => {
        if (result.error) throw result.error;
        setState(result.data?.activateAccount ? { status: 'done' } : { status: 'failed', message: EXPIRED });
      })
      .catch((error: unknown) => {
        const { code, message } = gatewayErrorInfo(error);
        setState({
          status: 'failed',
          message:
            code === 'NETWORK' || !message ? 'Le service est momentanément indisponible. Réessayez dans quelques instants.' : message,
        });
      });
  }, [activate, token]);

  return (
    <div className="fr-container fr-my-6w">
      <h1>Activation de votre compte</h1>
      <div aria-live="polite">
        {state.status === 'pending' && <p role="status">Activation de votre compte en cours…</p>}
        {state.status === 'done' && (
          <>
            <Alert
              severity="success"
              title="Votre compte est activé"
              description="Vous pouvez maintenant vous connecter et préparer votre candidature."
              className="fr-mb-3w"
            />
            <Button linkProps={{ to: '/connexion' }}>Se connecter</Button>
          </>
        )}
        {state.status === 'failed' && (
          <Alert severity="error" title="Activation impossible" description={state.message} />
        )}
      </div>
    </div>
  );
}

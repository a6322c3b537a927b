import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { RESET_PASSWORD_MUTATION, gatewayErrorInfo } from '@esms/graphql-client';
import { usePageTitle } from '@esms/ui';

const EXPIRED = 'Ce lien n’est plus valable : il a déjà servi ou a expiré. Demandez un nouveau lien depuis la page « Mot de passe oublié ».';

/** `/reinitialisation?token=…`: target of the password reset e-mail. */
export function PasswordResetPage() {
  usePageTitle('Nouveau mot de passe');
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');
  const [reset, { loading }] = useMutation(RESET_PASSWORD_MUTATION);
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirmation?: string }>({});
  const [failure, setFailure] = useState<string | null>(token ? null : 'Le lien est incomplet : copiez l’adresse complète reçue par courriel.');
  const [done, setDone] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failure || done) messageRef.current?.focus();
  }, [failure, done]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: typeof errors = {};
    if (!password) next.password = 'Choisissez un nouveau mot de passe.';
    if (password && confirmation !== password) next.confirmation = 'Les deux mots de passe ne sont pas identiques.';
    setErrors(next);
    if (next.password || next.confirmation || !token) return;
    setFailure(null);
    try {
      const result = await reset({ variables: { token, password } });
      if (result.error) throw result.error;
      if (!result.data?.resetPassword) return setFailure(EXPIRED);
      setDone(true);
    } catch (error) {
      const { code, message } = gatewayErrorInfo(error);
      setFailure(code !== 'NETWORK' && code !== 'INTERNAL_SERVER_ERROR' && message ? message : 'Le service est momentanément indisponible. Réessayez dans quelques instants.');
    }
  }

  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Choisir un nouveau mot de passe</h1>
          {done ? (
            <div ref={messageRef} tabIndex={-1}>
              <Alert
                severity="success"
                title="Votre mot de passe est changé"
                description="Pour votre sécurité, les sessions ouvertes avec l’ancien mot de passe ont été fermées. Connectez-vous avec le nouveau."
                className="fr-mb-3w"
              />
              <Button linkProps={{ to: '/connexion' }}>Se connecter</Button>
            </div>
          ) : (
            <>
              {failure && (
                <div ref={messageRef} tabIndex={-1} className="fr-mb-3w">
                  <Alert severity="error" title="Changement impossible" description={failure} />
                </div>
              )}
              {token && (
                <form onSubmit={onSubmit} noValidate>
                  <PasswordInput
                    label="Nouveau mot de passe"
                    messagesHint=""
                    messages={errors.password ? [{ severity: 'error', message: errors.password }] : []}
                    nativeInputProps={{ name: 'password', autoComplete: 'new-password', value: password, onChange: (e) => setPassword(e.target.value) }}
                  />
                  <PasswordInput
                    label="Confirmez le nouveau mot de passe"
                    messagesHint=""
                    messages={errors.confirmation ? [{ severity: 'error', message: errors.confirmation }] : []}
                    nativeInputProps={{ name: 'confirmation', autoComplete: 'new-password', value: confirmation, onChange: (e) => setConfirmation(e.target.value) }}
                  />
                  <Button type="submit" disabled={loading} className="fr-mt-3w">
                    {loading ? 'Enregistrement…' : 'Changer mon mot de passe'}
                  </Button>
                </form>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

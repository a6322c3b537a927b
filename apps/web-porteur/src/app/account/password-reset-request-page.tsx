import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { REQUEST_PASSWORD_RESET_MUTATION, gatewayErrorInfo } from '@esms/graphql-client';
import { usePageTitle } from '@esms/ui';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `/mot-de-passe-oublie`: the gateway e-mails a link to `/reinitialisation?token=…` when the account exists. */
export function PasswordResetRequestPage() {
  usePageTitle('Mot de passe oublié');
  const [request, { loading }] = useMutation(REQUEST_PASSWORD_RESET_MUTATION);
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failure || sentTo) messageRef.current?.focus();
  }, [failure, sentTo]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = email.trim();
    if (!value) return setFieldError('Saisissez votre adresse électronique.');
    if (!EMAIL_PATTERN.test(value)) return setFieldError('Saisissez une adresse électronique valide, par exemple : nom@domaine.fr');
    setFieldError(null);
    setFailure(null);
    try {
      const result = await request({ variables: { email: value } });
      if (result.error) throw result.error;
      setSentTo(value);
    } catch (error) {
      const { code, message } = gatewayErrorInfo(error);
      setFailure(code === 'BAD_USER_INPUT' && message ? message : 'Le service est momentanément indisponible. Réessayez dans quelques instants.');
    }
  }

  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Mot de passe oublié</h1>
          {sentTo ? (
            <div ref={messageRef} tabIndex={-1}>
              <Alert
                severity="success"
                title="Vérifiez votre messagerie"
                description={`Si un compte existe pour ${sentTo}, un courriel vient d’y être envoyé avec un lien pour choisir un nouveau mot de passe. Ce lien est valable peu de temps et ne sert qu’une fois.`}
              />
              <p className="fr-mt-3w">
                <Link to="/connexion">Retour à la connexion</Link>
              </p>
            </div>
          ) : (
            <>
              <p>Indiquez l’adresse électronique de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
              {failure && (
                <div ref={messageRef} tabIndex={-1} className="fr-mb-3w">
                  <Alert severity="error" title="Envoi impossible" description={failure} />
                </div>
              )}
              <form onSubmit={onSubmit} noValidate>
                <Input
                  label="Adresse électronique"
                  hintText="Format attendu : nom@domaine.fr"
                  state={fieldError ? 'error' : 'default'}
                  stateRelatedMessage={fieldError ?? undefined}
                  nativeInputProps={{ type: 'email', name: 'email', autoComplete: 'email', value: email, onChange: (e) => setEmail(e.target.value) }}
                />
                <Button type="submit" disabled={loading}>
                  {loading ? 'Envoi en cours…' : 'Recevoir un lien'}
                </Button>
              </form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

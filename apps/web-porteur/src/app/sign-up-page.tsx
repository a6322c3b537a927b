import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { SIGN_UP_MUTATION, gatewayErrorInfo } from '@esms/graphql-client';
import { usePageTitle } from '@esms/ui';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface FieldErrors {
  displayName?: string;
  email?: string;
  password?: string;
}

/** Porteur account creation: the gateway sends an activation link by e-mail. */
export function SignUpPage() {
  usePageTitle('Créer un compte porteur');
  const [signUp, { loading }] = useMutation(SIGN_UP_MUTATION);
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (failure || sentTo) messageRef.current?.focus();
  }, [failure, sentTo]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!displayName.trim()) errors.displayName = 'Saisissez votre nom et votre prénom.';
    if (!email.trim()) errors.email = 'Saisissez votre adresse électronique.';
    else if (!EMAIL_PATTERN.test(email.trim()))
      errors.email = 'Saisissez une adresse électronique valide, par exemple : nom@domaine.fr';
    if (!password) errors.password = 'Choisissez un mot de passe.';
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setFailure(null);
    try {
      const result = await signUp({
        variables: { input: { displayName: displayName.trim(), email: email.trim(), password } },
      });
      if (result.error) throw result.error;
      setSentTo(email.trim());
    } catch (error) {
      const { code, message } = gatewayErrorInfo(error);
      setFailure(
        code !== 'NETWORK' && code !== 'INTERNAL_SERVER_ERROR' && message
          ? message
          : 'La création de compte est momentanément indisponible. Réessayez dans quelques instants.',
      );
    }
  }

  return (
    <div className="fr-container fr-my-6w">
      <div className="fr-grid-row fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Créer un compte porteur</h1>
          {sentTo ? (
            <div ref={messageRef} tabIndex={-1}>
              <Alert
                severity="success"
                title="Vérifiez votre messagerie"
                description={`Un courriel d’activation vient d’être envoyé à ${sentTo}. Cliquez sur le lien qu’il contient pour activer votre compte, puis connectez-vous.`}
              />
            </div>
          ) : (
            <>
              <p>
                Le compte porteur permet de constituer votre grappe d’établissements et de déposer la candidature auprès
                de votre ARS.
              </p>
              {failure && (
                <div ref={messageRef} tabIndex={-1} className="fr-mb-3w">
                  <Alert severity="error" title="Création du compte impossible" description={failure} />
                </div>
              )}
              <form onSubmit={onSubmit} noValidate>
                <p className="fr-text--sm">Sauf mention contraire, tous les champs sont obligatoires.</p>
                <Input
                  label="Nom et prénom"
                  state={fieldErrors.displayName ? 'error' : 'default'}
                  stateRelatedMessage={fieldErrors.displayName}
                  nativeInputProps={{
                    name: 'displayName',
                    autoComplete: 'name',
                    value: displayName,
                    onChange: (event) => setDisplayName(event.target.value),
                  }}
                />
                <Input
                  label="Adresse électronique"
                  hintText="Format attendu : nom@domaine.fr. Le lien d’activation y sera envoyé."
                  state={fieldErrors.email ? 'error' : 'default'}
                  stateRelatedMessage={fieldErrors.email}
                  nativeInputProps={{
                    type: 'email',
                    name: 'email',
                    autoComplete: 'email',
                    value: email,
                    onChange: (event) => setEmail(event.target.value),
                  }}
                />
                <PasswordInput
                  label="Mot de passe"
                  messagesHint=""
                  messages={fieldErrors.password ? [{ severity: 'error', message: fieldErrors.password }] : []}
                  nativeInputProps={{
                    name: 'password',
                    autoComplete: 'new-password',
                    value: password,
                    onChange: (event) => setPassword(event.target.value),
                  }}
                />
                <Button type="submit" disabled={loading} className="fr-mt-3w">
                  {loading ? 'Création en cours…' : 'Créer mon compte'}
                </Button>
              </form>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

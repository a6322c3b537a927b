import { fr } from '@codegouvfr/react-dsfr';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { PasswordInput } from '@codegouvfr/react-dsfr/blocks/PasswordInput';
import { login, type LoginResult } from '@esms/graphql-client';
import { usePageTitle, useService } from './service';
import { useSession } from './session';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Only paths of this app: never an absolute or protocol-relative address (open redirect). */
export function safeNextPath(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes > 1 ? 's' : ''}`;
}

/** French explanation of a failed login, using the gateway's own message when it has one. */
export function loginErrorMessage(result: Extract<LoginResult, { ok: false }>): string {
  switch (result.code) {
    case 'INVALID_CREDENTIALS':
      return result.message ?? 'Adresse électronique ou mot de passe incorrect.';
    case 'ACCOUNT_NOT_ACTIVE':
      return (
        result.message ??
        'Votre compte n’est pas activé : ouvrez le lien reçu par courriel lors de l’inscription (pensez aux courriers indésirables).'
      );
    case 'TOO_MANY_ATTEMPTS': {
      const base = result.message ?? 'Trop de tentatives de connexion.';
      return result.retryAfterSeconds ? `${base} Réessayez dans ${waitText(result.retryAfterSeconds)}.` : base;
    }
    default:
      return 'Le service de connexion est momentanément indisponible. Réessayez dans quelques instants.';
  }
}

interface FieldErrors {
  email?: string;
  password?: string;
}

/** DSFR login form: `POST /auth/login`, then back to the page the person asked for. */
export function LoginPage() {
  usePageTitle('Connexion');
  const { signUpPath, passwordResetPath } = useService();
  const { me, refresh } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('suite'));

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const formId = useId();

  useEffect(() => {
    if (failure) alertRef.current?.focus();
  }, [failure]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = 'Saisissez votre adresse électronique.';
    else if (!EMAIL_PATTERN.test(email.trim()))
      errors.email = 'Saisissez une adresse électronique valide, par exemple : nom@domaine.fr';
    if (!password) errors.password = 'Saisissez votre mot de passe.';
    setFieldErrors(errors);
    if (errors.email || errors.password) {
      setFailure(null);
      return;
    }
    setSubmitting(true);
    setFailure(null);
    const result = await login({ email: email.trim(), password });
    if (!result.ok) {
      setSubmitting(false);
      setFailure(loginErrorMessage(result));
      return;
    }
    await refresh().catch(() => null);
    setSubmitting(false);
    navigate(next, { replace: true });
  }

  if (me) {
    return (
      <div className="fr-container fr-my-6w">
        <h1>Connexion</h1>
        <p>
          Vous êtes connecté(e) en tant que <strong>{me.displayName}</strong> ({me.email}).
        </p>
        <Button linkProps={{ to: next }}>Continuer</Button>
      </div>
    );
  }

  return (
    <div className="fr-container fr-container--fluid fr-mb-md-14v">
      <div className="fr-grid-row fr-grid-row-gutters fr-grid-row--center">
        <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <div className="fr-container fr-px-md-0 fr-py-10v fr-py-md-14v fr-mt-md-4w"
            style={{ backgroundColor: fr.colors.decisions.background.alt.grey.default }}>
            <div className="fr-grid-row fr-grid-row-gutters fr-grid-row--center">
              <div className="fr-col-12 fr-col-md-9 fr-col-lg-8">
                <h1>Connexion à votre espace</h1>
                {failure && (
                  <div ref={alertRef} tabIndex={-1} className="fr-mb-4w">
                    <Alert severity="error" title="Connexion impossible" description={failure} />
                  </div>
                )}
                <form id={formId} onSubmit={onSubmit} noValidate aria-label="Se connecter avec son compte">
                  <fieldset className="fr-fieldset" aria-labelledby={`${formId}-legend`}>
                    <legend className="fr-fieldset__legend" id={`${formId}-legend`}>
                      <h2 className="fr-h5 fr-mb-0">Se connecter avec son compte</h2>
                    </legend>
                    <div className="fr-fieldset__element">
                      <p className="fr-text--sm fr-mb-0">Sauf mention contraire, tous les champs sont obligatoires.</p>
                    </div>
                    <div className="fr-fieldset__element">
                      <Input
                        label="Adresse électronique"
                        hintText="Format attendu : nom@domaine.fr"
                        state={fieldErrors.email ? 'error' : 'default'}
                        stateRelatedMessage={fieldErrors.email}
                        nativeInputProps={{
                          type: 'email',
                          name: 'email',
                          autoComplete: 'username',
                          required: true,
                          value: email,
                          onChange: (event) => setEmail(event.target.value),
                        }}
                      />
                    </div>
                    <div className="fr-fieldset__element">
                      <PasswordInput
                        label="Mot de passe"
                        messagesHint=""
                        messages={fieldErrors.password ? [{ severity: 'error', message: fieldErrors.password }] : []}
                        nativeInputProps={{
                          name: 'password',
                          autoComplete: 'current-password',
                          required: true,
                          value: password,
                          onChange: (event) => setPassword(event.target.value),
                        }}
                      />
                      {passwordResetPath && (
                        <p className="fr-mt-1w fr-mb-0">
                          <Link className="fr-link fr-text--sm" to={passwordResetPath}>
                            Mot de passe oublié ?
                          </Link>
                        </p>
                      )}
                    </div>
                  </fieldset>
                  <Button type="submit" disabled={submitting} className="fr-mt-2w">
                    {submitting ? 'Connexion en cours…' : 'Se connecter'}
                  </Button>
                </form>
                {signUpPath && (
                  <>
                    <hr className="fr-mt-6w" />
                    <h2 className="fr-h5">Vous n’avez pas de compte ?</h2>
                    <Link className="fr-btn fr-btn--secondary" to={signUpPath}>
                      Créer un compte
                    </Link>
                  </>
                )}
              </div>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

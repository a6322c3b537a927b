import { Button } from '@codegouvfr/react-dsfr/Button';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { RequireRole, usePageTitle, useSession } from '@esms/ui';
import { QueuePage } from './queue/queue-page';

function SignInInvitation() {
  return (
    <CallOut title="Espace réservé aux agents" iconId="fr-icon-lock-line">
      Cet espace est destiné aux instructeurs des agences régionales de santé et aux conseils départementaux consultés.
      Connectez-vous avec le compte qui vous a été attribué.
      <span className="fr-mt-2w" style={{ display: 'block' }}>
        <Button linkProps={{ to: '/connexion' }}>Se connecter</Button>
      </span>
    </CallOut>
  );
}

function Greeting() {
  const { me } = useSession();
  return (
    <p className="fr-mb-1w">
      Bonjour {me?.displayName}
      {me?.regionCode && <> — région {me.regionCode}</>}.
    </p>
  );
}

export function HomePage() {
  usePageTitle('Ma file d’instruction');
  return (
    <div className="fr-container fr-container--fluid fr-px-4w fr-my-4w">
      <h1>Ma file d’instruction</h1>
      <RequireRole roles={['INSTRUCTEUR', 'CD']} fallback={<SignInInvitation />}>
        <Greeting />
        <QueuePage />
      </RequireRole>
    </div>
  );
}

import { Button } from '@codegouvfr/react-dsfr/Button';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { RequireRole, usePageTitle, useSession } from '@esms/ui';
import { Link } from 'react-router-dom';
import { NationalDashboardView } from './dashboard/dashboard-page';

function SignInInvitation() {
  return (
    <>
      <h1>Pilotage national</h1>
      <CallOut title="Espace réservé à la CNSA" iconId="fr-icon-lock-line">
        Le pilotage national du programme est réservé aux équipes de la CNSA. Connectez-vous avec le compte qui vous a été attribué. Les chiffres
        anonymisés du programme sont publics : <Link to="/donnees-ouvertes">consultez les données ouvertes</Link>.
        <span className="fr-mt-2w" style={{ display: 'block' }}>
          <Button linkProps={{ to: '/connexion' }}>Se connecter</Button>
        </span>
      </CallOut>
    </>
  );
}

function Dashboard() {
  const { me } = useSession();
  return (
    <>
      <p className="fr-text--sm fr-mb-1w no-print">Bonjour {me?.displayName}.</p>
      <NationalDashboardView />
    </>
  );
}

export function HomePage() {
  usePageTitle('Pilotage national');
  return (
    <div className="fr-container fr-my-4w">
      <RequireRole roles={['CNSA']} fallback={<SignInInvitation />}>
        <Dashboard />
      </RequireRole>
    </div>
  );
}

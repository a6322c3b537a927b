import { fr } from '@codegouvfr/react-dsfr';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { RequireRole, usePageTitle, useSession } from '@esms/ui';

const panels = [
  { title: 'Candidatures par région', text: 'Dossiers déposés, en instruction et retenus dans chaque ARS.' },
  { title: 'Financements engagés', text: 'Forfaits accordés, avances versées et soldes à venir, région par région.' },
  { title: 'Cibles d’usage', text: 'Mesures mensuelles MSSanté, DMP et dossiers actifs des établissements financés.' },
  { title: 'Dossiers multirégionaux', text: 'Projets de 50 établissements et plus déposés au guichet national.' },
];

function SignInInvitation() {
  return (
    <CallOut title="Espace réservé à la CNSA" iconId="fr-icon-lock-line">
      Le pilotage national du programme est réservé aux équipes de la CNSA. Connectez-vous avec le compte qui vous a été
      attribué.
      <span className="fr-mt-2w" style={{ display: 'block' }}>
        <Button linkProps={{ to: '/connexion' }}>Se connecter</Button>
      </span>
    </CallOut>
  );
}

function Dashboard() {
  const { me } = useSession();
  return (
    <>
      <p className="fr-text--lead">Bonjour {me?.displayName}. Voici l’avancement du programme dans toutes les régions.</p>
      <div className="fr-grid-row fr-grid-row--gutters">
        {panels.map((panel) => (
          <div key={panel.title} className="fr-col-12 fr-col-md-6">
            <div className="fr-p-3w" style={{ height: '100%', backgroundColor: fr.colors.decisions.background.alt.grey.default }}>
              <h2 className="fr-h5">
                {panel.title}{' '}
                <Badge as="span" small severity="new" noIcon>
                  bientôt
                </Badge>
              </h2>
              <p className="fr-mb-0">{panel.text}</p>
            </div>
          </div>
        ))}
      </div>
    </>
  );
}

export function HomePage() {
  usePageTitle('Pilotage national');
  return (
    <div className="fr-container fr-my-6w">
      <h1>Pilotage national</h1>
      <RequireRole roles={['CNSA']} fallback={<SignInInvitation />}>
        <Dashboard />
      </RequireRole>
    </div>
  );
}

import { fr } from '@codegouvfr/react-dsfr';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { CallOut } from '@codegouvfr/react-dsfr/CallOut';
import { RequireRole, usePageTitle, useSession } from '@esms/ui';

const queueColumns = [
  { title: 'Dossiers reçus', text: 'Les candidatures déposées dans votre région, fenêtre par fenêtre.' },
  { title: 'À évaluer', text: 'La grille de votre ARS, le score et le classement de priorité.' },
  { title: 'En comité', text: 'Les dossiers présentés au comité de sélection et ses décisions.' },
  { title: 'Conventionnés', text: 'Les conventions signées, l’avance versée et le suivi des cibles d’usage.' },
];

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

function Queue() {
  const { me } = useSession();
  return (
    <>
      <p className="fr-text--lead">
        Bonjour {me?.displayName}
        {me?.regionCode && <> — région {me.regionCode}</>}.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        {queueColumns.map((column) => (
          <div key={column.title} className="fr-col-12 fr-col-md-6 fr-col-lg-3">
            <div className="fr-p-3w" style={{ height: '100%', backgroundColor: fr.colors.decisions.background.alt.grey.default }}>
              <h2 className="fr-h6">
                {column.title}{' '}
                <Badge as="span" small severity="new" noIcon>
                  bientôt
                </Badge>
              </h2>
              <p className="fr-text--sm fr-mb-0">{column.text}</p>
            </div>
          </div>
        ))}
      </div>
      <p className="fr-mt-4w">Aucun dossier à instruire pour le moment.</p>
    </>
  );
}

export function HomePage() {
  usePageTitle('Ma file d’instruction');
  return (
    <div className="fr-container fr-my-6w">
      <h1>Ma file d’instruction</h1>
      <RequireRole roles={['INSTRUCTEUR', 'CD']} fallback={<SignInInvitation />}>
        <Queue />
      </RequireRole>
    </div>
  );
}

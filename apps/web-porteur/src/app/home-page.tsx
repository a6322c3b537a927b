import { fr } from '@codegouvfr/react-dsfr';
import { Link } from 'react-router-dom';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { usePageTitle, useSession } from '@esms/ui';
import { FundingSimulator } from './funding-simulator';
import { CampaignList } from './campaigns/campaign-list';

const steps = [
  { title: 'Créez votre compte', text: 'Un compte par porteur de projet, activé par un lien reçu par courriel.' },
  { title: 'Composez votre grappe', text: 'Ajoutez vos établissements par leur numéro FINESS et vérifiez leur éligibilité.' },
  { title: 'Déposez votre dossier', text: 'Joignez les pièces demandées et déposez avant la clôture de l’appel à projets de votre ARS.' },
  { title: 'Suivez l’instruction', text: 'L’ARS instruit votre dossier, puis la convention et les versements suivent.' },
];

export function HomePage() {
  usePageTitle(undefined);
  const { me } = useSession();

  return (
    <>
      <div className="fr-py-6w" style={{ backgroundColor: fr.colors.decisions.background.alt.blueFrance.default }}>
        <div className="fr-container">
          <h1>Financez le dossier usager informatisé de vos établissements</h1>
          <p className="fr-text--lead">
            Le programme ESMS numérique finance l’acquisition ou la mise à niveau d’un logiciel de dossier usager
            informatisé (DUI) référencé Ségur, pour les établissements et services sociaux et médico-sociaux qui
            s’équipent ensemble.
          </p>
          {me ? (
            <p className="fr-mb-0">
              Bonjour {me.displayName}
              {me.organismes.length > 0 && <> — {me.organismes.map((organisme) => organisme.name).join(', ')}</>}.
            </p>
          ) : (
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left fr-mb-0">
              <li>
                <Button linkProps={{ to: '/inscription' }}>Créer un compte porteur</Button>
              </li>
              <li>
                <Button priority="secondary" linkProps={{ to: '/connexion' }}>
                  Se connecter
                </Button>
              </li>
              <li>
                <a className="fr-btn fr-btn--tertiary fr-btn--icon-left fr-icon-calculator-line" href="#simulateur">
                  Simuler mon financement
                </a>
              </li>
            </ul>
          )}
        </div>
      </div>

      <div className="fr-container fr-my-6w">
        <section aria-labelledby="deposer" className="fr-mb-6w">
          <h2 id="deposer">Déposer une candidature</h2>
          <ol className="fr-grid-row fr-grid-row--gutters fr-raw-list">
            {steps.map((step, index) => (
              <li key={step.title} className="fr-col-12 fr-col-md-6 fr-col-lg-3">
                <div className="fr-p-3w" style={{ height: '100%', backgroundColor: fr.colors.decisions.background.alt.grey.default }}>
                  <p className="fr-text--sm fr-mb-1w">Étape {index + 1} sur {steps.length}</p>
                  <h3 className="fr-h6">{step.title}</h3>
                  <p className="fr-text--sm fr-mb-0">{step.text}</p>
                </div>
              </li>
            ))}
          </ol>
          {me ? (
            <p className="fr-mt-3w">
              <Button linkProps={{ to: me.organismes.length > 0 ? '/candidatures/nouvelle' : '/mon-organisme' }}>Déposer une candidature</Button>
            </p>
          ) : (
            <p className="fr-mt-3w">
              Pour déposer une candidature, <Link to="/connexion">connectez-vous</Link> ou{' '}
              <Link to="/inscription">créez votre compte porteur</Link>.
            </p>
          )}
        </section>

        <section aria-labelledby="campagnes" className="fr-mb-6w">
          <h2 id="campagnes">Campagnes en cours</h2>
          <p>
            Chaque agence régionale de santé publie son appel à projets, avec ses dates d’ouverture et de clôture et ses fenêtres
            de sélection. Un dossier est recevable jusqu’au jour de clôture à 23 h 59, heure de Paris.{' '}
            <Link to="/campagnes">Toutes les campagnes, y compris closes</Link>.
          </p>
          <CampaignList onlyCurrent />
        </section>

        <div id="simulateur" tabIndex={-1}>
          <FundingSimulator titleAs="h2" />
        </div>
      </div>
    </>
  );
}

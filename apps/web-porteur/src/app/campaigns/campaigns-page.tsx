import { usePageTitle } from '@esms/ui';
import { CampaignList } from './campaign-list';

/** `/campagnes`: every call with its calendar and windows, and the ARS and GRADeS contacts of its region. */
export function CampaignsPage() {
  usePageTitle('Campagnes');
  return (
    <div className="fr-container fr-my-6w">
      <h1>Campagnes (appels à projets)</h1>
      <p>
        Chaque ARS publie son appel à projets avec ses dates d’ouverture et de clôture et ses fenêtres de sélection. Un dossier est
        recevable jusqu’au jour de clôture à 23 h 59, heure de Paris, quel que soit votre fuseau horaire.
      </p>
      <CampaignList headingLevel={2} />
    </div>
  );
}

import { usePageTitle, useService } from './service';

/** Déclaration d'accessibilité (obligation légale, art. 47 de la loi n° 2005-102). */
export function AccessibilityPage() {
  usePageTitle('Accessibilité');
  const { serviceTitle } = useService();
  return (
    <div className="fr-container fr-my-6w">
      <h1>Déclaration d’accessibilité</h1>
      <p>
        La CNSA s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102
        du 11 février 2005. Cette déclaration s’applique au service « {serviceTitle} ».
      </p>
      <h2>État de conformité</h2>
      <p>
        Le service est <strong>non conforme</strong> au référentiel général d’amélioration de l’accessibilité (RGAA) :
        aucun audit n’a encore été réalisé. Il est construit avec le système de design de l’État (DSFR).
      </p>
      <h2>Retour d’information et contact</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez le programme ESMS numérique pour être
        orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu ou à une fonctionnalité, que vous
        nous le signalez et que vous ne parvenez pas à obtenir une réponse rapide, vous pouvez saisir le Défenseur des
        droits.
      </p>
    </div>
  );
}

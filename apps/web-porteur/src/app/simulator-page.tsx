import { usePageTitle } from '@esms/ui';
import { FundingSimulator } from './funding-simulator';

export function SimulatorPage() {
  usePageTitle('Simulateur de financement');
  return (
    <div className="fr-container fr-my-6w">
      <FundingSimulator titleAs="h1" />
    </div>
  );
}

import { Route, Routes } from 'react-router-dom';
import { AccessibilityPage, Layout, LoginPage, NotFound, useSession, type NavigationItem } from '@esms/ui';
import type { Role } from '@esms/graphql-client';
import { CommitteePage, CommitteesPage } from './committees/committees-page';
import { DossierPage } from './dossier/dossier-page';
import { GridsPage } from './grids/grids-page';
import { HomePage } from './home-page';
import { PortfolioPage } from './follow-up/portfolio-page';

const roles: Role[] = ['INSTRUCTEUR', 'CD'];
const instructeurNavigation: NavigationItem[] = [
  { text: 'Ma file d’instruction', to: '/' },
  { text: 'Comités de sélection', to: '/comites' },
  { text: 'Grilles d’évaluation', to: '/grilles' },
  { text: 'Conventions et paiements', to: '/suivi' },
];
const cdNavigation: NavigationItem[] = [{ text: 'Dossiers soumis à votre avis', to: '/' }];

export function App() {
  const { me } = useSession();
  return (
    <Routes>
      <Route
        element={
          <Layout
            serviceTitle="ESMS numérique — Espace instructeur"
            serviceTagline="Instruction des candidatures par les agences régionales de santé"
            roles={roles}
            navigation={me?.role === 'CD' ? cdNavigation : instructeurNavigation}
          />
        }
      >
        <Route index element={<HomePage />} />
        <Route path="dossiers/:id" element={<DossierPage />} />
        <Route path="comites" element={<CommitteesPage />} />
        <Route path="comites/:id" element={<CommitteePage />} />
        <Route path="grilles" element={<GridsPage />} />
        <Route path="suivi" element={<PortfolioPage />} />
        <Route path="connexion" element={<LoginPage />} />
        <Route path="accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

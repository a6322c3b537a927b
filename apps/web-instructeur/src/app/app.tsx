import { Route, Routes } from 'react-router-dom';
import { AccessibilityPage, Layout, LoginPage, NotFound, type NavigationItem } from '@esms/ui';
import type { Role } from '@esms/graphql-client';
import { HomePage } from './home-page';

const roles: Role[] = ['INSTRUCTEUR', 'CD'];
const navigation: NavigationItem[] = [
  { text: 'Ma file d’instruction', to: '/' },
  { text: 'Campagnes' },
  { text: 'Grilles d’évaluation' },
  { text: 'Comités de sélection' },
  { text: 'Conventions et paiements' },
];

export function App() {
  return (
    <Routes>
      <Route
        element={
          <Layout
            serviceTitle="ESMS numérique — Espace instructeur"
            serviceTagline="Instruction des candidatures par les agences régionales de santé"
            roles={roles}
            navigation={navigation}
          />
        }
      >
        <Route index element={<HomePage />} />
        <Route path="connexion" element={<LoginPage />} />
        <Route path="accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

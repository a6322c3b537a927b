import { Route, Routes } from 'react-router-dom';
import { AccessibilityPage, Layout, LoginPage, NotFound, type NavigationItem } from '@esms/ui';
import type { Role } from '@esms/graphql-client';
import { HomePage } from './home-page';

const roles: Role[] = ['CNSA'];
const navigation: NavigationItem[] = [
  { text: 'Pilotage national', to: '/' },
  { text: 'Régions' },
  { text: 'Campagnes' },
  { text: 'Financements' },
  { text: 'Cibles d’usage' },
  { text: 'Référentiel Ségur' },
];

export function App() {
  return (
    <Routes>
      <Route
        element={
          <Layout
            serviceTitle="ESMS numérique — Pilotage national"
            serviceTagline="Suivi du programme par la Caisse nationale de solidarité pour l’autonomie"
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

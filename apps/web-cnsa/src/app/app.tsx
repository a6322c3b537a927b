import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AccessibilityPage, Layout, LoginPage, NotFound, RequireRole, type NavigationItem } from '@esms/ui';
import type { Role } from '@esms/graphql-client';
import { FilePage } from './dashboard/file-page';
import { FilesPage } from './dashboard/files-page';
import { RegionPage } from './dashboard/region-page';
import { HomePage } from './home-page';
import { OpenDataPage } from './open-data/open-data-page';

const roles: Role[] = ['CNSA'];
const navigation: NavigationItem[] = [
  { text: 'Pilotage national', to: '/' },
  { text: 'Dossiers', to: '/dossiers' },
  { text: 'Données ouvertes', to: '/donnees-ouvertes' },
  { text: 'Campagnes' },
  { text: 'Référentiel Ségur' },
];

const cnsaOnly = (page: ReactNode) => (
  <div className="fr-container fr-my-4w">
    <RequireRole roles={roles}>{page}</RequireRole>
  </div>
);

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
        <Route path="regions/:code" element={cnsaOnly(<RegionPage />)} />
        <Route path="dossiers" element={cnsaOnly(<FilesPage />)} />
        <Route path="dossiers/:id" element={cnsaOnly(<FilePage />)} />
        <Route
          path="donnees-ouvertes"
          element={
            <div className="fr-container fr-my-4w">
              <OpenDataPage />
            </div>
          }
        />
        <Route path="connexion" element={<LoginPage />} />
        <Route path="accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

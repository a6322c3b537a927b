import { Route, Routes } from 'react-router-dom';
import { AccessibilityPage, Layout, LoginPage, NotFound, type NavigationItem } from '@esms/ui';
import type { Role } from '@esms/graphql-client';
import { HomePage } from './home-page';
import { SimulatorPage } from './simulator-page';
import { SignUpPage } from './sign-up-page';
import { ActivationPage } from './activation-page';

const roles: Role[] = ['PORTEUR'];
const navigation: NavigationItem[] = [
  { text: 'Accueil', to: '/' },
  { text: 'Simuler mon financement', to: '/simulateur' },
  { text: 'Mes candidatures' },
  { text: 'Mes établissements' },
  { text: 'Suivi des usages' },
];

export function App() {
  return (
    <Routes>
      <Route
        element={
          <Layout
            serviceTitle="ESMS numérique — Espace porteur"
            serviceTagline="Financement du dossier usager informatisé des établissements sociaux et médico-sociaux"
            roles={roles}
            signUpPath="/inscription"
            navigation={navigation}
          />
        }
      >
        <Route index element={<HomePage />} />
        <Route path="simulateur" element={<SimulatorPage />} />
        <Route path="connexion" element={<LoginPage />} />
        <Route path="inscription" element={<SignUpPage />} />
        <Route path="activation" element={<ActivationPage />} />
        <Route path="accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

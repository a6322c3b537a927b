import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AccessibilityPage, Layout, LoginPage, NotFound, RequireRole, type NavigationItem } from '@esms/ui';
import type { Role } from '@esms/graphql-client';
import { HomePage } from './home-page';
import { SimulatorPage } from './simulator-page';
import { SignUpPage } from './sign-up-page';
import { ActivationPage } from './activation-page';
import { PasswordResetRequestPage } from './account/password-reset-request-page';
import { PasswordResetPage } from './account/password-reset-page';
import { OrganismePage } from './account/organisme-page';
import { CampaignsPage } from './campaigns/campaigns-page';
import { CandidaturesPage } from './candidatures/candidatures-page';
import { NewCandidaturePage } from './candidatures/new-candidature-page';
import { CandidaturePage } from './candidature/candidature-page';
import { FollowUpListPage } from './follow-up/follow-up-list-page';
import { FollowUpPage } from './follow-up/follow-up-page';

const roles: Role[] = ['PORTEUR'];
const navigation: NavigationItem[] = [
  { text: 'Accueil', to: '/' },
  { text: 'Campagnes', to: '/campagnes' },
  { text: 'Mes candidatures', to: '/candidatures' },
  { text: 'Mon organisme', to: '/mon-organisme' },
  { text: 'Simuler mon financement', to: '/simulateur' },
  { text: 'Suivi des usages', to: '/suivi' },
];

const porteur = (page: ReactNode) => <RequireRole roles={roles}>{page}</RequireRole>;

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
            passwordResetPath="/mot-de-passe-oublie"
            navigation={navigation}
          />
        }
      >
        <Route index element={<HomePage />} />
        <Route path="simulateur" element={<SimulatorPage />} />
        <Route path="campagnes" element={<CampaignsPage />} />
        <Route path="connexion" element={<LoginPage />} />
        <Route path="inscription" element={<SignUpPage />} />
        <Route path="activation" element={<ActivationPage />} />
        <Route path="mot-de-passe-oublie" element={<PasswordResetRequestPage />} />
        <Route path="reinitialisation" element={<PasswordResetPage />} />
        <Route path="mon-organisme" element={porteur(<OrganismePage />)} />
        <Route path="candidatures" element={porteur(<CandidaturesPage />)} />
        <Route path="candidatures/nouvelle" element={porteur(<NewCandidaturePage />)} />
        <Route path="candidatures/:id" element={porteur(<CandidaturePage />)} />
        <Route path="candidatures/:id/suivi" element={porteur(<FollowUpPage />)} />
        <Route path="candidatures/:id/:step" element={porteur(<CandidaturePage />)} />
        <Route path="suivi" element={porteur(<FollowUpListPage />)} />
        <Route path="accessibilite" element={<AccessibilityPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

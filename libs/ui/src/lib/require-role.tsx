import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { Role } from '@esms/graphql-client';
import { roleLabels } from './service';
import { useSession } from './session';

export interface RequireRoleProps {
  roles: Role[];
  children: ReactNode;
  /** Shown to anonymous visitors instead of sending them to the login page. */
  fallback?: ReactNode;
}

/** Shows its children only to a person logged in with one of `roles`. */
export function RequireRole({ roles, children, fallback }: RequireRoleProps) {
  const { me, loading } = useSession();
  const location = useLocation();

  if (loading && !me) {
    return (
      <p role="status" className="fr-my-4w">
        Vérification de votre session…
      </p>
    );
  }
  if (!me) {
    if (fallback !== undefined) return <>{fallback}</>;
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/connexion?suite=${encodeURIComponent(next)}`} replace />;
  }
  if (!roles.includes(me.role)) {
    return (
      <Alert
        className="fr-my-4w"
        severity="warning"
        title="Accès réservé"
        description={`Cette page est réservée aux profils suivants : ${roles.map((role) => roleLabels[role]).join(', ')}. Vous êtes connecté(e) en tant que ${roleLabels[me.role]}.`}
      />
    );
  }
  return <>{children}</>;
}

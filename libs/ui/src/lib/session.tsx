import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useApolloClient, useQuery } from '@apollo/client/react';
import { ME_QUERY, logout, type Me } from '@esms/graphql-client';

export interface Session {
  /** The person logged in, or null when anonymous (or while the gateway cannot be reached). */
  me: Me | null;
  loading: boolean;
  /** True when the gateway could not tell who is logged in. */
  unavailable: boolean;
  /** Asks the gateway again (after a login). */
  refresh(): Promise<Me | null>;
  /** Ends the session on the gateway and forgets every cached datum. */
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Reads `me` once for the whole app; pages read it through `useSession()`. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const { data, loading, error, refetch } = useQuery(ME_QUERY, { notifyOnNetworkStatusChange: true });

  const refresh = useCallback(async () => {
    const result = await refetch();
    return result.data?.me ?? null;
  }, [refetch]);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      await client.resetStore();
    }
  }, [client]);

  const value = useMemo<Session>(
    () => ({ me: data?.me ?? null, loading, unavailable: Boolean(error), refresh, signOut }),
    [data, loading, error, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() needs an <AuthProvider> above it');
  return session;
}

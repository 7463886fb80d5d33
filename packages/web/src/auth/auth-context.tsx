import type { TPermission } from '@mas/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { onSessionEnded } from '../app/query-client.ts';
import type { TMeOutput } from '../lib/api-types.ts';
import { isUnauthorized } from '../lib/errors.ts';
import { resetRealtime, trpc, trpcClient } from '../lib/trpc.ts';

/** Why the user is looking at the sign-in page, shown there as a message. */
export type TSignInNotice = 'expired' | 'signedOut' | null;

interface AuthContextValue {
  /** undefined while the first check runs, null when signed out. */
  user: TMeOutput | null | undefined;
  /** The first check failed for a reason other than "not signed in" (server down). */
  error: unknown;
  notice: TSignInNotice;
  can(permission: TPermission): boolean;
  signedIn(user: TMeOutput): Promise<void>;
  signOut(): Promise<void>;
  signingOut: boolean;
  refresh(): Promise<void>;
  retry(): void;
}

const ME_KEY = ['mas', 'me'] as const;
const AuthContext = createContext<AuthContextValue | null>(null);

/** Signed out is an answer, not an error: the query resolves to null. */
async function fetchMe(): Promise<TMeOutput | null> {
  try {
    return await trpcClient.auth.me.query();
  } catch (error) {
    if (isUnauthorized(error)) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const [notice, setNotice] = useState<TSignInNotice>(null);
  const logout = trpc.auth.logout.useMutation();
  const signingOut = useRef(false);

  /** Drops everything cached for the previous session (lists may hold patient data). */
  const forgetSession = useCallback(
    async (next: TMeOutput | null) => {
      await resetRealtime();
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'mas' });
      queryClient.setQueryData(ME_KEY, next);
    },
    [queryClient],
  );

  useEffect(
    () =>
      onSessionEnded(() => {
        if (signingOut.current || !queryClient.getQueryData(ME_KEY)) return;
        setNotice('expired');
        void forgetSession(null);
      }),
    [queryClient, forgetSession],
  );

  const signedIn = useCallback(
    async (user: TMeOutput) => {
      setNotice(null);
      await forgetSession(user);
    },
    [forgetSession],
  );

  const { mutateAsync: logoutAsync } = logout;
  const signOut = useCallback(async () => {
    // The live socket goes first: the server closes a signed-out session's socket with "session
    // ended", which must not read as an expiry (and send the user back with a return address).
    signingOut.current = true;
    await resetRealtime();
    // Signing out of a session that already ended still signs out here.
    await logoutAsync().catch(() => undefined);
    setNotice('signedOut');
    await forgetSession(null);
    signingOut.current = false;
  }, [logoutAsync, forgetSession]);

  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: ME_KEY }), [queryClient]);
  const { refetch } = me;
  const retry = useCallback(() => void refetch(), [refetch]);

  const user = me.data;
  const value = useMemo<AuthContextValue>(
    () => ({
      user,
      error: me.error,
      notice,
      can: (permission) => Boolean(user?.permissions.includes(permission)),
      signedIn,
      signOut,
      signingOut: logout.isPending,
      refresh,
      retry,
    }),
    [user, me.error, notice, signedIn, signOut, logout.isPending, refresh, retry],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

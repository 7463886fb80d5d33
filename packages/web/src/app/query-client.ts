import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { errorCode, isUnauthorized } from '../lib/errors.ts';

/**
 * "Your session ended" from any call. The auth provider listens and sends the
 * user to sign-in with a message and a way back to where they were.
 */
const unauthorizedListeners = new Set<() => void>();
export function onSessionEnded(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}
export function reportSessionEnded() {
  for (const listener of unauthorizedListeners) listener();
}

const QUIET_PATHS = new Set(['auth.login', 'auth.logout']);
const pathOf = (key: readonly unknown[] | undefined) => (Array.isArray(key?.[0]) ? (key[0] as string[]).join('.') : '');

/** Client errors (bad input, no permission, conflicts) do not get better by asking again. */
function shouldRetry(failureCount: number, error: unknown) {
  const code = errorCode(error);
  if (code && code !== 'INTERNAL_SERVER_ERROR' && code !== 'TIMEOUT') return false;
  return failureCount < 2;
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError(error) {
      if (isUnauthorized(error)) reportSessionEnded();
    },
  }),
  mutationCache: new MutationCache({
    onError(error, _variables, _context, mutation) {
      // A refused sign-in is not an ended session, nor is signing out of one that already ended.
      if (isUnauthorized(error) && !QUIET_PATHS.has(pathOf(mutation.options.mutationKey))) reportSessionEnded();
    },
  }),
  defaultOptions: {
    queries: { staleTime: 15_000, retry: shouldRetry, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

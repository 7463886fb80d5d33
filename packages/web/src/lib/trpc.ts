import type { AppRouter } from '@mas/api';
import { createTRPCReact, type CreateTRPCReact } from '@trpc/react-query';
import { createWSClient, httpBatchLink, httpLink, splitLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import { queryClient, reportSessionEnded } from '../app/query-client.ts';

/** Typed hooks over the API's router type: a renamed procedure breaks the build. */
export const trpc: CreateTRPCReact<AppRouter, unknown> = createTRPCReact<AppRouter>();

const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc`;

/**
 * One WebSocket for every subscription; it reconnects by itself and resumes from the last event.
 * The server binds a socket to the session it was opened with, so sign-in and sign-out close it
 * (see `resetRealtime`) and the next subscription opens a fresh one with the new cookie.
 */
/** Close codes the API ends a socket with (packages/api/src/realtime/connections.ts). */
const CLOSE = { sessionEnded: 4401, permissionsChanged: 4403 } as const;

export const wsClient = createWSClient({
  url: wsUrl,
  lazy: { enabled: true, closeMs: 30_000 },
  onClose(cause) {
    // The session ended elsewhere (signed out, password reset, deactivated, expired): say so now,
    // not at the next click.
    if (cause?.code === CLOSE.sessionEnded) reportSessionEnded();
    // New permissions: everything on screen is read again under them (the socket reconnects itself).
    else if (cause?.code === CLOSE.permissionsChanged) void queryClient.invalidateQueries();
  },
});

export function resetRealtime(): Promise<void> {
  return wsClient.close();
}

const UNBATCHED = new Set(['auth.login', 'auth.changePassword']);

export const trpcClient = trpc.createClient({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: wsLink({ client: wsClient, transformer: superjson }),
      // The session cookie rides along (same origin); nothing is kept in web storage.
      false: splitLink({
        // The API refuses sign-in and password calls inside a batch (one guess per request).
        condition: (op) => UNBATCHED.has(op.path),
        true: httpLink({ url: '/trpc', transformer: superjson }),
        // The API accepts at most 25 calls per batch.
        false: httpBatchLink({ url: '/trpc', transformer: superjson, maxItems: 25 }),
      }),
    }),
  ],
});

// The typed client for scripts: `import { createMasClient } from '@mas/api/client'`.
import { createTRPCClient, createWSClient, httpBatchLink, httpLink, splitLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from './router.ts';

export interface MasClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** A bearer token from `auth.login({ …, mode: 'token' })`; omit to sign in first. */
  token?: string;
}

/** HTTP (batched) for queries and mutations, one WebSocket for subscriptions, superjson on both. */
export function createMasClient({ url, token }: MasClientOptions) {
  const base = url.replace(/\/$/, '');
  const wsClient = createWSClient({
    url: `${base.replace(/^http/, 'ws')}/trpc`,
    // Node 20 has no global WebSocket.
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: token ? { token } : null,
    lazy: { enabled: true, closeMs: 1_000 },
  });
  const headers = () => (token ? { authorization: `Bearer ${token}` } : {});
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient, transformer: superjson }),
        // Sign-in and password calls go alone (the API refuses them in a batch); batches hold ≤ 25 calls.
        false: splitLink({
          condition: (op) => op.path === 'auth.login' || op.path === 'auth.changePassword',
          true: httpLink({ url: `${base}/trpc`, transformer: superjson, headers }),
          false: httpBatchLink({ url: `${base}/trpc`, transformer: superjson, headers, maxItems: 25 }),
        }),
      }),
    ],
  });
  const close = () => wsClient.close();
  // The tRPC client is itself a proxy over procedure paths, so `close` is layered on top of it.
  return new Proxy(client, {
    get: (target, key) => (key === 'close' ? close : Reflect.get(target, key)),
  }) as typeof client & { close: () => void };
}

export type MasClient = ReturnType<typeof createMasClient>;

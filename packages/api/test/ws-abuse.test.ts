import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSession } from '../src/domains/auth/session.ts';
import { MAX_SOCKETS_PER_SESSION } from '../src/realtime/connections.ts';
import { WS_MAX_PAYLOAD } from '../src/server.ts';
import { userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
const wsUrl = () => `${api.server.url.replace('http', 'ws')}/trpc`;

async function openAuthed(token: string) {
  const socket = new WebSocket(wsUrl(), { headers: { cookie: `mas_session=${token}` } });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

const stillServing = async () => (await fetch(`${api.server.url}/healthz`)).status === 200;

it('closes a connection that sends a frame over 64 KiB, and keeps serving', async () => {
  const { token } = await userWithRole(api.server, 'Technical');
  const socket = await openAuthed(token);
  const code = new Promise<number>((resolve) => socket.once('close', resolve));
  socket.send('x'.repeat(WS_MAX_PAYLOAD + 1));
  expect(await code).toBe(1009);
  expect(await stillServing()).toBe(true);
});

it('answers malformed messages with errors, without crashing', async () => {
  const { token } = await userWithRole(api.server, 'Technical');
  const socket = await openAuthed(token);
  const replies: string[] = [];
  socket.on('message', (data) => replies.push(String(data)));
  for (const garbage of [
    'not json',
    '{"id":1}',
    '{"id":2,"method":"subscription","params":{"path":"nope.nothing"}}',
    '[1,2,3]',
    '{"id":{"$gt":1},"method":"query"}',
  ]) {
    socket.send(garbage);
  }
  socket.send(JSON.stringify({ id: 9, method: 'query', params: { path: 'health.check', input: { json: undefined } } }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await stillServing()).toBe(true);
  // Whatever the garbage got, a good request on the same or a new connection is still answered.
  const fresh = await openAuthed(token);
  const answer = new Promise<string>((resolve) => fresh.once('message', (data) => resolve(String(data))));
  fresh.send(JSON.stringify({ id: 10, method: 'query', params: { path: 'health.check', input: { json: undefined } } }));
  expect(JSON.parse(await answer)).toMatchObject({ id: 10, result: { type: 'data' } });
  socket.close();
  fresh.close();
});

it('holds a thousand idle subscribed connections and still answers', async () => {
  const { id } = await userWithRole(api.server, 'Technical');
  // A session holds at most MAX_SOCKETS_PER_SESSION sockets: 100 sessions of one user, as many tabs.
  const tokens = await Promise.all(
    Array.from({ length: 1000 / MAX_SOCKETS_PER_SESSION }, () =>
      createSession(api.server.deps, id, 'token', '127.0.0.1').then((session) => session.token),
    ),
  );
  const before = process.memoryUsage();
  const sockets = await Promise.all(Array.from({ length: 1000 }, (_, n) => openAuthed(tokens[n % tokens.length]!)));
  await Promise.all(
    sockets.map(
      (socket, n) =>
        new Promise((resolve) => {
          socket.once('message', resolve);
          socket.send(
            JSON.stringify({
              id: n,
              method: 'subscription',
              params: { path: 'room.onChange', input: { json: undefined } },
            }),
          );
        }),
    ),
  );
  const after = process.memoryUsage();
  // Server and clients share this process, so this is an upper bound on the server's share.
  console.log(
    `1000 subscribed connections: ~${Math.round((after.rss - before.rss) / 1000 / 1024)} KB RSS each (clients included)`,
  );
  expect(await stillServing()).toBe(true);
  for (const socket of sockets) socket.close();
});

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLocalBus, createRedisBus } from '../src/realtime/bus.ts';
import { realtimeSettings } from '../src/realtime/changes.ts';
import { createLogger } from '../src/logger.ts';
import { inject } from 'vitest';
import { callerFor, clientFor, userWithRole, useTestApi, waitFor } from './helpers.ts';

const api = useTestApi();

type Received = { id: string; type: string; name: string | undefined };

/** Subscribes over a real WebSocket and collects the events. */
function collect(token: string, lastEventId?: string) {
  const { client, close } = clientFor(api.server, token);
  const events: Received[] = [];
  const errors: unknown[] = [];
  let started = false;
  const subscription = client.specialty.onChange.subscribe(lastEventId ? { lastEventId } : undefined, {
    onStarted: () => (started = true),
    onData: ({ id, data }) => events.push({ id, type: data.type, name: data.item?.name }),
    onError: (error) => errors.push(error),
  });
  return {
    events,
    errors,
    ready: () => waitFor(() => started),
    stop: () => (subscription.unsubscribe(), close()),
  };
}

describe('live changes', () => {
  it('reach subscribers over WebSocket with tracked ids', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const watcher = collect(chief.token);
    await watcher.ready();
    const caller = callerFor(api.server, chief.user);
    const created = await caller.specialty.create({ name: 'Neurology' });
    await caller.specialty.update({ id: created.id, data: { description: 'Brain' } });
    await caller.specialty.delete({ id: created.id });
    await waitFor(() => watcher.events.length >= 3);
    expect(watcher.events.map(({ type, name }) => ({ type, name }))).toEqual([
      { type: 'created', name: 'Neurology' },
      { type: 'updated', name: 'Neurology' },
      { type: 'deleted', name: undefined },
    ]);
    expect(watcher.events.every((event) => /^[a-f0-9]{24}$/.test(event.id))).toBe(true);
    void watcher.stop();
  });

  it('replay exactly the missed events, in order, after a reconnect with lastEventId', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const caller = callerFor(api.server, chief.user);
    const first = collect(chief.token);
    await first.ready();
    await caller.specialty.create({ name: 'Before' });
    await waitFor(() => first.events.length === 1);
    const lastSeen = first.events[0]!.id;
    void first.stop();

    for (const name of ['Missed 1', 'Missed 2', 'Missed 3']) await caller.specialty.create({ name });

    const second = collect(chief.token, lastSeen);
    await second.ready();
    await caller.specialty.create({ name: 'After' });
    await waitFor(() => second.events.length >= 4);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.events.map((event) => event.name)).toEqual(['Missed 1', 'Missed 2', 'Missed 3', 'After']);
    expect(new Set(second.events.map((event) => event.id)).size).toBe(4);
    void second.stop();
  });

  it('are refused to users who could not read the entity, and to anonymous clients', async () => {
    // A patient reads specialties (to book an appointment) but not departments.
    const patient = await userWithRole(api.server, 'Patient');
    const { client, close } = clientFor(api.server, patient.token);
    const errors: unknown[] = [];
    const subscription = client.department.onChange.subscribe(undefined, { onError: (error) => errors.push(error) });
    await waitFor(() => errors.length > 0);
    expect(errors[0]).toMatchObject({ data: { code: 'FORBIDDEN' } });
    subscription.unsubscribe();
    await close();

    // Without a session the WebSocket itself is closed after an UNAUTHORIZED answer.
    const socket = new WebSocket(`${api.server.url.replace('http', 'ws')}/trpc`);
    const answer = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(answer)).toMatchObject({ id: null, error: { json: { data: { code: 'UNAUTHORIZED' } } } });
    expect(await new Promise((resolve) => socket.once('close', resolve))).toBeTruthy();
  });

  it('authenticate a browser WebSocket by its session cookie', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const socket = new WebSocket(`${api.server.url.replace('http', 'ws')}/trpc`, {
      headers: { cookie: `mas_session=${staff.token}` },
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({
        id: 1,
        method: 'subscription',
        params: { path: 'diagnosis.onChange', input: { json: undefined } },
      }),
    );
    const reply = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    expect(JSON.parse(reply)).toMatchObject({ id: 1, result: { type: 'started' } });
    socket.close();
  });

  it('end when the session ends (logout elsewhere)', async () => {
    realtimeSettings.sessionRecheckMs = 100;
    const chief = await userWithRole(api.server, 'Department Chief');
    const watcher = collect(chief.token);
    await watcher.ready();
    await callerFor(api.server, chief.user).auth.logout();
    await waitFor(() => watcher.errors.length > 0);
    expect(watcher.errors[0]).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    void watcher.stop();
    realtimeSettings.sessionRecheckMs = 60_000;
  });
});

describe('event bus', () => {
  it('delivers in process', async () => {
    const bus = createLocalBus();
    const got: unknown[] = [];
    const off = bus.subscribe('x', (payload) => got.push(payload));
    await bus.publish('x', { n: 1 });
    off();
    await bus.publish('x', { n: 2 });
    expect(got).toEqual([{ n: 1 }]);
  });

  it('delivers across processes through Redis, keeping dates', async () => {
    const url = inject('redisUrl');
    expect(url, 'redis-server is needed: apt-get install -y redis-server').toBeTruthy();
    const logger = createLogger('silent');
    const [a, b] = await Promise.all([createRedisBus(url!, logger), createRedisBus(url!, logger)]);
    const onA: unknown[] = [];
    const onB: unknown[] = [];
    a.subscribe('change:room', (payload) => onA.push(payload));
    b.subscribe('change:room', (payload) => onB.push(payload));
    const at = new Date('2026-01-02T03:04:05Z');
    await a.publish('change:room', { at });
    await waitFor(() => onB.length === 1);
    expect(onB).toEqual([{ at }]);
    expect(onA).toEqual([{ at }]);
    await Promise.all([a.close(), b.close()]);
  });
});

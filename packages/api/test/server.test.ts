import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { clientFor, useTestApi } from './helpers.ts';

const api = useTestApi({ WEB_ORIGIN: 'https://mas.example.org' });

describe('HTTP surface', () => {
  it('answers /healthz and /readyz while the database is up', async () => {
    expect(await (await fetch(`${api.server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: 'up' });
  });

  it('serves health.check through tRPC over HTTP', async () => {
    const { client, close } = clientFor(api.server);
    const health = await client.health.check.query();
    expect(health).toMatchObject({ status: 'ok', database: 'up' });
    void close();
  });

  it('sends security headers and no-store on API responses', async () => {
    const response = await fetch(`${api.server.url}/trpc/health.check`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses bodies over 100 KB', async () => {
    const response = await fetch(`${api.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'x'.repeat(200_000), password: 'y' } }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses state changes from a foreign origin, accepts the configured one', async () => {
    const post = (origin: string) =>
      fetch(`${api.server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ json: { username: 'nobody', password: 'nothing-here' } }),
      });
    expect((await post('https://evil.example.com')).status).toBe(403);
    expect((await post('https://mas.example.org')).status).toBe(401);
  });

  it('returns zod field errors for bad input, as codes with params (and in English)', async () => {
    const { client, close } = clientFor(api.server);
    const error = await client.auth.login.mutate({ username: '', password: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<never>).data as unknown as {
      code: string;
      httpStatus: number;
      appError: { code: string; params: object };
      fieldErrors: Record<string, Array<{ code: string; params: object }>>;
      zodError: { fieldErrors: Record<string, string[]> };
    };
    expect(data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(data.appError).toEqual({ code: 'request.invalidInput', params: {} });
    expect(data.fieldErrors.username).toEqual([{ code: 'validation.required', params: {} }]);
    expect(data.zodError.fieldErrors.username).toEqual(['Required']);
    void close();
  });

  it("sends a service's error as its code and params, with the English text as the message", async () => {
    const { client, close } = clientFor(api.server);
    const error = await client.auth.login
      .mutate({ username: 'nobody-at-all', password: 'not-the-password' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<never>).message).toBe('Incorrect username or password.');
    expect((error as TRPCClientError<never>).data).toMatchObject({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
      appError: { code: 'auth.badCredentials', params: {} },
      fieldErrors: null,
    });
    void close();
  });

  it('answers refusals before tRPC with codes too', async () => {
    const response = await fetch(`${api.server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"json": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { json: { data: unknown } } }).error.json.data).toEqual({
      code: 'PARSE_ERROR',
      httpStatus: 400,
      appError: { code: 'request.bodyNotJson', params: {} },
    });
  });
});

describe('WebSocket surface', () => {
  const open = (origin?: string) =>
    new Promise<number | 'open'>((done) => {
      const ws = new WebSocket(`${api.server.url.replace('http', 'ws')}/trpc`, origin ? { headers: { origin } } : {});
      ws.on('open', () => (ws.close(), done('open')));
      ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
      ws.on('error', () => done(0));
    });

  it('accepts clients without an Origin (scripts) and from the allowed origin', async () => {
    expect(await open()).toBe('open');
    expect(await open('https://mas.example.org')).toBe('open');
  });

  it('refuses a handshake from a foreign origin', async () => {
    expect(await open('https://evil.example.com')).toBe(403);
  });

  it('refuses other paths', async () => {
    const status = await new Promise<number>((done) => {
      const ws = new WebSocket(`${api.server.url.replace('http', 'ws')}/other`);
      ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
      ws.on('error', () => done(0));
    });
    expect(status).toBe(403);
  });
});

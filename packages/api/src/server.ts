import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import express, { type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import mongoose from 'mongoose';
import { pinoHttp } from 'pino-http';
import { WebSocketServer } from 'ws';
import { createContextFactory } from './context.ts';
import { connectDatabase, disconnectDatabase, isDatabaseUp } from './db/connection.ts';
import { allowedOrigins, type Env } from './env.ts';
import { jobDefinitions } from './jobs/definitions.ts';
import { createScheduler, type JobDefinition, type Scheduler } from './jobs/scheduler.ts';
import { createLogger, type Logger } from './logger.ts';
import {
  bodyErrors,
  checkTrpcRequest,
  MAX_BATCH_SIZE,
  refuseForbiddenKeys,
  sendTrpcError,
  verifyJsonBody,
} from './http-guards.ts';
import { createLocalBus, createRedisBus } from './realtime/bus.ts';
import { createConnections } from './realtime/connections.ts';
import { sessionsChanged } from './realtime/session-watch.ts';
import { appRouter } from './router.ts';
import { exportJobs } from './fhir/export/job.ts';
import { FHIR_BASE_PATH, fhirRouter } from './fhir/router.ts';
import { REST_BASE_PATH, restRouter } from './rest/router.ts';
import { bootstrap } from './bootstrap.ts';
import { createAppDeps } from './deps.ts';
import { listenForSessionChanges } from './domains/auth/session.ts';
import type { AppDeps } from './trpc.ts';

export interface ApiServer {
  deps: AppDeps;
  httpServer: http.Server;
  scheduler: Scheduler | undefined;
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Extra job definitions (tests). */
  jobs?: JobDefinition[];
}

/** Body size limit for tRPC requests; the largest real input is a few KB. */
const BODY_LIMIT = '100kb';
/** Largest WebSocket message accepted, in bytes. */
export const WS_MAX_PAYLOAD = 64 * 1024;

/**
 * Starts the whole API in this process: database, event bus, first-start data,
 * HTTP + WebSocket on one server, jobs. Resolves once it accepts connections.
 */
export async function startApiServer(env: Env, options: StartOptions = {}): Promise<ApiServer> {
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  if (!env.MONGODB_URI) throw new Error('MONGODB_URI is not set (main.ts resolves the local database first).');
  await connectDatabase(env.MONGODB_URI, env.MONGODB_DB, { monitorCommands: env.MAS_MONITOR_COMMANDS });
  const bus = env.REDIS_URL ? await createRedisBus(env.REDIS_URL, logger) : createLocalBus();
  const deps = createAppDeps(env, logger, bus);
  // A forget drops cached sessions, then sockets and subscriptions look at theirs again.
  listenForSessionChanges(deps, sessionsChanged);
  await bootstrap(deps);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  app.use(
    helmet({
      frameguard: { action: 'deny' },
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'none'"],
          'frame-ancestors': ["'none'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          // MUI's emotion injects <style> tags at run time.
          'style-src': ["'self'", "'unsafe-inline'"],
          'connect-src': ["'self'"],
        },
      },
    }),
  );
  // Request logs are info-level; below that the per-request child logger would be pure overhead.
  if (logger.isLevelEnabled('info')) {
    app.use(
      pinoHttp({
        logger,
        genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) ?? randomUUID(),
        // Query strings of tRPC GETs carry inputs (patient searches): log the path only.
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            path: req.url.split('?')[0],
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      }),
    );
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const up = await isDatabaseUp();
    res.status(up ? 200 : 503).json({ status: up ? 'ready' : 'unavailable', database: up ? 'up' : 'down' });
  });

  const origins = allowedOrigins(env);
  const connections = createConnections(deps);
  const createContext = createContextFactory(deps, connections);
  const checkOrigin: RequestHandler = (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // CSRF: SameSite=Lax cookies plus refusing state changes from foreign origins.
    if (req.method !== 'GET' && !isAllowedOrigin(req, origins)) {
      return sendTrpcError(res, 403, 'request.originRefused', {});
    }
    // Reads can have effects too (an audited read of a patient): no tRPC call may come
    // from another site's page, not even a GET a link or an <img> would send.
    if (req.headers['sec-fetch-site'] === 'cross-site' && !origins.includes(String(req.headers.origin))) {
      return sendTrpcError(res, 403, 'request.crossSite', {});
    }
    next();
  };
  app.use(
    '/trpc',
    checkOrigin,
    checkTrpcRequest,
    express.json({ limit: BODY_LIMIT, verify: verifyJsonBody, reviver: refuseForbiddenKeys }),
    bodyErrors(logger),
    createExpressMiddleware({
      router: appRouter,
      createContext,
      maxBatchSize: MAX_BATCH_SIZE,
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    }),
  );

  const scheduler = env.JOBS_ENABLED
    ? createScheduler(mongoose.connection.db!, env, logger, [
        ...jobDefinitions(deps),
        ...exportJobs(deps),
        ...(options.jobs ?? []),
      ])
    : undefined;
  // FHIR R4 (read API and bulk export) and the OpenAPI-described REST surface: the same sessions,
  // permissions and audit as /trpc, through the same procedures.
  app.use(
    FHIR_BASE_PATH,
    fhirRouter(deps, { origins, scheduler: () => scheduler, isAllowedOrigin: (req) => isAllowedOrigin(req, origins) }),
  );
  app.use(REST_BASE_PATH, restRouter(deps, { origins, isAllowedOrigin: (req) => isAllowedOrigin(req, origins) }));

  if (env.WEB_DIST && existsSync(env.WEB_DIST)) {
    const dist = env.WEB_DIST;
    // Hashed build assets never change; everything else is revalidated.
    app.use('/assets', express.static(join(dist, 'assets'), { index: false, maxAge: '1y', immutable: true }));
    app.use(express.static(dist, { index: false, maxAge: 0 }));
    app.get(/^(?!\/(?:trpc|fhir|api)(?:\/|$)).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, 'index.html'));
    });
  }

  // Anything else that fails outside a procedure answers as JSON too.
  app.use(bodyErrors(logger));

  const httpServer = http.createServer(app);
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  // A socket that never presents a session is closed after a few seconds.
  wss.on('connection', (socket) => connections.expectSignIn(socket));
  httpServer.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/trpc' || !isAllowedOrigin(req, origins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, path }, 'procedure failed');
    },
  });

  await scheduler?.start();

  await new Promise<void>((done) => httpServer.listen(env.PORT, env.HOST, done));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`;
  logger.info({ url }, 'MAS API listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let subscribers know to reconnect elsewhere, then drain.
      httpServer.close();
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.close(1012, 'server restarting');
      wss.close();
      httpServer.closeIdleConnections();
      await scheduler?.stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping jobs failed'));
      await bus.close();
      httpServer.closeAllConnections();
      await disconnectDatabase();
      logger.info('MAS API stopped');
    })());

  return { deps, httpServer, scheduler, url, close };
}

/** Same-origin requests, configured WEB_ORIGINs, and non-browser clients (no Origin header). */
function isAllowedOrigin(req: Request | http.IncomingMessage, origins: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (origins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

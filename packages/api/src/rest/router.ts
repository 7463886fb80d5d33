import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { TRPCError } from '@trpc/server';
import { getErrorShape, getHTTPStatusCodeFromError } from '@trpc/server/unstable-core-do-not-import';
import express, { type Request, type Response, type Router } from 'express';
import { sessionTokenOf } from '../context.ts';
import { authenticate } from '../domains/auth/session.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan, refuseForbiddenKeys } from '../http-guards.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory, type AppDeps, type Context } from '../trpc.ts';
import { REST_VERSION_PATH, openApiDocument } from './openapi.ts';
import { REST_OPERATIONS, type RestOperation } from './operations.ts';
import { coerce, objectShape, procedureInfo, takesNoInput } from './schemas.ts';

export const REST_BASE_PATH = '/api';
/** Same body limit as /trpc. */
const BODY_LIMIT = '100kb';

const createCaller = createCallerFactory(appRouter);
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

export interface RestOptions {
  origins: string[];
  isAllowedOrigin: (req: Request) => boolean;
}

/** Errors in tRPC's own shape (the same formatter: code, params, English text), with their HTTP status. */
function sendError(res: Response, error: TRPCError, ctx: Context | undefined, path: string, deps: AppDeps) {
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: 'unknown',
    path,
    input: undefined,
    ctx,
  });
  if (error.code === 'INTERNAL_SERVER_ERROR')
    deps.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
  res.status(getHTTPStatusCodeFromError(error)).json({ error: shape });
}

/** Reads a query string into an object: `a=1&a=2` → arrays, `sort[field]=name` → nested objects. */
function queryObject(req: Request): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of new URL(req.originalUrl, 'http://localhost').searchParams) {
    const match = /^(\w+)\[(\w+)\]$/.exec(rawKey);
    const [key, sub] = match ? [match[1]!, match[2]!] : [rawKey, undefined];
    if (['__proto__', 'constructor', 'prototype'].includes(key) || sub === '__proto__') continue;
    if (sub) {
      const nested = (out[key] ??= {}) as Record<string, unknown>;
      if (typeof nested === 'object') nested[sub] = value;
    } else if (key in out) {
      out[key] = ([] as unknown[]).concat(out[key], value);
    } else out[key] = value;
  }
  return out;
}

/** Express path from an OpenAPI template: /admissions/{id}/transfer → /admissions/:id/transfer. */
const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function handler(operation: RestOperation, deps: AppDeps) {
  const info = procedureInfo(operation.procedure);
  const shape = objectShape(info.input);
  return async (req: Request, res: Response) => {
    let ctx: Context | undefined;
    try {
      const token = sessionTokenOf(req);
      const user = token ? await authenticate(deps, token) : null;
      ctx = { deps, user, ip: req.ip ?? 'unknown', transport: 'http' };
      let input: unknown;
      if (!takesNoInput(info.input)) {
        const raw =
          operation.method === 'get'
            ? queryObject(req)
            : typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body)
              ? { ...(req.body as Record<string, unknown>) }
              : req.body;
        const fromPath = req.params as Record<string, string>;
        const merged = typeof raw === 'object' && raw !== null ? { ...raw, ...fromPath } : raw;
        input = shape || info.input ? coerce(info.input!, merged, operation.method === 'get') : merged;
        // An input with nothing but defaults: an empty query means "all defaults".
        if (operation.method === 'get' && merged && typeof merged === 'object' && !Object.keys(merged).length) {
          input = {};
        }
      }
      const caller = createCaller(ctx) as unknown as Record<
        string,
        Record<string, (input: unknown) => Promise<unknown>>
      >;
      const [namespace, name] = operation.procedure.split('.') as [string, string];
      const result = await caller[namespace]![name]!(input);
      res.status(200).json(result);
    } catch (error) {
      const trpc =
        error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error as Error });
      sendError(res, trpc, ctx, operation.procedure, deps);
    }
  };
}

/**
 * /api: the OpenAPI document, its browsable docs (Swagger UI served from this server, no
 * CDN) and the REST operations under /api/v1, each calling its tRPC procedure. The same
 * guards as /trpc: Origin and Sec-Fetch-Site checks, body limit, JSON depth, forbidden keys.
 */
export function restRouter(deps: AppDeps, options: RestOptions): Router {
  const router = express.Router();

  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(openApiDocument());
  });

  router.get('/docs', (req, res, next) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, `${REST_BASE_PATH}/docs/`);
    next();
  });
  router.get('/docs/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(DOCS_INIT);
  });
  router.use('/docs', express.static(swaggerUiDir, { index: false, maxAge: '1d', fallthrough: true, extensions: [] }));

  const api = express.Router();
  api.use((req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    const refuse = (message: string) =>
      sendError(res, new TRPCError({ code: 'FORBIDDEN', message }), undefined, req.path, deps);
    if (req.method !== 'GET' && !options.isAllowedOrigin(req)) return refuse('Requests from this origin are refused');
    if (req.headers['sec-fetch-site'] === 'cross-site' && !options.origins.includes(String(req.headers.origin))) {
      return refuse('Cross-site requests are refused');
    }
    next();
  });
  api.use(
    express.json({
      limit: BODY_LIMIT,
      verify: (_req, _res, buffer) => {
        if (nestsDeeperThan(buffer.toString('utf8'), MAX_JSON_DEPTH)) {
          throw Object.assign(new Error(`JSON nests deeper than ${MAX_JSON_DEPTH}`), { status: 400 });
        }
      },
      reviver: refuseForbiddenKeys,
    }),
  );
  for (const operation of REST_OPERATIONS) {
    api[operation.method](expressPath(operation.path), handler(operation, deps));
  }
  api.use((req, res) => {
    sendError(
      res,
      new TRPCError({ code: 'NOT_FOUND', message: `No operation ${req.method} ${req.path}` }),
      undefined,
      req.path,
      deps,
    );
  });
  // Bodies refused by the parser: too large, not JSON, too deep, prototype keys.
  api.use(
    (error: { status?: number; type?: string; message?: string }, req: Request, res: Response, _next: unknown) => {
      const code = error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
      const message =
        error.type === 'entity.parse.failed' ? 'The body is not valid JSON' : (error.message ?? 'Bad request');
      sendError(res, new TRPCError({ code, message }), undefined, req.path, deps);
    },
  );
  router.use(REST_VERSION_PATH, api);

  router.use((req, res) => {
    sendError(
      res,
      new TRPCError({ code: 'NOT_FOUND', message: `No such path ${req.path}` }),
      undefined,
      req.path,
      deps,
    );
  });
  return router;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>MAS API</title>
    <link rel="stylesheet" href="./swagger-ui.css" />
    <link rel="icon" type="image/png" href="./favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js"></script>
    <script src="./init.js"></script>
  </body>
</html>
`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: '../openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  withCredentials: true,
});
`;

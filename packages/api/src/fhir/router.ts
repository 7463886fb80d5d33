import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { sessionTokenOf } from '../context.ts';
import { authenticate } from '../domains/auth/session.ts';
import { API_VERSION } from '../domains/health/router.ts';
import type { Scheduler } from '../jobs/scheduler.ts';
import type { AppDeps, SessionUser } from '../trpc.ts';
import { callerAs, clientIp } from './caller.ts';
import { capabilityStatement } from './capability.ts';
import { exportRoutes } from './export/routes.ts';
import { sendFailure, sendResource } from './http.ts';
import { badRequest, FhirError, operationOutcome } from './outcome.ts';
import { DEFAULT_COUNT, MAX_COUNT } from './params.ts';
import { moduleOf } from './registry.ts';
import type { ResourceModule, SearchRequest } from './types.ts';

export const FHIR_BASE_PATH = '/fhir/R4';

export interface FhirOptions {
  /** Browser origins allowed besides the API's own (WEB_ORIGIN). */
  origins: string[];
  /** The job scheduler (bulk export runs as an Agenda job); undefined where this process runs no jobs. */
  scheduler: () => Scheduler | undefined;
  isAllowedOrigin: (req: Request) => boolean;
}

/** The server's base URL as the client reached it (behind a trusted proxy, as the proxy reports it). */
export const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host')}${FHIR_BASE_PATH}`;

/** The signed-in user of a FHIR request (set by `requireSession`). */
export const userOf = (res: Response) => res.locals.user as SessionUser;

/** Parameters every search takes besides the type's own. */
const PAGING_PARAMS = new Set(['_count', '_page', '_format']);

function searchRequest(module: ResourceModule, req: Request): SearchRequest {
  const query = new URL(req.originalUrl, 'http://localhost').searchParams;
  const allowed = new Set(module.searchParams.map((param) => param.name));
  const params = new Map<string, string[]>();
  for (const [name, value] of query) {
    if (PAGING_PARAMS.has(name)) continue;
    if (!allowed.has(name)) {
      throw badRequest(`Unknown or unsupported search parameter "${name}" for ${module.type}`);
    }
    if (value === '') continue;
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw badRequest(`${name} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  const format = query.get('_format');
  if (format !== null && !['json', 'application/json', 'application/fhir+json'].includes(format)) {
    throw badRequest('_format: only JSON is supported');
  }
  return {
    params,
    count: integer('_count', DEFAULT_COUNT, 1, MAX_COUNT),
    page: integer('_page', 1, 1, 100_000),
  };
}

function searchBundle(
  base: string,
  module: ResourceModule,
  request: SearchRequest,
  result: { resources: Resource[]; total: number; included?: Resource[] },
): Bundle {
  const pageUrl = (page: number) => {
    const query = new URLSearchParams();
    for (const [name, values] of request.params) for (const value of values) query.append(name, value);
    query.set('_count', String(request.count));
    query.set('_page', String(page));
    return `${base}/${module.type}?${query.toString()}`;
  };
  const last = Math.max(1, Math.ceil(result.total / request.count));
  const link: BundleLink[] = [
    { relation: 'self', url: pageUrl(request.page) },
    { relation: 'first', url: pageUrl(1) },
    ...(request.page > 1 ? [{ relation: 'previous', url: pageUrl(Math.min(request.page - 1, last)) }] : []),
    ...(request.page < last ? [{ relation: 'next', url: pageUrl(request.page + 1) }] : []),
    { relation: 'last', url: pageUrl(last) },
  ];
  const entry = (resource: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: result.total,
    link,
    entry: [
      ...result.resources.map((resource) => entry(resource, 'match')),
      ...(result.included ?? []).map((resource) => entry(resource, 'include')),
    ],
  };
}

/**
 * The FHIR R4 read API, mounted at /fhir/R4 on the API's Express app: the same sessions
 * (bearer token or cookie), the same permission matrix and audit (every read goes through
 * the tRPC procedure that serves it), the same Origin and Sec-Fetch-Site checks.
 */
export function fhirRouter(deps: AppDeps, options: FhirOptions): Router {
  const router = express.Router();
  const { logger } = deps;

  router.use((req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && !options.isAllowedOrigin(req)) {
      return sendResource(res, 403, operationOutcome('forbidden', 'Requests from this origin are refused'));
    }
    // Reads are audited disclosures: none may come from another site's page.
    if (req.headers['sec-fetch-site'] === 'cross-site' && !options.origins.includes(String(req.headers.origin))) {
      return sendResource(res, 403, operationOutcome('forbidden', 'Cross-site requests are refused'));
    }
    next();
  });

  router.get('/metadata', (req, res) => {
    sendResource(res, 200, capabilityStatement(baseUrlOf(req), API_VERSION, new Date()));
  });

  const requireSession: RequestHandler = async (req, res, next) => {
    try {
      const token = sessionTokenOf(req);
      const user = token ? await authenticate(deps, token) : null;
      if (!user) throw new FhirError(401, 'login', 'Sign in first: send Authorization: Bearer <token>');
      if (user.mustChangePassword) throw new FhirError(403, 'forbidden', 'Change your password before using the API');
      res.locals.user = user;
      next();
    } catch (error) {
      sendFailure(res, error, logger, 'session');
    }
  };
  router.use(requireSession);

  exportRoutes(router, deps, options);

  router.get('/:type', async (req, res) => {
    const type = String(req.params.type);
    try {
      const module = moduleOf(type);
      if (!module) throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported`);
      const request = searchRequest(module, req);
      const caller = callerAs(deps, userOf(res), clientIp(req));
      const result = await module.search(caller, request);
      sendResource(res, 200, searchBundle(baseUrlOf(req), module, request, result));
    } catch (error) {
      sendFailure(res, error, logger, `search ${type}`);
    }
  });

  router.get('/:type/:id', async (req, res) => {
    const type = String(req.params.type);
    try {
      const module = moduleOf(type);
      if (!module) throw new FhirError(404, 'not-supported', `Resource type ${type} is not supported`);
      const caller = callerAs(deps, userOf(res), clientIp(req));
      sendResource(res, 200, await module.read(caller, String(req.params.id)));
    } catch (error) {
      sendFailure(res, error, logger, `read ${type}`);
    }
  });

  router.use((req, res) => {
    const status = req.method === 'GET' ? 404 : 405;
    sendResource(
      res,
      status,
      operationOutcome('not-supported', status === 404 ? 'Unknown FHIR path' : 'This FHIR API is read-only'),
    );
  });
  return router;
}

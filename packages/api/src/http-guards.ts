import type { ErrorRequestHandler, RequestHandler } from 'express';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { englishText, statusOf, type TErrorCode, type TErrorParams } from '@mas/shared';
import type { Logger } from './logger.ts';

/**
 * What reaches /trpc before tRPC does: refusals here answer in tRPC's error shape
 * (as superjson sends it) with a 4xx status, never Express's HTML page or a stack.
 */

/** Deepest JSON nesting accepted; real inputs stay under 10. */
export const MAX_JSON_DEPTH = 32;
/** Calls one HTTP batch may carry (the web client's batch link uses the same number). */
export const MAX_BATCH_SIZE = 25;
/** Procedures that guess or set a password: each must come alone, never in a batch. */
const UNBATCHABLE = new Set(['auth.login', 'auth.changePassword']);
/** Keys that could reach an object's prototype if any code merged input naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Bad input refused before tRPC; always 400 BAD_REQUEST. (body-parser strips own
 * properties off errors thrown inside JSON.parse, so its code and params are kept aside.)
 */
class RequestRefused extends Error {}
const refusals = new WeakMap<RequestRefused, { code: TErrorCode; params: Record<string, unknown> }>();

function refused<C extends TErrorCode>(code: C, params: TErrorParams<C>): RequestRefused {
  const error = new RequestRefused(englishText(code, params));
  refusals.set(error, { code, params });
  return error;
}

/** Answers in tRPC's error shape, with the code from @mas/shared's list, its params and English text. */
export function sendTrpcError<C extends TErrorCode>(
  res: Parameters<RequestHandler>[1],
  httpStatus: number,
  code: C,
  params: TErrorParams<C>,
) {
  const status = statusOf(code);
  res.status(httpStatus).json({
    error: {
      json: {
        message: englishText(code, params),
        code: TRPC_ERROR_CODES_BY_KEY[status],
        data: { code: status, httpStatus, appError: { code, params } },
      },
    },
  });
}

function sendRefusal(res: Parameters<RequestHandler>[1], error: RequestRefused) {
  const { code, params } = refusals.get(error) ?? { code: 'request.unreadable', params: {} };
  return sendTrpcError(res, 400, code, params as never);
}

/** Whether `text` nests arrays and objects deeper than `max` (strings are skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92 /* \ */) i++;
      else if (char === 34 /* " */) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 /* { */ || char === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (char === 125 /* } */ || char === 93 /* ] */) depth--;
  }
  return false;
}

/** JSON.parse reviver: refuses prototype-shaped keys wherever they appear. */
export function refuseForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw refused('request.forbiddenKey', { key });
  return value;
}

/** express.json's `verify`: the raw body is checked for depth before it is parsed. */
export function verifyJsonBody(_req: unknown, _res: unknown, buffer: Buffer): void {
  if (nestsDeeperThan(buffer.toString('utf8'), MAX_JSON_DEPTH)) {
    throw refused('request.tooDeep', { max: MAX_JSON_DEPTH });
  }
}

/**
 * Checks a tRPC request's shape before tRPC parses it: batch size, password calls
 * alone, and a GET's `input` (depth and forbidden keys) the same as a body.
 */
export const checkTrpcRequest: RequestHandler = (req, res, next) => {
  const paths = decodeSafely(req.path.slice(1)).split(',');
  if (paths.length > MAX_BATCH_SIZE) {
    return sendTrpcError(res, 400, 'request.batchTooLarge', { max: MAX_BATCH_SIZE });
  }
  if (paths.length > 1 && paths.some((path) => UNBATCHABLE.has(path))) {
    return sendTrpcError(res, 400, 'request.authAlone', {});
  }
  if (req.method === 'GET') {
    const input = new URL(req.originalUrl, 'http://localhost').searchParams.get('input');
    if (input !== null) {
      if (nestsDeeperThan(input, MAX_JSON_DEPTH)) {
        return sendTrpcError(res, 400, 'request.tooDeep', { max: MAX_JSON_DEPTH });
      }
      try {
        JSON.parse(input, refuseForbiddenKeys);
      } catch (error) {
        return error instanceof RequestRefused
          ? sendRefusal(res, error)
          : sendTrpcError(res, 400, 'request.badJson', {});
      }
    }
  }
  next();
};

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** After express.json: malformed, oversized, deep or prototype-keyed bodies answer as JSON. */
export function bodyErrors(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof RequestRefused) return sendRefusal(res, error);
    const failure = error as { type?: string; status?: number };
    if (failure.type === 'entity.too.large') {
      return sendTrpcError(res, 413, 'request.tooLarge', {});
    }
    if (failure.type === 'entity.parse.failed') {
      return sendTrpcError(res, 400, 'request.bodyNotJson', {});
    }
    if (typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500) {
      return sendTrpcError(res, failure.status, 'request.unreadable', {});
    }
    logger.error({ err: error }, 'request failed before reaching a procedure');
    return sendTrpcError(res, 500, 'server.internal', {});
  };
}

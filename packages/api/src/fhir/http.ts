import type { Response } from 'express';
import type { Resource } from '@medplum/fhirtypes';
import type { Logger } from '../logger.ts';
import { outcomeOf } from './outcome.ts';

export const FHIR_JSON = 'application/fhir+json';

export function sendResource(res: Response, status: number, resource: Resource | Record<string, unknown>) {
  res.status(status).type(`${FHIR_JSON}; charset=utf-8`).send(JSON.stringify(resource));
}

/** Every failure answers as an OperationOutcome; an unexpected one is logged (without the request's data). */
export function sendFailure(res: Response, error: unknown, logger: Logger, what: string) {
  const { status, outcome, internal } = outcomeOf(error);
  if (internal) logger.error({ err: error, what }, 'FHIR request failed');
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="MAS"');
  sendResource(res, status, outcome);
}

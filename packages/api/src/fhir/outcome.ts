import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import { AppError } from '../errors.ts';

type IssueCode = OperationOutcomeIssue['code'];

/** A failure that leaves the FHIR API as an OperationOutcome with an HTTP status. */
export class FhirError extends Error {
  override name = 'FhirError';
  constructor(
    readonly status: number,
    readonly issueCode: IssueCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (type: string, id: string) =>
  new FhirError(404, 'not-found', `${type}/${id} is not known to this server`);
export const badRequest = (message: string) => new FhirError(400, 'invalid', message);

export function operationOutcome(issueCode: IssueCode, diagnostics: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: issueCode, diagnostics }],
  };
}

const ISSUE_BY_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  429: 'throttled',
};

/**
 * Any failure as status + OperationOutcome: FhirErrors as they are, tRPC errors (the
 * procedures behind every read) by their HTTP status, anything else as a 500 with no details.
 */
export function outcomeOf(error: unknown): { status: number; outcome: OperationOutcome; internal: boolean } {
  if (error instanceof FhirError) {
    return { status: error.status, outcome: operationOutcome(error.issueCode, error.message), internal: false };
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
    const status = getHTTPStatusCodeFromError(error);
    const message = error.cause instanceof AppError ? error.cause.message : error.message;
    return {
      status,
      outcome: operationOutcome(ISSUE_BY_STATUS[status] ?? 'processing', message),
      internal: false,
    };
  }
  return { status: 500, outcome: operationOutcome('exception', 'Internal server error'), internal: true };
}

/** The value, or null when the record does not exist (other failures, e.g. 403, still throw). */
export async function unlessMissing<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

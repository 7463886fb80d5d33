import { TRPCError } from '@trpc/server';
import {
  englishText,
  fieldErrorOf,
  statusOf,
  type TAppErrorOf,
  type TErrorCode,
  type TErrorParams,
  type TFieldError,
  type TFieldErrors,
} from '@mas/shared';
import { MongoServerError } from 'mongodb';
import mongoose from 'mongoose';

/**
 * What services throw: a code from the closed list in @mas/shared and exactly the params its
 * schema names (a wrong or missing param fails the type-check). `toTRPCError` is the one place
 * that maps it for clients; the error formatter sends code, params and the English text.
 */
export class AppError<C extends TErrorCode = TErrorCode> extends Error {
  override name = 'AppError';
  readonly code: C;
  readonly params: TErrorParams<C>;
  /** Field errors shown beside form fields, like zod's: codes too. */
  readonly fieldErrors?: TFieldErrors;
  constructor(code: C, params: TErrorParams<C>, fieldErrors?: TFieldErrors) {
    super(englishText(code, params));
    this.code = code;
    this.params = params;
    if (fieldErrors) this.fieldErrors = fieldErrors;
  }

  /** The same from a code and params already checked (a field error's, a config's). */
  static of(error: TAppErrorOf | TFieldError, fieldErrors?: TFieldErrors): AppError {
    const { code, params } = fieldErrorOf(error);
    return new AppError(code, params as never, fieldErrors);
  }

  /** The tRPC code it travels with (BAD_REQUEST, CONFLICT…), fixed by the code's row. */
  get status() {
    return statusOf(this.code);
  }

  /** Code and params as they travel. */
  get appError(): TAppErrorOf {
    return { code: this.code, params: this.params } as TAppErrorOf;
  }
}

/** A TRPCError that carries an AppError (for the places that must throw tRPC's own type). */
export function trpcError<C extends TErrorCode>(code: C, params: TErrorParams<C>): TRPCError {
  const cause = new AppError(code, params);
  return new TRPCError({ code: cause.status, message: cause.message, cause });
}

/** Field errors in their travelling form: every field's codes and params. */
export function wireFieldErrors(errors: TFieldErrors): Record<string, TAppErrorOf[]> {
  const out: Record<string, TAppErrorOf[]> = {};
  for (const [field, error] of Object.entries(errors)) if (error) out[field] = [fieldErrorOf(error)];
  return out;
}

export function isDuplicateKeyError(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === 11000;
}

/** The index keys a duplicate-key error names, e.g. ['nameKey']. */
export function duplicateKeyFields(error: MongoServerError): string[] {
  const pattern = (error.keyPattern ?? error.keyValue) as Record<string, unknown> | undefined;
  if (pattern) return Object.keys(pattern);
  // FerretDB's message carries the index name instead of keyPattern.
  const match = /index:\s*(\S+)/.exec(error.message);
  return match?.[1] ? match[1].replace(/_-?1/g, ' ').trim().split(/\s+/) : [];
}

const FIELD_LABELS: Record<string, string> = { nameKey: 'name', usernameKey: 'username', userId: 'user' };

const asTRPCError = (error: AppError) => new TRPCError({ code: error.status, message: error.message, cause: error });
/** An AppError standing for a database error, which stays its cause (for the server's log). */
const standingFor = (error: AppError, cause: unknown) => Object.assign(error, { cause });

/** Maps anything a procedure throws to a TRPCError clients can act on (its cause an AppError where it has a code). */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) return asTRPCError(error);
  if (isDuplicateKeyError(error)) {
    const fields = duplicateKeyFields(error).map((field) => FIELD_LABELS[field] ?? field);
    const field = fields.length ? fields.join(', ') : 'value';
    return asTRPCError(standingFor(new AppError('record.duplicate', { field }), error));
  }
  if (error instanceof mongoose.Error.CastError) {
    return asTRPCError(standingFor(new AppError('record.invalidValue', { field: error.path }), error));
  }
  if (error instanceof mongoose.Error.ValidationError) {
    // The details (which field, why) stay in the server's log.
    return asTRPCError(standingFor(new AppError('record.invalid', {}), error));
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', cause: error });
}

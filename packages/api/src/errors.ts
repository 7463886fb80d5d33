import { TRPCError } from '@trpc/server';
import { MongoServerError } from 'mongodb';
import mongoose from 'mongoose';

export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS';

/** What services throw; `toTRPCError` is the one place that maps it for clients. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Field errors shown beside form fields, like zod's. */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
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

/** Maps anything a procedure throws to a TRPCError clients can act on. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  if (isDuplicateKeyError(error)) {
    const fields = duplicateKeyFields(error).map((field) => FIELD_LABELS[field] ?? field);
    const what = fields.length ? fields.join(', ') : 'value';
    return new TRPCError({ code: 'CONFLICT', message: `Another record already uses this ${what}.`, cause: error });
  }
  if (error instanceof mongoose.Error.CastError) {
    return new TRPCError({ code: 'BAD_REQUEST', message: `Invalid value for ${error.path}.`, cause: error });
  }
  if (error instanceof mongoose.Error.ValidationError) {
    return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', cause: error });
}

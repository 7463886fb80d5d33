import { ERROR_CODES, ERRORS, englishText, issueError, paramNamesOf, placeholdersOf } from '@mas/shared';
import { MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toTRPCError } from '../src/errors.ts';

/* The error contract without a server: codes, params and English texts. */

describe('AppError', () => {
  it('carries a code, exactly its params, the English text and the tRPC status', () => {
    const error = new AppError(
      'admission.bedOccupied',
      { room: '101', bed: 3, occupant: 'Ana Ruiz' },
      { bed: 'field.occupied' },
    );
    expect(error).toMatchObject({
      code: 'admission.bedOccupied',
      params: { room: '101', bed: 3, occupant: 'Ana Ruiz' },
      fieldErrors: { bed: 'field.occupied' },
      status: 'CONFLICT',
      message: 'Bed 3 of Room 101 is occupied by Ana Ruiz.',
    });
    expect(new AppError('room.noSuchBed', { room: 'Sala 2', count: 1 }).message).toBe('Sala 2 has 1 bed.');
  });

  it('will not type-check with params that do not match the code', () => {
    // Never run: `tsc -b` checks that each of these is refused.
    const mistakes = () => [
      // @ts-expect-error: a param is missing
      new AppError('auth.throttled', {}),
      // @ts-expect-error: a param of the wrong type
      new AppError('auth.throttled', { seconds: 'soon' }),
      // @ts-expect-error: a param the code does not have
      new AppError('auth.badCredentials', { username: 'x' }),
      // @ts-expect-error: a code that is not on the list
      new AppError('auth.nope', {}),
      // @ts-expect-error: a field error's code that needs params, given none
      new AppError('user.roleIsNot', { role: 'Patient' }, { userId: 'field.roleMustBe' }),
    ];
    expect(mistakes).toBeTypeOf('function');
  });

  it('maps database errors to codes, keeping the original as the cause', () => {
    const duplicate = new MongoServerError({
      message: 'E11000 duplicate key',
      code: 11000,
      keyPattern: { nameKey: 1 },
    });
    const mapped = toTRPCError(duplicate);
    expect(mapped.code).toBe('CONFLICT');
    expect(mapped.cause).toMatchObject({ code: 'record.duplicate', params: { field: 'name' }, cause: duplicate });
    const cast = new mongoose.Error.CastError('ObjectId', 'x', 'roomId');
    expect(toTRPCError(cast).cause).toMatchObject({ code: 'record.invalidValue', params: { field: 'roomId' } });
  });
});

describe('the list of codes', () => {
  it.each(ERROR_CODES)("%s: the English text's placeholders are its params", (code) => {
    const en = ERRORS[code].en;
    for (const text of typeof en === 'string' ? [en] : [en.one, en.other]) {
      expect(placeholdersOf(text), text).toEqual(paramNamesOf(code));
    }
  });

  it("turns zod issues into codes, the shared schemas' own messages included", () => {
    const schema = z.strictObject({ password: z.string().min(8, 'validation.minPassword'), name: z.string().max(3) });
    const issues = schema.safeParse({ password: 'x', name: 'long', extra: 1 }).error!.issues;
    expect(issues.map(issueError)).toEqual(
      expect.arrayContaining([
        { code: 'validation.minPassword', params: {} },
        { code: 'validation.maxChars', params: { count: 3 } },
        { code: 'validation.unknownKeys', params: { keys: 'extra' } },
      ]),
    );
    expect(englishText('validation.maxChars', { count: 3 })).toBe('At most 3 characters');
  });
});

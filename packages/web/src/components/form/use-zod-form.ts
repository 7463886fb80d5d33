import { zodResolver } from '@hookform/resolvers/zod';
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormReturn,
} from 'react-hook-form';
import { useEffect } from 'react';
import type { z } from 'zod';
import { i18n } from '../../i18n/index.ts';
import { fieldErrorsOf } from '../../lib/errors.ts';
import './zod-messages.ts';

interface Options<F extends FieldValues, Out> {
  /** A schema from @mas/shared (optionally extended for confirm fields). */
  schema: z.ZodType<Out>;
  defaultValues: DefaultValues<F>;
  /**
   * Turns what the inputs hold into what the schema expects: "" → undefined for optional
   * fields, "3" → 3 for numbers. Inputs work with strings; the API's schema decides.
   */
  prepare?: (values: F) => unknown;
  /** Schema fields shown by another input, e.g. roomId and bed by one "room and bed" picker. */
  aliases?: Readonly<Record<string, string>>;
}

/** react-hook-form validated by the API's own zod schema, so the browser and the server agree. */
export function useZodForm<F extends FieldValues, Out extends FieldValues>({
  schema,
  defaultValues,
  prepare,
  aliases,
}: Options<F, Out>): UseFormReturn<F, unknown, Out> {
  const inner = zodResolver(schema as z.ZodType<Out, FieldValues>) as unknown as Resolver<FieldValues, unknown, Out>;
  const resolver: Resolver<F, unknown, Out> = async (values, context, options) => {
    const result = await inner((prepare ? prepare(values) : values) as FieldValues, context, options as never);
    if (aliases) {
      const errors = result.errors as Record<string, unknown>;
      for (const [from, to] of Object.entries(aliases)) {
        if (errors[from] && !errors[to]) errors[to] = errors[from];
        delete errors[from];
      }
    }
    return result as never;
  };
  // Errors appear on submit, then follow each keystroke; leaving an empty field is not an error yet.
  const form = useForm<F, unknown, Out>({ defaultValues, resolver, mode: 'onSubmit', reValidateMode: 'onChange' });
  // Messages are written in the language of the moment: re-check shown errors when it changes.
  const { trigger, getFieldState, getValues } = form;
  useEffect(() => {
    const relocalize = () => {
      // getFieldState reads the form's live state (formState would be this render's snapshot).
      const names = (Object.keys(getValues()) as Path<F>[]).filter((name) => {
        const { error } = getFieldState(name);
        return error !== undefined && error.type !== 'server';
      });
      if (names.length) void trigger(names);
    };
    i18n.on('languageChanged', relocalize);
    return () => i18n.off('languageChanged', relocalize);
  }, [trigger, getFieldState, getValues]);
  return form;
}

/**
 * Puts the server's field errors beside the fields they name; returns false when none
 * matched a field here (the caller then shows the message above the form).
 */
export function applyServerErrors<F extends FieldValues, Out>(
  form: UseFormReturn<F, unknown, Out>,
  error: unknown,
  fields: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): boolean {
  let matched = false;
  for (const [name, message] of Object.entries(fieldErrorsOf(error))) {
    const field = aliases[name] ?? name;
    if (!fields.includes(field)) continue;
    form.setError(field as Path<F>, { type: 'server', message }, { shouldFocus: !matched });
    matched = true;
  }
  return matched;
}

/** "" and whitespace become undefined, for optional fields the schema rejects when blank. */
export const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** "" and whitespace become null: "none" for the optional fields an edit may clear. */
export const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** A number input's text as a number (or undefined when blank, so "Required" shows). */
export const toNumber = (value: unknown) => {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return Number(value);
};

import { useSnackbar } from 'notistack';
import { useState, type FormEvent } from 'react';
import type { DefaultValues, FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import { useT } from '../../i18n/use-t.ts';
import { conflictNeedsBanner, describeError } from '../../lib/errors.ts';
import { applyServerErrors, useZodForm } from '../form/use-zod-form.ts';
import type { MutationLike } from './types.ts';

interface Options<F extends FieldValues, Out extends FieldValues, Row extends { id: string; version: number }> {
  /** The record being edited, or null to create one. */
  row: Row | null;
  /** The shared create schema (or the edit subset of it when editing). */
  schema: z.ZodType<Out>;
  defaultValues: DefaultValues<F>;
  prepare?: (values: F) => unknown;
  aliases?: Readonly<Record<string, string>>;
  create: MutationLike<Out>;
  update: MutationLike<{ id: string; data: Out; version?: number }>;
  /** The name shown in the success message (from what was sent, or what the server returned). */
  nameOf(values: Out, saved: unknown): string;
  /** Form field names, so server field errors land beside the right input. */
  fields: readonly string[];
  onSaved(): void;
}

/**
 * Create-or-edit for any entity: validates with the shared schema, sends the record's
 * version with edits (a stale edit gets CONFLICT instead of overwriting), shows server
 * field errors beside their fields and everything else above the form.
 */
export function useEntityForm<
  F extends FieldValues,
  Out extends FieldValues,
  Row extends { id: string; version: number },
>(options: Options<F, Out, Row>) {
  const { row, schema, defaultValues, prepare, aliases, create, update, nameOf, fields, onSaved } = options;
  const { t } = useT();
  const { enqueueSnackbar } = useSnackbar();
  const [error, setError] = useState<string | null>(null);
  const form = useZodForm<F, Out>({
    schema,
    defaultValues,
    ...(prepare ? { prepare } : {}),
    ...(aliases ? { aliases } : {}),
  });

  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const saved = row
        ? await update.mutateAsync({ id: row.id, data: values, version: row.version })
        : await create.mutateAsync(values);
      enqueueSnackbar(t(row ? 'toasts.updated' : 'toasts.created', { name: nameOf(values, saved) }), {
        variant: 'success',
      });
      onSaved();
    } catch (cause) {
      // A conflict's message names what is in the way (the occupant of a bed): shown whole, above the form.
      const placed = applyServerErrors(form, cause, fields, aliases);
      if (!placed || conflictNeedsBanner(cause)) setError(describeError(cause));
    }
  });

  const pending = create.isPending || update.isPending;
  const editing = row !== null;
  /** What every entity's FormDialog takes from here; each form adds its title and onClose. */
  const dialogProps = {
    open: true,
    onSubmit: (event: FormEvent<HTMLFormElement>) => void submit(event),
    submitLabel: t(editing ? 'actions.save' : 'actions.create'),
    pending,
    error,
    testId: 'entity-form',
  };
  return { form, submit, pending, error, editing, dialogProps };
}

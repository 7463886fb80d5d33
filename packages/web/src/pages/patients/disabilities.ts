import { NONE_DISABILITY_KEY } from '@mas/shared';
import { tAny } from '../../i18n/use-t.ts';

/** The seeded "None" disability (its stored name is English). */
export const isNoneDisability = (disability: { name: string }) =>
  disability.name.trim().toLowerCase() === NONE_DISABILITY_KEY;

export const disabilityLabel = (name: string) =>
  isNoneDisability({ name }) ? tAny('clinical:patient.noneDisability') : name;

/** The seeded "None" description ("No disability", stored in English) in the reader's language. */
export const disabilityDescription = (name: string, description: string) =>
  isNoneDisability({ name }) && description.trim() === 'No disability'
    ? tAny('clinical:patient.noneDisabilityDescription')
    : description;

import { NONE_DISABILITY_KEY } from '@mas/shared';
import { tAny } from '../../i18n/use-t.ts';

/** The seeded "None" disability (its stored name is English). */
export const isNoneDisability = (disability: { name: string }) =>
  disability.name.trim().toLowerCase() === NONE_DISABILITY_KEY;

export const disabilityLabel = (name: string) =>
  isNoneDisability({ name }) ? tAny('clinical:patient.noneDisability') : name;

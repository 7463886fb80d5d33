import type { TBuiltInRole } from '@mas/shared';
import { i18n } from '../i18n/index.ts';
import { tAny } from '../i18n/use-t.ts';

/**
 * The built-in role names have translations; checking the resources (not BUILT_IN_ROLES from
 * @mas/shared) keeps zod out of the first load, as the app shell shows role names too.
 */
const isBuiltIn = (name: string): name is TBuiltInRole => i18n.exists(`entities:role.builtInNames.${name}`);

/** Built-in roles are stored in English; people read them in their language. Custom roles keep their name. */
export function roleLabel(name: string): string {
  return isBuiltIn(name) ? tAny(`entities:role.builtInNames.${name}`) : name;
}

/** The seeded description of a built-in role ("Nurse (built-in)") translated; edited ones stay as written. */
export function roleDescription(name: string, description: string): string {
  return isBuiltIn(name) && description === `${name} (built-in)`
    ? tAny('entities:role.builtInDescription', { name: roleLabel(name) })
    : description;
}

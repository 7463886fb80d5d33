// Compile-time proof that the web app is checked against the API's router:
// if a misspelt procedure or a wrong input ever stops being an error, `tsc -b` fails here.
import type { RouterInputs } from '@mas/api';
import { trpc } from './lib/trpc.ts';

export function contractCheck() {
  // @ts-expect-error: there is no procedure called "lst"
  void trpc.specialty.lst;
  // @ts-expect-error: login needs a password
  const bad: RouterInputs['auth']['login'] = { username: 'a' };
  return bad;
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTITIES } from '@mas/shared';
import dayjs from 'dayjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// i18n/index.ts records missing keys on `window` when loaded; these tests run in node.
vi.hoisted(() => {
  (globalThis as { window?: unknown }).window ??= {};
});

import { i18n } from '../i18n/index.ts';
import en from '../locales/en/index.ts';
import es from '../locales/es/index.ts';
import { describeError, translateMessage } from './errors.ts';

/*
 * Every message the API can send is read from its source, turned into sample strings and
 * translated: a new message (or a new value in one) without a translation fails here.
 */

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const API_SRC = join(repo, 'packages/api/src');
const SHARED_SRC = join(repo, 'packages/shared/src');

const sourceFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => ({ file: relative(dir, join(dir, file)), src: readFileSync(join(dir, file), 'utf8') }));

const apiFiles = sourceFiles(API_SRC);
const sharedFiles = sourceFiles(SHARED_SRC);
const apiSource = (file: string) => apiFiles.find((f) => f.file === file)?.src ?? '';

// ——— A small reader of TypeScript expressions: literals, templates, ternaries, `??`, consts ———

const QUOTES = new Set(["'", '"', '`']);

/** The index just past the string or template literal that starts at `i`. */
function skipLiteral(src: string, i: number): number {
  const quote = src[i];
  for (let j = i + 1; j < src.length; ) {
    const c = src[j];
    if (c === '\\') j += 2;
    else if (c === quote) return j + 1;
    else if (quote === '`' && c === '$' && src[j + 1] === '{') j = skipBracket(src, j + 1);
    else j++;
  }
  throw new Error(`Unterminated literal: ${src.slice(i, i + 60)}`);
}

/** The index just past the bracket that closes the one at `i`. */
function skipBracket(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; ) {
    const c = src[j]!;
    if (QUOTES.has(c)) {
      j = skipLiteral(src, j);
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && --depth === 0) return j + 1;
    j++;
  }
  throw new Error(`Unbalanced: ${src.slice(i, i + 60)}`);
}

/** Indexes of `token` outside literals and brackets. */
function topLevel(src: string, token: string): number[] {
  const found: number[] = [];
  for (let j = 0; j < src.length; ) {
    const c = src[j]!;
    if (QUOTES.has(c)) j = skipLiteral(src, j);
    else if ('([{'.includes(c)) j = skipBracket(src, j);
    else {
      if (src.startsWith(token, j)) found.push(j);
      j += src.startsWith(token, j) ? token.length : 1;
    }
  }
  return found;
}

function splitTopLevel(src: string, token: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const at of topLevel(src, token)) {
    parts.push(src.slice(from, at));
    from = at + token.length;
  }
  return [...parts, src.slice(from)].map((part) => part.trim()).filter(Boolean);
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

/** A sample message and the values in it that a translation must keep (numbers, names). */
interface Sample {
  text: string;
  kept: string[];
}
const value = (text: string, kept = false): Sample => ({ text, kept: kept ? [text] : [] });

/** Where an expression is read: the file (relative to its package's src) and the position in it. */
interface Where {
  file: string;
  src: string;
  at: number;
}

const referenceWhats = [...apiSource('domains/references.ts').matchAll(/what: '([^']+)'/g)].map((m) => m[1]!);
const checkedRefWhats = [
  ...apiSource('domains/medical-staff/service.ts').matchAll(/checkedRef\(\s*\w+,\s*[^,]+,\s*'\w+',\s*'([^']+)'/g),
].map((m) => m[1]!);
/** `unique: { field, message }` of the CRUD services (crud/service.ts throws `config.unique.message`). */
const uniqueMessages = apiFiles.flatMap(({ src }) =>
  [...src.matchAll(/\{\s*field:\s*'[^']+',\s*message:\s*'([^']+)'\s*\}/g)].map((m) => m[1]!),
);

/**
 * Plausible values for the expressions interpolated into messages, by `file#expression` or by
 * expression. An expression listed nowhere fails the test: add it here with realistic values.
 */
const VALUES: Record<string, Sample[]> = {
  // Rooms and beds: roomLabel() gives "Room 101", or a name that already says what it is.
  'roomLabel(room.name)': [{ text: 'Room 101', kept: ['101'] }, value('Sala Norte', true)],
  bed: [value('3', true)],
  'input.bed': [value('1', true)],
  'occupied.bed': [value('5', true)],
  'room.bedCount': [value('1', true), value('4', true)],
  name: [value('Ana Pérez', true)],
  'before.dischargedAt?.toISOString().slice(0, 10)': [{ text: '2026-11-20', kept: ['2026'] }],
  // Records and what points at them.
  'domains/medical-staff/service.ts#what': checkedRefWhats.map((what) => value(what)),
  'domains/users/service.ts#what': [value('delete'), value('deactivate')],
  'crud/service.ts#entity': ENTITIES.map((entity) => value(entity)),
  'reference.what': referenceWhats.map((what) => value(what)),
  'config.label(doc)': [value('Cardiología', true), value('101', true)],
  'disability.name': [value('Movilidad reducida', true)],
  'diagnosis.name': [value('Neumonía', true)],
  // Hand-written: the unique-index message is a field of each service's configuration.
  'crud/service.ts#config.unique.message': uniqueMessages.map((message) => value(message)),
  // Roles: built-in names are translated, custom ones kept.
  roleName: [value('Medical Staff'), value('Patient'), value('Ward Clerk', true)],
  'role.name': [value('Department Chief'), value('Ward Clerk', true)],
  'builtIn.name': [value('Superadmin'), value('Technical')],
  permission: [value('patient.write'), value('audit.read'), value('backup.export')],
  // Sign-in throttling, backups, toTRPCError.
  'Math.ceil(wait / 1000)': [value('42', true)],
  // Back-dating limit (@mas/shared MAX_BACKDATE_DAYS).
  MAX_BACKDATE_DAYS: [value('7', true)],
  expected: [value('250000', true)],
  MAX_EXPORT_DOCUMENTS: [value('200000', true)],
  'errors.ts#what': [value('name'), value('username'), value('user'), value('value'), value('dupKey', true)],
  'error.path': [value('_id', true)],
  // Shared schemas.
  MIN_YEARS_SINCE_GRADUATION: [value('24', true)],
  MAX_DASHBOARD_DAYS: [value('366', true)],
  // Live connection limits.
  MAX_SOCKETS_PER_SESSION: [value('10', true)],
  MAX_SUBSCRIPTIONS_PER_CONNECTION: [value('100', true)],
};

/** Messages passed through from elsewhere, which no translation can cover; each says why. */
const PASSED_THROUGH: Record<string, string> = {
  'errors.ts#error.message': "mongoose's ValidationError text; inputs are validated by zod before they reach a model",
  'trpc.ts#shape.message': 'the message of an error already mapped by toTRPCError',
};

/** All combinations of the parts' samples, concatenated. */
const product = (parts: Sample[][]): Sample[] =>
  parts.reduce<Sample[]>(
    (acc, options) => acc.flatMap((a) => options.map((b) => ({ text: a.text + b.text, kept: [...a.kept, ...b.kept] }))),
    [{ text: '', kept: [] }],
  );

function templateSamples(literal: string, where: Where): Sample[] {
  const parts: Sample[][] = [];
  let text = '';
  for (let j = 1; j < literal.length - 1; ) {
    if (literal[j] === '\\') {
      text += literal[j + 1];
      j += 2;
    } else if (literal[j] === '$' && literal[j + 1] === '{') {
      const end = skipBracket(literal, j + 1);
      parts.push([value(text)], samples(literal.slice(j + 2, end - 1), where));
      text = '';
      j = end;
    } else text += literal[j++];
  }
  return product([...parts, [value(text)]]);
}

/** Sample strings for a message expression; throws for an expression it cannot sample. */
function samples(expression: string, where: Where): Sample[] {
  const expr = expression.trim().replace(/^await\s+/, '');
  // cond ? a : b (not ?. or ??)
  const question = topLevel(expr, '?').find(
    (at) => expr[at + 1] !== '.' && expr[at + 1] !== '?' && expr[at - 1] !== '?',
  );
  if (question !== undefined) {
    const rest = expr.slice(question + 1);
    const colon = topLevel(rest, ':')[0];
    if (colon === undefined) throw new Error(`Cannot read the ternary ${expr}`);
    return [...samples(rest.slice(0, colon), where), ...samples(rest.slice(colon + 1), where)];
  }
  const nullish = splitTopLevel(expr, '??');
  if (nullish.length > 1) return nullish.flatMap((part) => samples(part, where));
  if (QUOTES.has(expr[0]!) && skipLiteral(expr, 0) === expr.length) {
    return expr[0] === '`' ? templateSamples(expr, where) : [value(unescape(expr.slice(1, -1)))];
  }
  const listed = VALUES[`${where.file}#${expr}`] ?? VALUES[expr];
  if (listed) return listed;
  // A const holding a string or template, declared before the use (the nearest one).
  if (/^[A-Za-z_$][\w$]*$/.test(expr)) {
    const declarations = [...where.src.matchAll(new RegExp(`\\bconst ${expr}\\s*=\\s*`, 'g'))].filter(
      (m) => m.index < where.at,
    );
    const last = declarations.at(-1);
    if (last) {
      const start = last.index + last[0].length;
      if (QUOTES.has(where.src[start]!))
        return samples(where.src.slice(start, skipLiteral(where.src, start)), { ...where, at: start });
    }
  }
  throw new Error(`No sample value for \${${expr}} in ${where.file}: add it to VALUES in errors.test.ts`);
}

interface Case {
  origin: string;
  sample?: Sample;
  problem?: string;
}

function casesOf(origin: string, expression: string, where: Where): Case[] {
  try {
    return samples(expression, where).map((sample) => ({ origin, sample }));
  } catch (error) {
    return [{ origin, problem: (error as Error).message }];
  }
}

const lineOf = (src: string, at: number) => src.slice(0, at).split('\n').length;

/** The message and the field errors of every `new AppError(code, message, fieldErrors?)`. */
const appErrorSites = apiFiles.flatMap(({ file, src }) =>
  [...src.matchAll(/new AppError\(/g)].map((match) => {
    const open = match.index + match[0].length - 1;
    const args = splitTopLevel(src.slice(open + 1, skipBracket(src, open) - 1), ',');
    const origin = `${file}:${lineOf(src, match.index)}`;
    const where = { file, src, at: match.index };
    const fieldErrors = args[2]
      ? topLevel(args[2].slice(1, -1), ':').map((at) =>
          args[2]!
            .slice(1, -1)
            .slice(at + 1)
            .trim(),
        )
      : [];
    return {
      origin,
      cases: [
        ...casesOf(origin, args[1] ?? '', where),
        ...fieldErrors.flatMap((list) => {
          if (!list.startsWith('[')) return [{ origin, problem: `Cannot read the field errors ${list}` }];
          return splitTopLevel(list.slice(1, skipBracket(list, 0) - 1), ',').flatMap((item) =>
            casesOf(`${origin} (field error)`, item, where),
          );
        }),
      ],
    };
  }),
);

/** `new TRPCError({ …, message })` outside toTRPCError's AppError branch (context, trpc, errors, streams). */
const trpcErrorCases = apiFiles.flatMap(({ file, src }) =>
  [...src.matchAll(/new TRPCError\(\{/g)].flatMap((match) => {
    const open = match.index + match[0].length - 1;
    const message = splitTopLevel(src.slice(open + 1, skipBracket(src, open) - 1), ',').find((part) =>
      part.startsWith('message:'),
    );
    const expr = message?.slice('message:'.length).trim() ?? '';
    const origin = `${file}:${lineOf(src, match.index)} (TRPCError)`;
    if (!message) return [{ origin, problem: 'A TRPCError without a message' }];
    if (PASSED_THROUGH[`${file}#${expr}`]) return [];
    return casesOf(origin, expr, { file, src, at: match.index });
  }),
);

/** Messages written in the shared zod schemas: `.min(…, 'message')`, `.refine(…, 'message')`, `message: '…'`. */
const sharedCases = sharedFiles.flatMap(({ file, src }) =>
  [
    ...src.matchAll(
      /\.(?:min|max|length|regex|refine)\((?:[^()]|\([^()]*\))*?,\s*((['`])(?:\\.|(?!\2)[^\\])*\2)\s*\)/g,
    ),
    ...src.matchAll(/\bmessage:\s*((['`])(?:\\.|(?!\2)[^\\])*\2)/g),
  ].flatMap((match) =>
    casesOf(`shared/${file}:${lineOf(src, match.index)}`, match[1]!, { file, src, at: match.index }),
  ),
);

/** What tRPC's error formatter writes itself (packages/api/src/trpc.ts), read by hand. */
const handWrittenCases: Case[] = [{ origin: 'trpc.ts errorFormatter', sample: value('Internal server error') }];

const allCases = [
  ...appErrorSites.flatMap((site) => site.cases),
  ...trpcErrorCases,
  ...sharedCases,
  ...handWrittenCases,
];

// ——— i18n as the app sets it up, strict about missing keys and values ———

const missing: string[] = [];
beforeAll(async () => {
  await i18n.init({
    lng: 'es',
    fallbackLng: false,
    supportedLngs: ['es', 'en'],
    ns: Object.keys(es),
    defaultNS: 'common',
    resources: { es, en },
    saveMissing: true,
    missingKeyHandler: (lngs, ns, key) => void missing.push(`${lngs.join(',')}:${ns}:${key}`),
    missingInterpolationHandler: (text) => {
      missing.push(`interpolation in ${text}`);
      return '';
    },
    interpolation: { escapeValue: false },
  });
});

async function inLanguage(language: 'es' | 'en') {
  await i18n.changeLanguage(language);
  dayjs.locale(language);
  missing.length = 0;
}

/** English words that must not survive in a Spanish sentence (sample values are Spanish or names). */
const ENGLISH =
  /\b(the|is|are|of|this|that|these|with|has|does|not|already|cannot|your|you|room|bed|beds|records?|inactive|user|patient|role|department|specialty|disability|diagnosis|admission|medicalStaff)\b/i;

describe('reading the API sources', () => {
  it('finds every `new AppError(` call and samples each one', () => {
    const calls = apiFiles.reduce((sum, { src }) => sum + src.split('new AppError(').length - 1, 0);
    expect(appErrorSites).toHaveLength(calls);
    expect(calls).toBeGreaterThanOrEqual(70);
    expect(checkedRefWhats.length, 'checkedRef(…) call sites').toBeGreaterThanOrEqual(2);
    expect(referenceWhats.length, 'references.ts').toBeGreaterThanOrEqual(8);
    expect(uniqueMessages.length, 'unique index messages').toBeGreaterThanOrEqual(4);
    expect(sharedCases.length, 'shared schema messages').toBeGreaterThanOrEqual(12);
    expect(trpcErrorCases.length, 'TRPCError messages').toBeGreaterThanOrEqual(5);
    expect(allCases.filter((c) => c.problem).map((c) => `${c.origin}: ${c.problem}`)).toEqual([]);
  });
});

describe.each(['es', 'en'] as const)('every API and schema message in %s', (language) => {
  const samples = [...new Map(allCases.flatMap((c) => (c.sample ? [[c.sample.text, c] as const] : []))).values()];

  it.each(samples.map((c) => [c.sample!.text, c] as const))('%s', async (_text, { origin, sample }) => {
    await inLanguage(language);
    const { text, kept } = sample!;
    const translated = translateMessage(text);
    expect(missing, `${origin}: missing keys or values`).toEqual([]);
    expect(translated, origin).not.toContain('{{');
    expect(translated.trim(), origin).not.toBe('');
    for (const kept_ of kept) expect(translated, `${origin}: keeps ${kept_}`).toContain(kept_);
    if (language === 'es') {
      expect(translated, `${origin}: not translated`).not.toBe(text);
      expect(translated, `${origin}: English left in`).not.toMatch(ENGLISH);
    }
  });
});

describe('Spanish sentences', () => {
  it.each([
    [
      'Bed 3 of Room 101 is occupied. Discharge or transfer the patient first.',
      'La cama 3 de 101 está ocupada. Da de alta o traslada antes al paciente.',
    ],
    ['Bed 1 of Room C-7-1 is occupied by Ana Gómez.', 'La cama 1 de C-7-1 está ocupada por Ana Gómez.'],
    ['Bed 2 of Sala Norte is being cleaned.', 'La cama 2 de Sala Norte está en limpieza.'],
    ['Room 101 has 1 bed.', 'Solo hay 1 cama en la habitación 101.'],
    ['Room 101 has 4 beds.', 'Solo hay 4 camas en la habitación 101.'],
    ['Room 101 is out of use.', 'No se puede ingresar en la habitación 101: está fuera de uso.'],
    [
      'Bed 5 is occupied: the room needs at least 5 beds until it is free.',
      'La cama 5 está ocupada: la habitación necesita al menos 5 camas hasta que quede libre.',
    ],
    ['Ana Pérez already has an active admission.', 'Ana Pérez ya tiene un ingreso activo.'],
    ['This patient already has an active admission.', 'Este paciente ya tiene un ingreso activo.'],
    ['This admission was already discharged (2026-11-20).', 'Este ingreso ya tiene el alta (20 de nov de 2026).'],
    ['This admission was already discharged (earlier).', 'Este ingreso ya tiene el alta.'],
    ['That staff member does not exist.', 'Ese miembro del personal no existe.'],
    ['That specialty is inactive.', 'Esa especialidad se ha desactivado.'],
    ['No medicalStaff with this id.', 'Ese miembro del personal ya no existe.'],
    ['Some of these specialty records no longer exist.', 'Algunos registros de especialidades ya no existen.'],
    [
      '"Cardiología" is still used by medical staff records. Deactivate it instead of deleting it.',
      '«Cardiología» aún se usa en fichas de personal. Desactiva el registro en lugar de eliminarlo.',
    ],
    ['Another record already uses this username.', 'Otro registro ya usa este nombre de usuario.'],
    [
      'Only a more senior administrator can manage "Department Chief" accounts.',
      'Solo un administrador de mayor rango puede gestionar cuentas con el rol «Jefe de departamento».',
    ],
    ['You cannot delete your own account.', 'No puedes eliminar tu propia cuenta.'],
    ['You do not have the "patient.write" permission.', 'No tienes el permiso «Pacientes: Cambiar».'],
    ['Role must be "Medical Staff"', 'El rol debe ser «Personal médico»'],
    ['Too many failed sign-ins. Try again in 42 s.', 'Demasiados intentos fallidos. Vuelve a intentarlo en 42 s.'],
    ['At most 366 days', 'Como máximo 366 días'],
    ['Another record already uses this name.', 'Otro registro ya usa este nombre.'],
    [
      '"room" is still used by admissions. Deactivate it instead of deleting it.',
      'Este registro aún se usa en ingresos. Desactívalo en lugar de eliminarlo.',
    ],
  ])('%s', async (english, spanish) => {
    await inLanguage('es');
    expect(translateMessage(english)).toBe(spanish);
    expect(missing).toEqual([]);
  });

  it('leaves messages it does not know as they are', async () => {
    await inLanguage('es');
    expect(translateMessage('Something new happened.')).toBe('Something new happened.');
    expect(translateMessage('That spaceship does not exist.')).toBe('That spaceship does not exist.');
  });

  it('describes failed calls with the translated message', async () => {
    await inLanguage('es');
    const conflict = { message: 'Bed 1 of Room 12 is occupied by Luis Prieto.', data: { code: 'CONFLICT' } };
    expect(describeError(conflict)).toBe('La cama 1 de 12 está ocupada por Luis Prieto.');
    expect(
      describeError({ message: 'You do not have the "audit.read" permission.', data: { code: 'FORBIDDEN' } }),
    ).toBe('No tienes el permiso «Ver la auditoría».');
    expect(describeError({ message: 'No admission with this id.', data: { code: 'NOT_FOUND' } })).toBe(
      'Ese ingreso ya no existe.',
    );
  });

  it('reads the same messages back in English', async () => {
    await inLanguage('en');
    expect(translateMessage('Bed 3 of Room 101 is occupied. Discharge or transfer the patient first.')).toBe(
      'Bed 3 of Room 101 is occupied. Discharge or transfer the patient first.',
    );
    expect(translateMessage('Room 7 has 1 bed.')).toBe('Room 7 has 1 bed.');
    expect(translateMessage('That department is inactive.')).toBe('That department is inactive.');
    expect(missing).toEqual([]);
  });
});

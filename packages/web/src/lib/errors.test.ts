import {
  ERROR_CODES,
  isLookupParam,
  LABEL_CODES,
  LABELS,
  paramNamesOf,
  placeholdersOf,
  type TErrorCode,
} from '@mas/shared';
import dayjs from 'dayjs';
import 'dayjs/locale/es';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// i18n/index.ts records missing keys on `window` when loaded; these tests run in node.
vi.hoisted(() => {
  (globalThis as { window?: unknown }).window ??= {};
});

import { i18n } from '../i18n/index.ts';
import en from '../locales/en/index.ts';
import es from '../locales/es/index.ts';
import { conflictNeedsBanner, describeError, fieldErrorsOf, translateCode } from './errors.ts';
import { codedLabelText } from './labels.ts';

/*
 * The API names errors by code (the closed list in @mas/shared); the words are the locales'.
 * Every code has an es and an en text whose placeholders are exactly its params, and no
 * locale has a text for a code that does not exist.
 */

type Texts = Record<string, unknown>;
const LOCALES = { en: en.errors.codes as Texts, es: es.errors.codes as Texts };
/** i18next's plural suffixes: a code with a `count` param may have one text per form. */
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every text of a locale's `codes`, by code (plural forms gathered under their code). */
function textsByCode(codes: Texts): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (node: unknown, path: string[]) => {
    if (typeof node === 'string') {
      const code = path.join('.').replace(PLURAL, '');
      out.set(code, [...(out.get(code) ?? []), node]);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    }
  };
  walk(codes, []);
  return out;
}

describe('the locales and the list of error codes', () => {
  it('lists a good number of codes, each once', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(100);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  describe.each(Object.entries(LOCALES))('%s', (_language, codes) => {
    const texts = textsByCode(codes);

    it.each(ERROR_CODES)('has a text for %s with exactly its params', (code) => {
      const forms = texts.get(code);
      expect(forms, `no text for ${code}`).toBeDefined();
      for (const text of forms!) expect(placeholdersOf(text), text).toEqual(paramNamesOf(code));
    });

    it('has no text for a code that does not exist', () => {
      const known = new Set<string>(ERROR_CODES);
      expect([...texts.keys()].filter((code) => !known.has(code))).toEqual([]);
    });
  });
});

describe('the locales and the list of composed labels', () => {
  describe.each([
    ['en', en.common.labels as Texts],
    ['es', es.common.labels as Texts],
  ])('%s', (_language, labels) => {
    const texts = textsByCode(labels);

    it.each(LABEL_CODES)('has a text for %s with its params (ids only serve to look records up)', (code) => {
      const forms = texts.get(code);
      expect(forms, `no text for ${code}`).toBeDefined();
      const params = Object.keys(LABELS[code].shape)
        .filter((name) => !isLookupParam(name))
        .sort();
      for (const text of forms!) expect(placeholdersOf(text), text).toEqual(params);
    });

    it('has no text for a label that does not exist', () => {
      const known = new Set<string>(LABEL_CODES);
      expect([...texts.keys()].filter((code) => !known.has(code))).toEqual([]);
    });
  });
});

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

/** A failed call as the web client sees it. */
const failure = (
  code: string,
  appError: { code: TErrorCode; params?: Record<string, unknown> },
  fieldErrors?: Record<string, Array<{ code: TErrorCode; params?: Record<string, unknown> }>>,
) => ({
  message: 'English for scripts',
  data: {
    code,
    appError: { params: {}, ...appError },
    fieldErrors: fieldErrors
      ? Object.fromEntries(
          Object.entries(fieldErrors).map(([f, errors]) => [f, errors.map((e) => ({ params: {}, ...e }))]),
        )
      : null,
  },
});

describe('translating codes', () => {
  it.each<[TErrorCode, Record<string, unknown>, string]>([
    [
      'admission.bedOccupied',
      { room: '12', bed: 1, occupant: 'Luis Prieto' },
      'La cama 1 de la habitación 12 está ocupada por Luis Prieto.',
    ],
    ['auth.throttled', { seconds: 42 }, 'Demasiados intentos fallidos. Vuelve a intentarlo en 42 s.'],
    ['auth.noPermission', { permission: 'audit.read' }, 'No tienes el permiso «Ver la auditoría».'],
    ['auth.noPermission', { permission: 'patient.write' }, 'No tienes el permiso «Pacientes: Cambiar».'],
    ['record.notFound', { entity: 'admission' }, 'Ese ingreso ya no existe.'],
    ['record.inactive', { entity: 'department' }, 'Ese departamento se ha desactivado.'],
    ['record.someGone', { records: 'patient' }, 'Algunos registros de pacientes ya no existen.'],
    [
      'record.stillUsed',
      { name: 'Cirugía', usedBy: 'rooms' },
      '«Cirugía» aún se usa en habitaciones. Desactiva el registro en lugar de eliminarlo.',
    ],
    ['record.duplicate', { field: 'username' }, 'Otro registro ya usa este nombre de usuario.'],
    [
      'user.seniorOnly',
      { role: 'Department Chief' },
      'Solo un administrador de mayor rango puede gestionar cuentas con el rol «Jefe de departamento».',
    ],
    ['user.ownAccount', { action: 'delete' }, 'No puedes eliminar tu propia cuenta.'],
    ['field.roleMustBe', { role: 'Medical Staff' }, 'El rol debe ser «Personal médico»'],
    ['room.noSuchBed', { room: '7', count: 1 }, 'Solo hay 1 cama en la habitación 7.'],
    ['room.noSuchBed', { room: '7', count: 2 }, 'Solo hay 2 camas en la habitación 7.'],
    ['validation.maxDays', { count: 366 }, 'Como máximo 366 días'],
    [
      'appointment.staffBusy',
      { staff: 'Ana Ruiz', from: '2026-12-02 13:00', to: '2026-12-02 13:30' },
      'Ana Ruiz ya tiene una cita de 2 de dic de 2026 13:00 a 2 de dic de 2026 13:30.',
    ],
  ])('%s %j in Spanish', async (code, params, spanish) => {
    await inLanguage('es');
    expect(translateCode(code, params)).toBe(spanish);
    expect(missing).toEqual([]);
  });

  it('reads the same codes in English', async () => {
    await inLanguage('en');
    expect(translateCode('bed.occupied', { room: '101', bed: 3 })).toBe(
      'Bed 3 of Room 101 is occupied. Discharge or transfer the patient first.',
    );
    expect(translateCode('room.noSuchBed', { room: '7', count: 1 })).toBe('Room 7 has 1 bed.');
    expect(translateCode('record.inactive', { entity: 'department' })).toBe('That department is inactive.');
    expect(missing).toEqual([]);
  });
});

describe('composed labels', () => {
  it('read in the reader language', async () => {
    await inLanguage('es');
    const bed = { code: 'bed', params: { roomId: 'a'.repeat(24), room: '101', bed: 3 } } as const;
    expect(codedLabelText(bed)).toBe('101 · cama 3');
    expect(codedLabelText({ code: 'markedRead', params: { count: 2 } })).toBe('2 marcadas como leídas');
    await inLanguage('en');
    expect(codedLabelText(bed)).toBe('101 · bed 3');
    expect(codedLabelText({ code: 'unknownAccount', params: {} })).toBe('Unknown account');
    expect(missing).toEqual([]);
  });
});

describe('describing failed calls', () => {
  it('says what the code says, in the reader language', async () => {
    await inLanguage('es');
    const occupied = failure(
      'CONFLICT',
      { code: 'admission.bedOccupied', params: { room: '12', bed: 1, occupant: 'Luis Prieto' } },
      { bed: [{ code: 'field.occupied' }] },
    );
    expect(describeError(occupied)).toBe('La cama 1 de la habitación 12 está ocupada por Luis Prieto.');
    expect(fieldErrorsOf(occupied)).toEqual({ bed: 'Esta cama está ocupada' });
    // The banner names the occupant; the field only says "occupied".
    expect(conflictNeedsBanner(occupied)).toBe(true);
    // A duplicate name says it once, beside the field.
    const duplicate = failure(
      'CONFLICT',
      { code: 'record.duplicate', params: { field: 'name' } },
      { name: [{ code: 'record.duplicate', params: { field: 'name' } }] },
    );
    expect(conflictNeedsBanner(duplicate)).toBe(false);
    expect(fieldErrorsOf(duplicate)).toEqual({ name: 'Otro registro ya usa este nombre.' });
    expect(describeError(failure('TOO_MANY_REQUESTS', { code: 'auth.throttled', params: { seconds: 9 } }))).toBe(
      'Demasiados intentos fallidos. Vuelve a intentarlo en 9 s.',
    );
    expect(missing).toEqual([]);
  });

  it('falls back on the kind of failure where there is no code it knows', async () => {
    await inLanguage('es');
    expect(describeError(new Error('fetch failed'))).toBe(es.errors.generic.network);
    expect(describeError({ message: 'x', data: { code: 'INTERNAL_SERVER_ERROR' } })).toBe(es.errors.generic.internal);
    expect(describeError({ message: 'x', data: { code: 'TOO_MANY_REQUESTS' } })).toBe(es.errors.generic.tooMany);
    expect(
      describeError({
        message: 'Sent by a newer API',
        data: { code: 'CONFLICT', appError: { code: 'x.y', params: {} } },
      }),
    ).toBe('Sent by a newer API');
  });
});

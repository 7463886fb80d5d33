import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const root = join(import.meta.dirname, '..', 'src', 'locales');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

test('Spanish and English resources have identical key sets, and no value is empty', () => {
  const namespaces = readdirSync(join(root, 'en')).filter((file) => file.endsWith('.json'));
  expect(
    readdirSync(join(root, 'es'))
      .filter((file) => file.endsWith('.json'))
      .sort(),
  ).toEqual(namespaces.sort());
  for (const namespace of namespaces) {
    const en = JSON.parse(readFileSync(join(root, 'en', namespace), 'utf8')) as unknown;
    const es = JSON.parse(readFileSync(join(root, 'es', namespace), 'utf8')) as unknown;
    expect(keysOf(es).sort(), namespace).toEqual(keysOf(en).sort());
    for (const [language, resources] of [
      ['en', en],
      ['es', es],
    ] as const) {
      const flat = JSON.stringify(resources);
      expect(flat, `${language}/${namespace} has an empty string`).not.toContain('""');
    }
  }
});

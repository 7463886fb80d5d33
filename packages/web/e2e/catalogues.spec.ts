import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  expectAllTranslated,
  findRow,
  pickOption,
  rowMenu,
  rowWith,
  signInAsAdmin,
  snap,
  submitForm,
  unique,
} from './helpers.ts';

const CATALOGUES = [
  { path: '/specialties', title: 'Especialidades', name: 'Cardiología' },
  { path: '/departments', title: 'Departamentos', name: 'Medicina interna' },
  { path: '/disabilities', title: 'Discapacidades', name: 'Movilidad reducida' },
  { path: '/diagnoses', title: 'Diagnósticos', name: 'Neumonía' },
] as const;

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

for (const catalogue of CATALOGUES) {
  test(`creates, edits, retires and deletes in ${catalogue.title}`, async ({ page }) => {
    const name = unique(catalogue.name);
    await page.goto(catalogue.path);
    await expect(page.getByRole('heading', { name: catalogue.title })).toBeVisible();

    await page.getByTestId('create-button').click();
    await expect(page.getByTestId('entity-form').locator('[name="name"]')).toBeFocused();
    await submitForm(page, { name, description: 'Creado por la prueba de extremo a extremo' });
    await expect(page.getByText(`Se creó «${name}»`)).toBeVisible();
    await findRow(page, name);

    // The same name again (another case) is refused beside the field, in Spanish.
    await page.getByTestId('create-button').click();
    await submitForm(page, { name: name.toUpperCase() });
    await expect(page.getByTestId('entity-form').getByText('Otro registro ya usa este nombre.')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('entity-form')).toBeHidden();

    // Edit: a click on the row opens the form; Enter saves.
    await rowWith(page, name).getByRole('gridcell', { name }).click();
    const edited = `${name} (editado)`;
    await page.getByTestId('entity-form').locator('[name="name"]').fill(edited);
    await page.getByTestId('entity-form').locator('[name="name"]').press('Enter');
    await expect(page.getByText(`Se guardó «${edited}»`)).toBeVisible();

    await rowMenu(page, edited, 'row-toggle');
    await expect(page.getByText(`Se desactivó «${edited}»`)).toBeVisible();
    await page.getByTestId('tab-inactive').click();
    await expect(rowWith(page, edited)).toBeVisible();
    await expect(page.getByTestId('count-inactive')).not.toHaveText('0');

    await rowMenu(page, edited, 'row-delete');
    await page.getByTestId('confirm-button').click();
    await expect(page.getByText(`Se eliminó «${edited}»`)).toBeVisible();
    await expect(rowWith(page, edited)).toHaveCount(0);
    await expectAllTranslated(page);
  });
}

test('rooms take a bed count and a department picked from the departments list', async ({ page }) => {
  const department = unique('Pediatría');
  await page.goto('/departments');
  await page.getByTestId('create-button').click();
  await submitForm(page, { name: department });
  await findRow(page, department);

  const room = unique('Habitación 101');
  await page.goto('/rooms');
  await page.getByTestId('create-button').click();
  await submitForm(page, { name: room, bedCount: '0' });
  await expect(page.getByTestId('entity-form').getByText('Como mínimo 1')).toBeVisible();
  await pickOption(page, 'Departamento', department);
  await submitForm(page, { bedCount: '4' });
  await expect(page.getByText(`Se creó «${room}»`)).toBeVisible();
  const row = await findRow(page, room);
  await expect(row).toContainText(department);
  await expect(row).toContainText('4');
  await snap(page, 'rooms-es');
});

test('multi-select deletes several records after one confirmation', async ({ page }) => {
  const prefix = unique('Lote');
  await page.goto('/diagnoses');
  // Narrowed to the batch first (the list holds the seeded diagnoses, and a new filter clears the selection).
  await page.getByTestId('list-search').fill(prefix);
  for (const suffix of ['A', 'B', 'C']) {
    await page.getByTestId('create-button').click();
    await submitForm(page, { name: `${prefix} ${suffix}` });
    await expect(rowWith(page, `${prefix} ${suffix}`)).toBeVisible();
  }
  await expect(page.getByRole('row').filter({ hasText: prefix })).toHaveCount(3);
  await page.getByRole('checkbox', { name: /seleccionar todas/i }).check();
  await expect(page.getByTestId('selection-count')).toHaveText('3 seleccionados');
  await page.getByTestId('delete-selected').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText('¿Eliminar 3 registros?');
  await page.getByTestId('confirm-button').click();
  await expect(page.getByText('Se eliminaron 3 registros')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: prefix })).toHaveCount(0);
});

test('CSV export downloads the matching rows as UTF-8 with a BOM', async ({ page }) => {
  const name = unique('Traumatología');
  await page.goto('/specialties');
  await page.getByTestId('create-button').click();
  await submitForm(page, { name });
  await findRow(page, name);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^Especialidades-\d{4}-\d{2}-\d{2}\.csv$/);
  const content = readFileSync((await download.path())!, 'utf8');
  expect(content.charCodeAt(0)).toBe(0xfeff);
  expect(content).toContain('Nombre');
  expect(content).toContain(name);
});

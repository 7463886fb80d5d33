import { expect, test } from '@playwright/test';
import { api, expectAllTranslated, pickOption, rowWith, signInAsAdmin, snap, unique } from './helpers.ts';

test('a custom role is created with its permissions and offered when creating users', async ({ page }) => {
  await signInAsAdmin(page);
  const name = unique('Recepción');
  await page.goto('/roles');
  await page.getByTestId('create-button').click();
  const form = page.getByTestId('entity-form');
  await form.locator('[name="name"]').fill(name);
  await form.getByRole('checkbox', { name: 'Pacientes: Ver' }).check();
  await form.getByRole('checkbox', { name: 'Ver el panel' }).check();
  await snap(page, 'role-form-es');
  await expectAllTranslated(page);
  await form.getByTestId('form-submit').click();
  await expect(page.getByText(`Se creó «${name}»`)).toBeVisible();
  await expect(rowWith(page, name)).toContainText('2 permisos');
  await expect(rowWith(page, name)).toContainText('Personalizado');

  // Built-in roles keep their name and permissions: the form says so and locks them.
  await rowWith(page, 'Personal médico').getByRole('gridcell', { name: 'Personal médico', exact: true }).click();
  // The name shows translated, as the list does, and cannot be changed.
  const builtInName = form.getByRole('textbox', { name: 'Nombre' });
  await expect(builtInName).toHaveValue('Personal médico');
  await expect(builtInName).toBeDisabled();
  await expect(form.getByText('Los roles predefinidos conservan su nombre')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.goto('/users');
  await page.getByTestId('create-button').click();
  await pickOption(page, /Rol/, name);
  await page.keyboard.press('Escape');
});

test('the audit trail shows who changed what, filtered, with the field-level diff', async ({ page }) => {
  await signInAsAdmin(page);
  const before = unique('Neurología');
  const after = `${before} pediátrica`;
  const created = await api<{ id: string; version: number }>(page, 'specialty.create', { name: before });
  await api(page, 'specialty.update', { id: created.id, data: { name: after }, version: created.version });

  await page.goto('/audit');
  await page.getByTestId('audit-entity').click();
  await page.getByRole('option', { name: 'Especialidad' }).click();
  await page.getByTestId('audit-action').click();
  await page.getByRole('option', { name: 'Modificó' }).click();
  const row = rowWith(page, after);
  await expect(row).toContainText('admin');
  await expect(row).toContainText('Modificó');
  await row.getByTestId('audit-expand').click();
  const diff = page.getByTestId('audit-diff');
  // Field names read in Spanish; derived keys (the normalized name) are left out.
  await expect(diff.getByTestId('audit-diff-field')).toHaveCount(1);
  const change = diff.getByTestId('audit-diff-field');
  await expect(change).toContainText('Nombre');
  await expect(change.locator('del')).toHaveText(before);
  await expect(change.locator('ins')).toHaveText(after);
  await snap(page, 'audit-diff-es');
  await expectAllTranslated(page);
});

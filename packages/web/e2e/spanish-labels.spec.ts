import { expect, test } from '@playwright/test';
import { chooseLanguage, createClinic, shot } from './clinic-fixture.ts';
import { api, signIn, signInAsAdmin } from './helpers.ts';

/**
 * The Spanish interface shows words, not stored values: built-in names, the seeded "None",
 * audit labels and diffs, sign-in failures, the columns panel, the tab title. Own records only.
 */
const tag = Date.now().toString(36).slice(-5);

test('stored values read as Spanish words', async ({ page, browser }) => {
  test.setTimeout(150_000);
  // The tab never shows the English name while the app starts.
  await page.goto('/sign-in', { waitUntil: 'commit' });
  const titles: string[] = [];
  page.on('framenavigated', async () => titles.push(await page.title().catch(() => '')));
  await page.waitForLoadState('domcontentloaded');
  titles.push(await page.title());
  await signInAsAdmin(page);
  titles.push(await page.title());
  expect(titles.join(' | ')).not.toContain('Medical Admission System');

  const clinic = await createClinic(page, tag);
  await api(page, 'admission.discharge', { id: clinic.ids.admission });
  const role = await api<{ id: string; version: number }>(page, 'role.create', {
    name: `Auditores ${tag}`,
    permissions: ['patient.read'],
  });
  await api(page, 'role.update', {
    id: role.id,
    data: { permissions: ['patient.read', 'patient.write', 'admission.read'] },
  });

  // A wrong password for a known account, and a name no account has.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  await signIn(other, clinic.doctor.username, 'not-the-password-2026');
  await expect(other.getByRole('alert')).toBeVisible();
  await signIn(other, `nadie${tag}`, 'not-the-password-2026');
  await expect(other.getByRole('alert')).toBeVisible();
  await stranger.close();

  // Built-in role: its Spanish name and description in the edit dialog.
  await page.goto('/roles');
  const technical = page.getByRole('row').filter({ hasText: 'Personal técnico' });
  await technical.getByRole('menuitem', { name: /Editar/ }).click();
  const dialog = page.getByTestId('entity-form');
  await expect(dialog.getByLabel('Nombre')).toHaveValue('Personal técnico');
  await expect(dialog.getByLabel('Descripción')).not.toHaveValue(/built-in|Technical/);
  await shot(page, 'role-builtin-edit-es', false);
  await page.keyboard.press('Escape');

  // The columns panel names every column; "actions" is not one of them.
  await page.getByRole('button', { name: 'Columnas' }).click();
  const panel = page.getByRole('tooltip').or(page.locator('.MuiDataGrid-panel')).first();
  await expect(panel).toBeVisible();
  await expect(panel).not.toContainText('actions');
  await expect(panel).not.toContainText('Acciones');
  await expect(panel).not.toContainText('casilla');
  await shot(page, 'columns-panel-es', false);
  await page.keyboard.press('Escape');

  // The seeded "None" disability.
  await page.goto('/disabilities');
  // The server searches stored names, and this one is stored in English.
  await page.getByRole('searchbox').pressSequentially('None');
  await expect(page.getByTestId('search-busy')).toBeHidden();
  const none = page.getByRole('row').filter({ hasText: 'Ninguna' });
  await expect(none).toHaveCount(1);
  await expect(none).toContainText('Sin discapacidad');
  await expect(page.getByRole('grid')).not.toContainText('No disability');

  // Audit: beds in Spanish, statuses and permissions in words, accounts by name.
  await page.goto('/audit');
  const grid = page.getByRole('grid');
  await expect(grid).toContainText(`${clinic.names.room} · cama 2`);
  await expect(grid).not.toContainText(' · bed ');
  const discharge = page.getByRole('row').filter({ hasText: 'Dio de alta' }).filter({ hasText: clinic.names.room });
  await discharge.first().getByTestId('audit-expand').click();
  await expect(discharge.first().getByTestId('audit-diff')).toContainText('Ingresado');
  await expect(discharge.first().getByTestId('audit-diff')).not.toContainText('discharged');
  const roleRow = page
    .getByRole('row')
    .filter({ hasText: `Auditores ${tag}` })
    .filter({ hasText: 'Modificó' });
  await roleRow.getByTestId('audit-expand').click();
  await expect(roleRow.getByTestId('audit-diff')).toContainText('Pacientes: Cambiar');
  await expect(roleRow.getByTestId('audit-diff')).not.toContainText('patient.write');
  const failed = page.getByRole('row').filter({ hasText: 'Inicio de sesión fallido' });
  await expect(failed.filter({ hasText: `@${clinic.doctor.username}` })).toHaveCount(1);
  await expect(failed.filter({ hasText: 'Cuenta desconocida' }).first()).toBeVisible();
  await expect(failed.first()).not.toContainText(/[0-9a-f]{24}/);
  await expect(page.getByRole('grid')).not.toContainText('(unknown)');
  await shot(page, 'audit-es');

  await chooseLanguage(page, 'en');
  await expect(grid).toContainText(`${clinic.names.room} · bed 2`);
  await expect(
    page.getByRole('row').filter({ hasText: 'Failed sign-in' }).filter({ hasText: 'Unknown account' }).first(),
  ).toBeVisible();
  await shot(page, 'audit-en');
  await chooseLanguage(page, 'es');
});

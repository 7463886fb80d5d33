import { expect, test, type Browser } from '@playwright/test';
import {
  expectAllTranslated,
  findRow,
  pickOption,
  rowMenu,
  rowWith,
  signIn,
  signInAsAdmin,
  snap,
  submitForm,
} from './helpers.ts';

const suffix = Date.now().toString(36).slice(-5);
const nurse = {
  username: `enfermera.${suffix}`,
  password: 'Primera-clave-2026',
  firstName: 'Lucía',
  lastName: 'Moreno',
};

/** A fresh browser (no shared cookies) signing in as `username`, up to the forced password change. */
async function firstSignIn(browser: Browser, username: string, password: string, newPassword: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username, password);
  const form = page.getByTestId('force-password-form');
  await expect(page.getByRole('heading', { name: 'Elige una contraseña nueva' })).toBeVisible();
  await snap(page, 'force-password-change-es');
  // Only auth.* works until the password changes: the app shell is not there.
  await expect(page.getByTestId('account-button')).toHaveCount(0);
  await form.locator('[name="currentPassword"]').fill(password);
  await form.locator('[name="newPassword"]').fill(newPassword);
  await form.locator('[name="confirmPassword"]').fill(`${newPassword}x`);
  await form.locator('[name="confirmPassword"]').press('Enter');
  await expect(form.getByText('Las contraseñas no coinciden')).toBeVisible();
  await form.locator('[name="confirmPassword"]').fill(newPassword);
  await form.locator('[name="confirmPassword"]').press('Enter');
  await expect(page.getByTestId('account-button')).toBeVisible();
  return { context, page };
}

test('an administrator creates a user, who must choose a new password at first sign-in', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  await page.goto('/users');
  await page.getByTestId('create-button').click();
  await expect(page.getByTestId('entity-form').locator('[name="username"]')).toBeFocused();
  await submitForm(page, {
    username: nurse.username,
    firstName: nurse.firstName,
    lastName: nurse.lastName,
    email: `${nurse.username}@hospital.example`,
    phone: 'no es un teléfono',
    password: nurse.password,
    confirmPassword: nurse.password,
  });
  // Client-side validation from the shared schema, in Spanish.
  await expect(page.getByTestId('entity-form').getByText('Un número de teléfono como +34 600 123 456')).toBeVisible();
  await expect(
    page
      .getByTestId('entity-form')
      .getByText('Elige una opción')
      .or(page.getByTestId('entity-form').getByText('Obligatorio')),
  ).toBeVisible();
  await pickOption(page, /Rol/, 'Personal médico');
  await submitForm(page, { phone: '+34 600 123 456' });
  await expect(page.getByText(`Se creó «${nurse.username}»`)).toBeVisible();
  await expect(rowWith(page, nurse.username)).toContainText('Personal médico');
  await snap(page, 'users-es');

  // The role filter chips narrow the list on the server.
  await page.getByTestId('role-chip-Medical Staff').click();
  await expect(rowWith(page, '@admin')).toHaveCount(0);
  await expect(rowWith(page, nurse.username)).toBeVisible();

  const first = await firstSignIn(browser, nurse.username, nurse.password, 'mi-clave-nueva-segura');
  // Medical staff see diagnoses but not user accounts.
  await expect(first.page.getByRole('navigation').getByRole('link', { name: 'Diagnósticos' })).toBeVisible();
  await expect(first.page.getByRole('navigation').getByRole('link', { name: 'Usuarios' })).toHaveCount(0);
  await first.page.goto('/users');
  await expect(first.page.getByRole('heading', { name: 'No puedes abrir esta página' })).toBeVisible();
  await snap(first.page, 'error-403-es');
  await expectAllTranslated(first.page);
  await first.context.close();

  // An administrator's reset sends the user through the change again.
  await rowMenu(page, nurse.username, 'row-reset-password');
  const reset = page.getByTestId('reset-password-dialog');
  await reset.locator('[name="newPassword"]').fill('clave-temporal-2026');
  await reset.locator('[name="confirmPassword"]').fill('clave-temporal-2026');
  await reset.getByTestId('form-submit').click();
  await expect(page.getByText(`Contraseña restablecida para ${nurse.firstName} ${nurse.lastName}`)).toBeVisible();
  const again = await firstSignIn(browser, nurse.username, 'clave-temporal-2026', 'otra-clave-segura-2026');
  await again.context.close();
});

test('your own account cannot be selected, retired or deleted', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/users');
  const me = await findRow(page, '@admin', 'admin');
  await expect(me).toContainText('Tú');
  await expect(me.getByRole('checkbox')).toBeDisabled();
  // Edit is the only action offered on one's own row: no menu with retire, delete or reset.
  await expect(me.getByRole('menuitem', { name: /Editar/ })).toBeVisible();
  await expect(me.locator('button[aria-haspopup="menu"]')).toHaveCount(0);
});

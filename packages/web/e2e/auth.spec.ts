import { expect, test } from '@playwright/test';
import { ADMIN, expectAllTranslated, signIn, signInAsAdmin, snap } from './helpers.ts';

test.describe('signing in and out', () => {
  test('wrong password and unknown user get the same message', async ({ page }) => {
    await signIn(page, ADMIN.username, 'not-the-password');
    const error = page.getByTestId('sign-in-error');
    await expect(error).toHaveText('Usuario o contraseña incorrectos.');
    await signIn(page, 'nobody-here', 'whatever-password');
    await expect(error).toHaveText('Usuario o contraseña incorrectos.');
    // The form says what is missing before asking the server.
    await page.locator('input[name="username"]').fill('');
    await page.locator('input[name="password"]').fill('');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByText('Obligatorio').first()).toBeVisible();
    await expectAllTranslated(page);
  });

  test('a signed-out visit keeps where it was going, and sign-out ends the session', async ({ page }) => {
    await page.goto('/rooms');
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Frooms/);
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/rooms$/);
    await expect(page.getByRole('heading', { name: 'Habitaciones' })).toBeVisible();

    await page.getByTestId('account-button').click();
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByTestId('sign-in-notice')).toHaveText('Has cerrado la sesión.');
    await page.goto('/users');
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fusers/);
  });

  test('an ended session sends the user back to sign-in with a message and a way back', async ({ page, context }) => {
    await signInAsAdmin(page);
    await page.getByRole('link', { name: 'Especialidades' }).click();
    await expect(page.getByRole('heading', { name: 'Especialidades' })).toBeVisible();
    // The server-side session disappears (as after the idle timeout): the next call is refused.
    await context.clearCookies();
    await page.getByRole('link', { name: 'Departamentos' }).click();
    await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fdepartments/);
    await expect(page.getByTestId('sign-in-notice')).toContainText('Tu sesión ha terminado');
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.getByTestId('sign-in-submit').click();
    await expect(page).toHaveURL(/\/departments$/);
  });

  test('unknown addresses show 404 inside the app', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/no-such-screen');
    await expect(page.getByRole('heading', { name: 'Página no encontrada' })).toBeVisible();
    await snap(page, 'error-404-es');
  });
});

import { expect, test, type Page } from '@playwright/test';
import { expectAllTranslated, signInAsAdmin, snap } from './helpers.ts';

const SCREENS = [
  { path: '/', es: 'Tus pantallas', en: 'Your screens', name: 'home' },
  { path: '/specialties', es: 'Especialidades', en: 'Specialties', name: 'specialties' },
  { path: '/departments', es: 'Departamentos', en: 'Departments', name: 'departments' },
  { path: '/rooms', es: 'Habitaciones', en: 'Rooms', name: 'rooms' },
  { path: '/disabilities', es: 'Discapacidades', en: 'Disabilities', name: 'disabilities' },
  { path: '/diagnoses', es: 'Diagnósticos', en: 'Diagnoses', name: 'diagnoses' },
  { path: '/users', es: 'Usuarios', en: 'Users', name: 'users' },
  { path: '/roles', es: 'Roles', en: 'Roles', name: 'roles' },
  { path: '/audit', es: 'Auditoría', en: 'Audit trail', name: 'audit' },
] as const;

async function chooseLanguage(page: Page, language: 'es' | 'en') {
  await page.getByTestId('settings-button').first().click();
  await page.getByTestId(`language-${language}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

async function visitAll(page: Page, language: 'es' | 'en') {
  for (const screen of SCREENS) {
    await page.goto(screen.path);
    await expect(
      page.getByRole('heading', { level: screen.path === '/' ? 2 : 1, name: screen[language] }),
    ).toBeVisible();
    if (screen.path !== '/') await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');
    await snap(page, `${screen.name}-${language}`);
  }
}

test('Spanish by default, English on request: visible strings change and every key is translated', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  // A field error shown in Spanish follows the switch to English.
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByText('Obligatorio').first()).toBeVisible();
  await chooseLanguage(page, 'en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Required').first()).toBeVisible();
  await expect(page.getByText('Obligatorio')).toHaveCount(0);
  await expect(page.getByTestId('health')).toContainText('Server online');
  await snap(page, 'sign-in-en');
  await chooseLanguage(page, 'es');
  await snap(page, 'sign-in-es');

  await signInAsAdmin(page);
  await visitAll(page, 'es');
  await expect(page.getByRole('link', { name: 'Inicio' })).toBeVisible();

  await chooseLanguage(page, 'en');
  await expect(page.getByRole('link', { name: 'Start' })).toBeVisible();
  // The grid's own texts (DataGrid locale) follow too.
  await page.goto('/specialties');
  await expect(page.getByText('Rows per page:')).toBeVisible();
  await visitAll(page, 'en');
  // The choice is remembered on this device.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible();
  await expectAllTranslated(page);

  await chooseLanguage(page, 'es');
  await expect(page.getByText('Filas por página:')).toBeVisible();
  await expectAllTranslated(page);
});

test('the dark theme is remembered and applies to every screen', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByTestId('settings-button').click();
  await page.getByTestId('theme-dark').click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.goto('/users');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');
  await snap(page, 'users-dark-es');
  await page.getByTestId('settings-button').click();
  await page.getByTestId('theme-light').click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
});

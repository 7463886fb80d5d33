import { expect, test } from '@playwright/test';
import { signInAsAdmin, snap } from './helpers.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('phone-width layouts: drawer menu, list and form', async ({ page }) => {
  await page.goto('/sign-in');
  await snap(page, 'mobile-sign-in-es');
  await signInAsAdmin(page);
  await page.getByRole('button', { name: 'Abrir el menú' }).click();
  await expect(page.getByRole('link', { name: 'Habitaciones' })).toBeVisible();
  await page.waitForTimeout(400); // the drawer's slide-in
  await snap(page, 'mobile-menu-es');
  await page.getByRole('link', { name: 'Habitaciones' }).click();
  await expect(page.getByRole('heading', { name: 'Habitaciones' })).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(page, 'mobile-rooms-es');
  await page.getByTestId('create-button').click();
  await expect(page.getByTestId('entity-form')).toBeVisible();
  await snap(page, 'mobile-room-form-es');
  await page.keyboard.press('Escape');

  for (const [path, heading, name] of [
    ['/board', 'Tablero de camas', 'mobile-board-es'],
    ['/admissions', 'Ingresos', 'mobile-admissions-es'],
    ['/dashboard', 'Panel', 'mobile-dashboard-es'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snap(page, name);
  }
});

import { expect, test, type Page } from '@playwright/test';
import { expectAllTranslated, signInAsAdmin, snap } from './helpers.ts';

const html = (page: Page) => page.locator('html');
const grid = (page: Page) => page.locator('.MuiDataGrid-root');
const bodyColour = (page: Page) => page.evaluate(() => getComputedStyle(document.body).color);
const rowHeight = (page: Page) =>
  page
    .locator('.MuiDataGrid-row')
    .first()
    .evaluate((row) => row.getBoundingClientRect().height);

async function openSettings(page: Page) {
  await page.getByTestId('settings-button').click();
  await expect(page.getByRole('menu')).toBeVisible();
}

test('compact and high contrast are remembered, reset restores the defaults', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/roles');
  await expect(grid(page)).toHaveAttribute('data-density', 'standard');
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();
  // Rows are measured once the grid has laid them out (its first frame may report 0).
  const standardRow = 52;
  await expect.poll(() => rowHeight(page)).toBe(standardRow);
  const standardColour = await bodyColour(page);
  expect(standardColour).toBe('rgba(0, 0, 0, 0.87)');
  await expect(html(page)).toHaveAttribute('data-density', 'standard');
  await expect(html(page)).toHaveAttribute('data-contrast', 'standard');

  await openSettings(page);
  await expect(page.getByTestId('display-reset')).toHaveAttribute('aria-disabled', 'true');
  const compact = page.getByRole('menuitemcheckbox', { name: /Compacto/ });
  const contrast = page.getByRole('menuitemcheckbox', { name: /Alto contraste/ });
  await expect(compact).toHaveAttribute('aria-checked', 'false');
  // Both switch without closing the menu.
  await compact.click();
  await contrast.click();
  await expect(compact).toHaveAttribute('aria-checked', 'true');
  await expect(contrast).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('.MuiTouchRipple-child')).toHaveCount(0);
  await snap(page, 'settings-menu-display-es');
  await page.keyboard.press('Escape');

  // Back on the settings button by keyboard: the high-contrast focus ring is thick.
  const settingsButton = page.getByTestId('settings-button');
  await expect(settingsButton).toBeFocused();
  await expect(settingsButton).toHaveCSS('outline-width', '3px');
  await snap(page, 'focus-ring-contrast-es');

  const expectCompactAndContrast = async () => {
    await expect(html(page)).toHaveAttribute('data-density', 'compact');
    await expect(html(page)).toHaveAttribute('data-contrast', 'high');
    await expect(grid(page)).toHaveAttribute('data-density', 'compact');
    await expect(grid(page)).toHaveClass(/MuiDataGrid-root--densityCompact/);
    await expect(page.getByTestId('create-button')).toHaveClass(/MuiButton-sizeSmall/);
    await expect.poll(() => rowHeight(page)).toBe(36);
    expect(await bodyColour(page)).toBe('rgb(0, 0, 0)');
  };
  await expectCompactAndContrast();

  // Remembered on this device.
  await page.reload();
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();
  await expectCompactAndContrast();
  await snap(page, 'roles-compact-contrast-es');

  await page.goto('/admissions');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresos' })).toBeVisible();
  await expect(grid(page)).toHaveAttribute('data-density', 'compact');
  await page.waitForLoadState('networkidle');
  await snap(page, 'admissions-compact-contrast-es');
  // Fields in dialogs are small too.
  await page.getByTestId('create-button').click();
  const form = page.getByTestId('entity-form');
  await expect(form).toBeVisible();
  await expect(form.locator('.MuiInputBase-root').first()).toHaveClass(/MuiInputBase-sizeSmall/);
  await snap(page, 'admit-dialog-compact-contrast-es');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();

  // The dark scheme has its own high-contrast colours.
  await openSettings(page);
  await page.getByTestId('theme-dark').click();
  await expect(html(page)).toHaveClass(/dark/);
  expect(await bodyColour(page)).toBe('rgb(255, 255, 255)');
  await snap(page, 'admissions-compact-contrast-dark-es');

  await openSettings(page);
  await page.getByTestId('display-reset').click();
  await expect(html(page)).toHaveAttribute('data-density', 'standard');
  await expect(html(page)).toHaveAttribute('data-contrast', 'standard');
  await expect(html(page)).not.toHaveClass(/dark/);
  await expect(grid(page)).toHaveAttribute('data-density', 'standard');
  await expect(page.getByTestId('create-button')).toHaveClass(/MuiButton-sizeMedium/);
  expect(await bodyColour(page)).toBe(standardColour);
  await page.goto('/roles');
  await expect(page.locator('.MuiDataGrid-row').first()).toBeVisible();
  await expect.poll(() => rowHeight(page)).toBe(standardRow);

  await openSettings(page);
  await expect(compact).toHaveAttribute('aria-checked', 'false');
  await expect(contrast).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('theme-system')).toHaveClass(/Mui-selected/);
  await expect(page.getByTestId('display-reset')).toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  await expectAllTranslated(page);
});

test('breadcrumbs show the section and the screen; none on the start page', async ({ page }) => {
  await signInAsAdmin(page);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Ruta de navegación' })).toHaveCount(0);

  await page.goto('/admissions');
  const crumbs = page.getByRole('navigation', { name: 'Ruta de navegación' });
  await expect(crumbs.getByRole('listitem')).toHaveText(['Clínica', 'Ingresos']);
  await expect(crumbs.getByText('Ingresos')).toHaveAttribute('aria-current', 'page');
  await expect(crumbs.getByRole('link')).toHaveCount(0);

  await page.goto('/diagnoses');
  await expect(crumbs.getByRole('listitem')).toHaveText(['Catálogos', 'Diagnósticos']);
  await snap(page, 'breadcrumbs-diagnoses-es');

  await page.getByTestId('settings-button').click();
  await page.getByTestId('language-en').click();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('listitem')).toHaveText([
    'Catalogues',
    'Diagnoses',
  ]);
  await snap(page, 'breadcrumbs-diagnoses-en');
  await page.getByTestId('settings-button').click();
  await expect(page.locator('.MuiMenu-paper')).toHaveCSS('opacity', '1');
  await snap(page, 'settings-menu-display-en');
  await expectAllTranslated(page);
});

test('the app is installable: a web manifest with icons', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0b6e99');

  const response = await page.request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'MAS — Medical Admission System',
    short_name: 'MAS',
    start_url: '/',
    display: 'standalone',
    theme_color: '#0b6e99',
  });
  expect(manifest.icons).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ sizes: 'any', type: 'image/svg+xml', purpose: 'any' }),
      expect.objectContaining({ sizes: '192x192', type: 'image/png' }),
      expect.objectContaining({ sizes: '512x512', type: 'image/png', purpose: 'any' }),
      expect.objectContaining({ sizes: '512x512', type: 'image/png', purpose: 'maskable' }),
    ]),
  );
  for (const icon of manifest.icons) {
    const file = await page.request.get(icon.src);
    expect(file.ok(), icon.src).toBe(true);
    expect(file.headers()['content-type'], icon.src).toContain(icon.type);
  }
});

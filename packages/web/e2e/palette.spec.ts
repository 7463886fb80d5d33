import { expect, test } from '@playwright/test';
import { signInAsAdmin, snap } from './helpers.ts';

test('Ctrl+K reaches screens and actions by keyboard', async ({ page }) => {
  await signInAsAdmin(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type('diagnostico');
  await snap(page, 'command-palette-es');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/diagnoses$/);

  await page.keyboard.press('Control+k');
  await page.keyboard.type('nueva habitac');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/rooms/);
  await expect(page.getByTestId('entity-form')).toBeVisible();
  await expect(page.getByTestId('entity-form').locator('[name="name"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('entity-form')).toBeHidden();
  await expect(page).toHaveURL(/\/rooms$/);

  await page.keyboard.press('Control+k');
  await page.keyboard.type('english');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Rooms' })).toBeVisible();
});

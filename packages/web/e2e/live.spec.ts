import { expect, test } from '@playwright/test';
import { rowWith, signInAsAdmin, submitForm, unique } from './helpers.ts';

test('a change made in one browser appears in another without reloading', async ({ page, browser }) => {
  const watcherContext = await browser.newContext();
  const watcher = await watcherContext.newPage();
  await signInAsAdmin(watcher);
  await watcher.goto('/disabilities');
  await expect(watcher.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');

  await signInAsAdmin(page);
  await page.goto('/disabilities');
  const name = unique('Visión reducida');
  await page.getByTestId('create-button').click();
  await submitForm(page, { name });
  await expect(rowWith(page, name)).toBeVisible();

  // Arrives over the WebSocket subscription (no reload, no polling).
  await expect(rowWith(watcher, name)).toBeVisible();
  await expect(watcher.getByTestId('count-all')).not.toHaveText('·');

  await rowWith(page, name).locator('button[aria-haspopup="menu"]').click();
  await page.getByTestId('row-delete').click();
  await page.getByTestId('confirm-button').click();
  await expect(rowWith(watcher, name)).toHaveCount(0);
  await watcherContext.close();
});

import { expect, test } from '@playwright/test';

test('the page shows the API health through tRPC', async ({ page }) => {
  await page.goto('/');
  const health = page.getByTestId('health');
  await expect(health).toContainText('API ok');
  await expect(health).toContainText('database up');
  await page.screenshot({ path: 'test-results/screenshots/health.png' });
});

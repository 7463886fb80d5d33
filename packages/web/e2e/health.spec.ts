import { expect, test } from '@playwright/test';

test('the sign-in page shows the API and database health through tRPC', async ({ page }) => {
  await page.goto('/');
  const health = page.getByTestId('health');
  await expect(health).toHaveAttribute('data-api', 'ok');
  await expect(health).toHaveAttribute('data-database', 'up');
  await expect(health).toContainText('Servidor en línea');
});

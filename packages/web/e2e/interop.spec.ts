import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectAllTranslated, signInAsAdmin } from './helpers.ts';

test('an administrator starts a FHIR bulk export, watches it finish and downloads its files', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByTestId('account-button').click();
  await page.getByTestId('fhir-export-menu').click();
  const dialog = page.getByRole('dialog', { name: 'Exportación masiva FHIR' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('fhir-export-start').click();
  const done = dialog.locator('[data-testid="fhir-export"][data-status="completed"]').first();
  await expect(done).toBeVisible({ timeout: 45_000 });
  await expect(done).toContainText('Lista');
  const link = done.getByTestId('fhir-export-file').filter({ hasText: 'Patient.ndjson' });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/\/fhir\/R4\/_export\/[a-f0-9]{24}\/Patient\.ndjson$/);
  // The download carries the session cookie, like every call of the app.
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  const lines = (await file.text()).trim().split('\n');
  expect(lines.length).toBeGreaterThan(1);
  expect((JSON.parse(lines[0]!) as { resourceType: string }).resourceType).toBe('Patient');
  await expectAllTranslated(page);
  // The dialog with a finished export passes axe-core's WCAG 2.1 A/AA rules (serious and critical).
  const results = await new AxeBuilder({ page })
    .include('[role="dialog"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
  ).toEqual([]);
});

test('the account menu opens the API docs, served by MAS itself', async ({ page, context }) => {
  await signInAsAdmin(page);
  const external: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1')) external.push(request.url());
  });
  await page.getByTestId('account-button').click();
  const [docs] = await Promise.all([context.waitForEvent('page'), page.getByTestId('api-docs').click()]);
  const errors: string[] = [];
  docs.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await expect(docs.getByRole('heading', { name: /MAS REST API/ })).toBeVisible({ timeout: 20_000 });
  await expect(docs.getByText('/admissions/{id}/transfer').first()).toBeVisible();
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
});

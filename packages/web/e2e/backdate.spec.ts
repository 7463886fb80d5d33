// Admissions dated more than MAX_BACKDATE_DAYS back ask an Administrator for a reason.
import { expect, test } from '@playwright/test';
import { signInAsAdmin, snap } from './helpers.ts';

test('an admission date beyond the limit asks for a reason in the admit form', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admissions');
  await page.getByTestId('create-button').click();
  const form = page.getByTestId('entity-form');
  await expect(form.getByTestId('backdate-reason')).toHaveCount(0);

  // Typed section by section, as a person would: a month ago, at 09:30.
  const when = new Date(Date.now() - 30 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const digits = `${pad(when.getDate())}${pad(when.getMonth() + 1)}${when.getFullYear()}0930`;
  await form.getByRole('group', { name: 'Ingreso' }).locator('[role="spinbutton"]').first().click();
  await page.keyboard.type(digits);
  const reason = form.getByTestId('backdate-reason');
  await expect(reason).toBeVisible();
  await expect(form).toContainText('La fecha es de hace más de 7 días');
  await reason.pressSequentially('Registrado en papel');
  await expect(reason).toHaveValue('Registrado en papel');
  await snap(page, 'admit-backdate-es');
});

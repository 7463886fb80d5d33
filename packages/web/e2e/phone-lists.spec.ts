import { expect, test } from '@playwright/test';
import { chooseLanguage, createClinic, shot } from './clinic-fixture.ts';
import { signInAsAdmin } from './helpers.ts';

const tag = Date.now().toString(36).slice(-5);

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('phone lists are cards with the key fields and the row actions together', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  const clinic = await createClinic(page, tag);

  await page.goto('/admissions');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresos' })).toBeVisible();
  await page.getByRole('searchbox').pressSequentially(clinic.patient.lastName, { delay: 30 });
  const card = page.getByTestId('list-card').filter({ hasText: clinic.patient.name });
  await expect(card).toHaveCount(1);
  // Patient, room and bed, status, days and staff on one card, all on screen at once.
  await expect(card).toContainText(`${clinic.names.room} · cama 2`);
  await expect(card).toContainText('Ingresado');
  await expect(card).toContainText('Urgente');
  await expect(card).toContainText(clinic.doctor.name);
  await expect(card.locator('[data-field="daysInAdmission"]')).toHaveText('3');
  for (const text of [clinic.patient.name, `${clinic.names.room} · cama 2`, 'Ingresado'])
    await expect(card.getByText(text, { exact: true })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, 'phone-admissions-es');

  // The row's actions are on the card.
  await card.getByRole('button', { name: 'más' }).click();
  await expect(page.getByTestId('row-transfer')).toBeVisible();
  await expect(page.getByTestId('row-discharge')).toBeVisible();
  await shot(page, 'phone-admissions-menu-es', false);
  await page.getByTestId('row-discharge').click();
  await expect(page.getByTestId('discharge-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('discharge-dialog')).toBeHidden();
  // Opening a card edits it.
  await card.getByText(clinic.patient.name).click();
  await expect(page.getByTestId('entity-form')).toBeVisible();
  await page.keyboard.press('Escape');

  // Every other list: cards, nothing wider than the phone.
  for (const [path, heading] of [
    ['/patients', 'Pacientes'],
    ['/medical-staff', 'Personal médico'],
    ['/users', 'Usuarios'],
    ['/roles', 'Roles'],
    ['/rooms', 'Habitaciones'],
    ['/audit', 'Auditoría'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByTestId('list-card').first()).toBeVisible();
    await expect(page.getByRole('grid')).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, `phone${path.replace('/', '-')}-es`);
  }

  await page.goto('/admissions');
  await chooseLanguage(page, 'en');
  await page.getByRole('searchbox').pressSequentially(clinic.patient.lastName, { delay: 30 });
  const english = page.getByTestId('list-card').filter({ hasText: clinic.patient.name });
  await expect(english).toContainText(`${clinic.names.room} · bed 2`);
  await expect(english).toContainText('Admitted');
  await shot(page, 'phone-admissions-en');
  await page.goto('/audit');
  await expect(page.getByTestId('list-card').first()).toBeVisible();
  await shot(page, 'phone-audit-en');
});

test.describe('desktop', () => {
  test.use({ viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false });
  test('the same lists stay grids on a desktop', async ({ page }) => {
    await signInAsAdmin(page);
    await page.goto('/admissions');
    await expect(page.getByRole('grid')).toBeVisible();
    await expect(page.getByTestId('list-card')).toHaveCount(0);
    await shot(page, 'desktop-admissions-es');
  });
});

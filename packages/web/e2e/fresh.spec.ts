import { expect, test, type Browser, type Page } from '@playwright/test';
import { createClinic, shot } from './clinic-fixture.ts';
import { api, signIn, signInAsAdmin } from './helpers.ts';

/**
 * Nothing on screen stays stale for seconds: moved rows, searches, the bell after "mark all
 * read", a session ended elsewhere. Runs on its own records (unique tag) over any data set.
 */
const tag = Date.now().toString(36).slice(-5);
const colleague = { username: `col${tag}`, firstName: 'Carmen', lastName: `Vidal ${tag}` };
const FIRST_PASSWORD = 'clave-inicial-2026';
const PASSWORD = 'clave-de-carmen-2026';

/** A colleague with the Administrator role, signed in in a browser of her own. */
async function colleagueBrowser(browser: Browser, adminPage: Page) {
  const roles = await api<{ items: { id: string; name: string }[] }>(adminPage, 'role.list', { perPage: 100 }, 'query');
  const user = await api<{ id: string }>(adminPage, 'user.create', {
    ...colleague,
    email: `${colleague.username}@hospital.example`,
    password: FIRST_PASSWORD,
    roleId: roles.items.find((role) => role.name === 'Administrator')!.id,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, colleague.username, FIRST_PASSWORD);
  const form = page.getByTestId('force-password-form');
  await form.locator('[name="currentPassword"]').pressSequentially(FIRST_PASSWORD);
  await form.locator('[name="newPassword"]').pressSequentially(PASSWORD);
  await form.locator('[name="confirmPassword"]').pressSequentially(PASSWORD);
  await form.locator('[name="confirmPassword"]').press('Enter');
  await expect(page.getByTestId('account-button')).toBeVisible();
  return { context, page, id: user.id };
}

test('moved rows, searches, the bell and an ended session update at once', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signInAsAdmin(page);
  const clinic = await createClinic(page, tag);
  await page.goto('/admissions');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresos' })).toBeVisible();

  // A search shows a spinner in the box from the first key until the rows have come.
  const search = page.getByRole('searchbox');
  await search.pressSequentially(clinic.patient.lastName.slice(0, 6));
  await expect(page.getByTestId('search-busy')).toBeVisible();
  await search.pressSequentially(clinic.patient.lastName.slice(6));
  const row = page.getByRole('row').filter({ hasText: clinic.patient.name });
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('search-busy')).toBeHidden();

  // Transfer: the row shows the new bed as the dialog closes, not seconds later.
  await row.locator('button[aria-haspopup="menu"]').click();
  await page.getByTestId('row-transfer').click();
  const transfer = page.getByTestId('transfer-dialog');
  await transfer.getByTestId('bed-picker').locator('input').pressSequentially(clinic.names.room);
  await expect(page.getByRole('option')).toHaveCount(2);
  await page.keyboard.press('Enter');
  await transfer.getByTestId('form-submit').click();
  await expect(transfer).toBeHidden();
  await expect(row).toContainText(`${clinic.names.room} · cama 1`, { timeout: 1_000 });

  // Discharge: as the dialog closes the row stops saying "Ingresado": it shows the discharge at once,
  // and leaves this tab (Active) as soon as the refetch lands, which may be first.
  await row.locator('button[aria-haspopup="menu"]').click();
  await page.getByTestId('row-discharge').click();
  await page.getByTestId('discharge-dialog').getByTestId('form-submit').click();
  await expect(page.getByTestId('discharge-dialog')).toBeHidden();
  await expect(row.filter({ hasText: 'Ingresado' })).toHaveCount(0, { timeout: 1_000 });
  await expect(row).toHaveCount(0);

  // The bell: a colleague's changes raise it; "mark all read" brings it to 0 without a reload.
  const other = await colleagueBrowser(browser, page);
  await api(other.page, 'specialty.create', { name: `Geriatría ${tag}` });
  await api(other.page, 'specialty.create', { name: `Neonatología ${tag}` });
  const badge = page.getByTestId('notifications-badge');
  await expect(badge).not.toHaveAttribute('data-count', '0');
  await page.getByTestId('notifications-button').click();
  await page.getByTestId('mark-all-read').click();
  await expect(badge).toHaveAttribute('data-count', '0', { timeout: 1_000 });

  // "Delete these" asks first; Cancel keeps them.
  await page.getByTestId('delete-shown').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('¿Eliminar');
  await shot(page, 'notifications-confirm-delete-es', false);
  await confirm.getByRole('button', { name: 'Cancelar' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('notification-item').first()).toBeVisible();
  await page.keyboard.press('Escape');

  // A session ended elsewhere: the colleague, on a live screen, lands on sign-in by herself.
  await other.page.goto('/admissions');
  await expect(other.page.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');
  await api(page, 'user.resetPassword', { id: other.id, newPassword: 'otra-clave-nueva-2026' });
  await expect(other.page).toHaveURL(/\/sign-in/, { timeout: 5_000 });
  await expect(other.page.getByText('Tu sesión ha terminado')).toBeVisible();
  await shot(other.page, 'session-ended-es', false);
  await other.context.close();
});

test('a refused delete closes its confirm dialog and says why', async ({ page }) => {
  await signInAsAdmin(page);
  // A department in use by a room cannot be deleted.
  const department = await api<{ id: string }>(page, 'department.create', { name: `En uso ${tag}` });
  await api(page, 'room.create', { name: `U-${tag}`, bedCount: 1, departmentId: department.id });
  await page.goto('/departments');
  await page.getByRole('searchbox').pressSequentially(`En uso ${tag}`);
  const row = page.getByRole('row').filter({ hasText: `En uso ${tag}` });
  await expect(row).toHaveCount(1);
  // The search's last request must have landed: a row drawn again under an open menu drops the choice.
  await expect(page.locator('main [role="progressbar"]')).toHaveCount(0);
  await expect(async () => {
    if (!(await page.getByTestId('confirm-button').isVisible())) {
      const menuOpen = await page.getByTestId('row-delete').isVisible();
      if (!menuOpen) await row.locator('button[aria-haspopup="menu"]').click({ timeout: 2_000 });
      await page.getByTestId('row-delete').click({ timeout: 2_000 });
    }
    await expect(page.getByTestId('confirm-button')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId('confirm-button').click();
  await expect(page.getByTestId('confirm-dialog')).toBeHidden();
  await expect(page.getByText(/aún se usa/)).toBeVisible();
  await expect(row).toHaveCount(1);
});

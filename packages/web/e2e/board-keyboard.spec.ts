import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, signInAsAdmin } from './helpers.ts';

/**
 * The bed board with the keyboard alone: one Tab stop, arrow keys between beds, each bed read as
 * "room, bed, status, occupant", and admit, transfer and discharge done from it without a mouse
 * (typing key by key, never `fill()`). A bed changed by someone else is announced politely while
 * focus stays where it was. The spec's ward sorts last, so End reaches its beds.
 */
const tag = Date.now().toString(36).slice(-5);
const ward = `Zz Teclado ${tag}`;
const room = `T-${tag}`;
const diagnosis = `Bronquitis ${tag}`;
const patient = { username: `bk${tag}`, firstName: 'Irene', lastName: `Tablero ${tag}` };
const doctor = { username: `bd${tag}`, firstName: 'Pablo', lastName: `Flechas ${tag}` };
const PASSWORD = 'clave-inicial-2026';

mkdirSync('/tmp/shots', { recursive: true });

async function seed(page: Page) {
  const roles = await api<{ items: { id: string; name: string }[] }>(page, 'role.list', { perPage: 100 }, 'query');
  const roleId = (name: string) => roles.items.find((role) => role.name === name)!.id;
  const department = await api<{ id: string }>(page, 'department.create', { name: ward });
  const specialty = await api<{ id: string }>(page, 'specialty.create', { name: `Neumología ${tag}` });
  await api(page, 'diagnosis.create', { name: diagnosis });
  const created = await api<{ id: string }>(page, 'room.create', {
    name: room,
    bedCount: 2,
    departmentId: department.id,
  });
  const account = (person: typeof patient, role: string) =>
    api<{ id: string }>(page, 'user.create', {
      ...person,
      email: `${person.username}@hospital.example`,
      password: PASSWORD,
      roleId: roleId(role),
    });
  const user = await account(patient, 'Patient');
  await api(page, 'patient.create', {
    userId: user.id,
    birthDate: new Date('1975-05-20T00:00:00Z'),
    disabilityIds: [],
  });
  const staff = await account(doctor, 'Medical Staff');
  await api(page, 'medicalStaff.create', {
    userId: staff.id,
    specialtyId: specialty.id,
    departmentId: department.id,
    graduatedAt: new Date('1990-06-01T00:00:00Z'),
  });
  return created.id;
}

const focused = (page: Page) => page.locator(':focus');
const bedName = (bed: number, rest: string) => `Habitación ${room}, Cama ${bed}, ${rest}`;

/** Tabs from the top of the board screen to its single tab stop (the first bed). */
async function tabToBoard(page: Page) {
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.hasAttribute('data-bed-key') ?? false)) return;
  }
  throw new Error('Tab never reached a bed');
}

/** Tab to the board, End to the last bed (ours, bed 2), Left for bed 1. */
async function toOurBed(page: Page, bed: 1 | 2) {
  await tabToBoard(page);
  await page.keyboard.press('End');
  if (bed === 1) await page.keyboard.press('ArrowLeft');
}

async function openBoard(page: Page) {
  // Through the command palette: a keyboard user's way between screens.
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette.getByRole('combobox')).toBeFocused();
  await page.keyboard.type('tablero', { delay: 30 });
  await expect(palette.getByRole('option').first()).toContainText('Tablero');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.locator(`[data-bed-key]`).last()).toHaveAttribute(
    'aria-label',
    new RegExp(`^Habitación ${room}, `),
  );
}

test('the bed board by keyboard: arrow keys, names, admit, transfer and discharge, live announcements', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page);
  const roomId = await seed(page);
  await page.goto('/');
  await expect(page.getByTestId('account-button')).toBeVisible();
  await openBoard(page);

  // One tab stop for the whole board; the arrows move between beds.
  await expect(page.locator('[data-bed-key][tabindex="0"]')).toHaveCount(1);
  await tabToBoard(page);
  const first = await focused(page).getAttribute('aria-label');
  expect(first).toMatch(/^Habitación .+, Cama \d+, (Libre|Ocupada|En limpieza|Fuera de servicio)(, .+)?$/);
  await page.keyboard.press('ArrowRight');
  expect(await focused(page).getAttribute('aria-label')).not.toBe(first);
  await page.keyboard.press('ArrowLeft');
  await expect(focused(page)).toHaveAttribute('aria-label', first!);
  const top = (await focused(page).boundingBox())!.y;
  await page.keyboard.press('ArrowDown');
  expect((await focused(page).boundingBox())!.y).toBeGreaterThan(top);
  await page.keyboard.press('ArrowUp');
  await expect(focused(page)).toHaveAttribute('aria-label', first!);
  // The board keeps one tab stop: the bed last visited.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-bed-key][tabindex="0"]')).toHaveCount(1);
  await expect(page.locator('[data-bed-key][tabindex="0"]')).toBeFocused();

  // Admit into bed 1: End, Left, Enter opens the bed's menu with focus on its first action.
  await page.keyboard.press('End');
  await expect(focused(page)).toHaveAttribute('aria-label', bedName(2, 'Libre'));
  await page.keyboard.press('ArrowLeft');
  await expect(focused(page)).toHaveAttribute('aria-label', bedName(1, 'Libre'));
  await page.screenshot({ path: '/tmp/shots/a11y-board-focus-es.png' });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByTestId('bed-action-admit')).toBeFocused();
  await page.keyboard.press('Enter');
  const form = page.getByTestId('entity-form');
  await expect(form).toBeVisible();
  const patientInput = form.getByTestId('patient-picker').locator('input');
  await expect(patientInput).toBeFocused();
  await page.keyboard.type(patient.username, { delay: 40 });
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(patientInput).toHaveValue(new RegExp(`@${patient.username}\\)`));
  await page.keyboard.press('Tab');
  const staff = form.getByTestId('staff-picker').locator('input');
  await expect(staff).toBeFocused();
  await page.keyboard.type(`Flechas ${tag}`, { delay: 40 });
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(form.getByTestId('bed-picker').locator('input')).toHaveValue(`${room} · cama 1`);
  const diagnoses = form.getByTestId('diagnosis-picker').locator('input');
  for (let i = 0; i < 12 && !(await diagnoses.evaluate((input) => input === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(diagnoses).toBeFocused();
  await diagnoses.pressSequentially(diagnosis, { delay: 30 });
  await expect(page.getByRole('option', { name: diagnosis })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(form.getByTestId('diagnosis-picker').getByRole('button', { name: diagnosis })).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(form).toBeHidden();

  // Transfer to bed 2: the dialog takes focus, and gives it back to the bed on close.
  await openBoard(page);
  await toOurBed(page, 1);
  const occupied = new RegExp(`^${bedName(1, `Ocupada, ${patient.firstName} ${patient.lastName}`)}`);
  await expect(focused(page)).toHaveAttribute('aria-label', occupied);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('bed-action-transfer')).toBeFocused();
  await page.keyboard.press('Enter');
  const transfer = page.getByTestId('transfer-dialog');
  await expect(transfer).toBeVisible();
  const target = transfer.getByTestId('bed-picker').locator('input');
  await expect(target).toBeFocused();
  await page.keyboard.type(room, { delay: 40 });
  await expect(page.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(target).toHaveValue(`${room} · cama 2`);
  await page.screenshot({ path: '/tmp/shots/a11y-board-transfer-es.png' });
  await page.keyboard.press('Control+Enter');
  await expect(transfer).toBeHidden();
  await expect(focused(page)).toHaveAttribute('data-bed-key', `${roomId}:1`);
  // The bed left behind waits for cleaning.
  await expect(focused(page)).toHaveAttribute('aria-label', bedName(1, 'En limpieza'));

  // Discharge from bed 2: Right, Enter, Down to "Discharge", Enter, Ctrl+Enter.
  await page.keyboard.press('ArrowRight');
  await expect(focused(page)).toHaveAttribute('aria-label', new RegExp(`^${bedName(2, 'Ocupada, Irene')}`));
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('bed-action-discharge')).toBeFocused();
  await page.keyboard.press('Enter');
  const discharge = page.getByTestId('discharge-dialog');
  await expect(discharge).toBeVisible();
  await expect(discharge.locator('[role="spinbutton"]').first()).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(discharge).toBeHidden();
  await expect(focused(page)).toHaveAttribute('data-bed-key', `${roomId}:2`);
  await expect(focused(page)).toHaveAttribute('aria-label', bedName(2, 'En limpieza'));

  // Someone else takes bed 1 out of service: it is announced, and focus stays on bed 2.
  await api(page, 'room.setBedStatus', { roomId, bed: 1, status: 'outOfService' });
  const region = page.getByTestId('live-region');
  await expect(region).toHaveText(`${room} · cama 1: Fuera de servicio`);
  await expect(region).toHaveAttribute('aria-live', 'polite');
  await expect(focused(page)).toHaveAttribute('data-bed-key', `${roomId}:2`);
  await page.screenshot({ path: '/tmp/shots/a11y-board-after-es.png' });
});

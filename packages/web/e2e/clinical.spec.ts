import { expect, test, type Browser, type Page } from '@playwright/test';
import { api, expectAllTranslated, findRow, rowMenu, rowWith, signIn, signInAsAdmin, snap } from './helpers.ts';

const tag = Date.now().toString(36).slice(-5);
const names = {
  department: `Cardiología ${tag}`,
  specialty: `Cardiología clínica ${tag}`,
  diagnosis: `Insuficiencia cardiaca ${tag}`,
  room1: `C-${tag}-1`,
  room2: `C-${tag}-2`,
};
const patient = { username: `paciente.${tag}`, firstName: 'Ana', lastName: `Gómez ${tag}` };
/** A second patient, whose admission races the first one for the same bed. */
const rival = { username: `rival.${tag}`, firstName: 'Luis', lastName: `Prieto ${tag}` };
const doctor = { username: `medico.${tag}`, firstName: 'Jorge', lastName: `Ruiz ${tag}` };
const PASSWORD = 'clave-inicial-2026';

interface Role {
  id: string;
  name: string;
}

/** Reference data and accounts through the API: the screens under test come after. */
async function seed(page: Page) {
  const roles = await api<{ items: Role[] }>(page, 'role.list', { perPage: 100 }, 'query');
  const roleId = (name: string) => roles.items.find((role) => role.name === name)!.id;
  const department = await api<{ id: string }>(page, 'department.create', { name: names.department });
  await api(page, 'specialty.create', { name: names.specialty });
  await api(page, 'diagnosis.create', { name: names.diagnosis });
  await api(page, 'room.create', { name: names.room1, bedCount: 2, departmentId: department.id });
  await api(page, 'room.create', { name: names.room2, bedCount: 1, departmentId: department.id });
  const account = (person: typeof patient, role: string) =>
    api<{ id: string }>(page, 'user.create', {
      ...person,
      email: `${person.username}@hospital.example`,
      password: PASSWORD,
      roleId: roleId(role),
    });
  await account(patient, 'Patient');
  // The rival's record exists before the doctor's account, so the doctor's first notification is the patient's.
  const rivalUser = await account(rival, 'Patient');
  await api(page, 'patient.create', {
    userId: rivalUser.id,
    birthDate: new Date('1975-06-01T00:00:00Z'),
    disabilityIds: [],
  });
  await account(doctor, 'Medical Staff');
}

/** The doctor's own browser: first sign-in replaces the given password. */
async function doctorBrowser(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, doctor.username, PASSWORD);
  const form = page.getByTestId('force-password-form');
  await form.locator('[name="currentPassword"]').fill(PASSWORD);
  await form.locator('[name="newPassword"]').fill('clave-del-medico-2026');
  await form.locator('[name="confirmPassword"]').fill('clave-del-medico-2026');
  await form.locator('[name="confirmPassword"]').press('Enter');
  await expect(page.getByTestId('account-button')).toBeVisible();
  return { context, page };
}

/** Types a date (or date and time) into a MUI X picker field, section by section. */
async function typeDate(page: Page, label: string, digits: string) {
  const field = page.getByTestId('entity-form').getByRole('group', { name: label });
  await field.locator('[role="spinbutton"]').first().click();
  await page.keyboard.type(digits);
}

/** Picks from an Autocomplete by typing and pressing Enter on the first match. */
async function choose(page: Page, testId: string, text: string, multiple = false) {
  const input = page.getByTestId(testId).locator('input');
  await input.fill(text);
  await expect(page.getByRole('option').first()).toContainText(text);
  await input.press('Enter');
  if (multiple) await expect(page.getByTestId(testId).getByRole('button', { name: text })).toBeVisible();
  else await expect(input).not.toHaveValue('');
}

test.describe.configure({ mode: 'serial' });

test('patients, medical staff, admission, bed board, transfer, discharge, dashboard and notifications', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await signInAsAdmin(page);
  await seed(page);
  const watcher = await doctorBrowser(browser);
  await watcher.page.goto('/patients');
  await expect(watcher.page.getByTestId('notifications-badge')).toHaveAttribute('data-count', '0');
  // The list holds the seeded patients: the doctor watches the new one's name.
  await watcher.page.getByTestId('list-search').fill(patient.lastName);

  // A patient record for the patient's account.
  await page.goto('/patients');
  await page.getByTestId('create-button').click();
  await choose(page, 'user-picker', patient.firstName + ' ' + patient.lastName.split(' ')[0]);
  await typeDate(page, 'Fecha de nacimiento', '15031980');
  await choose(page, 'disability-picker', 'Ninguna', true);
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('entity-form')).toBeHidden();
  await expect(await findRow(page, patient.lastName)).toContainText('Ninguna');

  // The doctor, signed in elsewhere, hears of it at once.
  await expect(watcher.page.getByTestId('notifications-badge')).toHaveAttribute('data-count', '1');
  await expect(rowWith(watcher.page, patient.lastName)).toBeVisible();

  // A staff record for the doctor.
  await page.goto('/medical-staff');
  await page.getByTestId('create-button').click();
  await choose(page, 'user-picker', doctor.firstName);
  await page.getByTestId('entity-form').getByRole('combobox', { name: 'Especialidad' }).click();
  await page.getByRole('option', { name: names.specialty }).click();
  await page.getByTestId('entity-form').getByRole('combobox', { name: 'Departamento' }).click();
  await page.getByRole('option', { name: names.department }).click();
  await typeDate(page, 'Titulación', '01061990');
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('entity-form')).toBeHidden();
  await expect(await findRow(page, doctor.lastName)).toContainText(names.specialty);
  await snap(page, 'medical-staff-es');

  // The doctor starts admitting the rival patient to bed 1 of room 1 while it is still free…
  await watcher.page.goto('/admissions');
  await watcher.page.getByTestId('create-button').click();
  await choose(watcher.page, 'patient-picker', rival.lastName);
  await choose(watcher.page, 'staff-picker', doctor.lastName);
  const rivalBed = watcher.page.getByTestId('bed-picker').locator('input');
  await rivalBed.fill(names.room1);
  await expect(watcher.page.getByRole('option')).toHaveCount(2);
  await rivalBed.press('Enter');
  await expect(rivalBed).toHaveValue(`${names.room1} · cama 1`);
  await choose(watcher.page, 'diagnosis-picker', names.diagnosis, true);

  // Admit: the bed picker offers free beds only and works from the keyboard.
  await page.goto('/admissions');
  await page.getByTestId('create-button').click();
  await choose(page, 'patient-picker', patient.lastName);
  await choose(page, 'staff-picker', doctor.lastName);
  const beds = page.getByTestId('bed-picker').locator('input');
  await beds.fill(names.room1);
  await expect(page.getByRole('option')).toHaveCount(2);
  // Nothing is highlighted until the user moves: down to bed 1, down to bed 2, back up to bed 1.
  await beds.press('ArrowDown');
  await beds.press('ArrowDown');
  await beds.press('ArrowUp');
  await beds.press('Enter');
  await expect(beds).toHaveValue(`${names.room1} · cama 1`);
  await choose(page, 'diagnosis-picker', names.diagnosis, true);
  await snap(page, 'admit-dialog-es');
  await page.getByTestId('form-submit').click();
  await expect(page.getByTestId('entity-form')).toBeHidden();
  const admission = await findRow(page, patient.lastName);
  await expect(admission).toContainText(`${names.room1} · cama 1`);
  await expect(admission).toContainText('Ingresado');
  await snap(page, 'admissions-es');

  // …and is refused when submitting: the database holds the bed for the first admission.
  await watcher.page.getByTestId('form-submit').click();
  const refusal = watcher.page.getByTestId('entity-form').getByRole('alert');
  await expect(refusal).toContainText(`La cama 1 de la habitación ${names.room1} está ocupada`);
  await snap(watcher.page, 'admit-refused-es');
  await watcher.page.keyboard.press('Escape');
  await expect(watcher.page.getByTestId('entity-form')).toBeHidden();
  // The doctor's bed board follows the next changes live, without reloading.
  await watcher.page.goto('/board');
  const watchedRoom1 = watcher.page.getByTestId('board-room').filter({ hasText: names.room1 });
  await expect(watchedRoom1.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'occupied');

  // The bed board shows who lies where.
  await page.goto('/board');
  const room1 = page.getByTestId('board-room').filter({ hasText: names.room1 });
  await expect(room1.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'occupied');
  await expect(room1.getByTestId('bed-tile').first()).toContainText(patient.firstName);
  await snap(page, 'bed-board-es');

  // Transfer from the board to the other room; the old bed goes to cleaning.
  await room1.getByTestId('bed-tile').first().click();
  await page.getByTestId('bed-action-transfer').click();
  const target = page.getByTestId('transfer-dialog').getByTestId('bed-picker').locator('input');
  await target.fill(names.room2);
  await expect(page.getByRole('option')).toHaveCount(1);
  await target.press('Enter');
  await page.getByTestId('transfer-dialog').getByTestId('form-submit').click();
  await expect(page.getByTestId('transfer-dialog')).toBeHidden();
  const room2 = page.getByTestId('board-room').filter({ hasText: names.room2 });
  await expect(room2.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'occupied');
  await expect(room1.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'cleaning');
  await expect(watchedRoom1.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'cleaning');
  const watchedRoom2 = watcher.page.getByTestId('board-room').filter({ hasText: names.room2 });
  await expect(watchedRoom2.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'occupied');
  await expect(watchedRoom2.getByTestId('bed-tile').first()).toContainText(patient.firstName);
  await room1.getByTestId('bed-tile').first().click();
  await page.getByTestId('bed-action-available').click();
  await expect(room1.getByTestId('bed-tile').first()).toHaveAttribute('data-status', 'available');

  // Discharge from the list.
  await page.goto('/admissions');
  await findRow(page, patient.lastName);
  await rowMenu(page, patient.lastName, 'row-discharge');
  await page.getByTestId('discharge-dialog').getByTestId('form-submit').click();
  await expect(page.getByTestId('discharge-dialog')).toBeHidden();
  await expect(rowWith(page, patient.lastName)).toHaveCount(0);
  await page.getByTestId('tab-discharged').click();
  await expect(rowWith(page, patient.lastName)).toContainText('Alta');

  // The dashboard counts it.
  await page.goto('/dashboard');
  await expect(page.getByTestId('kpi-admissions-value')).not.toHaveText('0');
  await expect(page.getByTestId('kpi-discharges-value')).not.toHaveText('0');
  await snap(page, 'dashboard-es');
  await expectAllTranslated(page);

  // The doctor reads the notifications and clears the badge.
  await watcher.page.getByTestId('notifications-button').click();
  const drawer = watcher.page.getByTestId('notifications-drawer');
  await expect(
    drawer
      .getByTestId('notification-item')
      .filter({ hasText: `admin creó la ficha del paciente «${patient.username}»` }),
  ).toBeVisible();
  // Bed labels arrive in English from the API and are shown in the reader's language.
  await expect(
    drawer
      .getByTestId('notification-item')
      .filter({ hasText: `admin dio de alta a un paciente de ${names.room2} · cama 1` }),
  ).toBeVisible();
  await snap(watcher.page, 'notifications-es');
  await drawer.getByTestId('mark-all-read').click();
  await expect(watcher.page.getByTestId('notifications-badge')).toHaveAttribute('data-count', '0');
  await expectAllTranslated(watcher.page);
  await watcher.context.close();
});

test('screens in English: dashboard, bed board and admissions', async ({ page }) => {
  await signInAsAdmin(page);
  await page.getByTestId('settings-button').click();
  await page.getByTestId('language-en').click();
  // The choice is stored once the English strings have loaded: wait for it before leaving the page.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const [path, heading, name] of [
    ['/dashboard', 'Dashboard', 'dashboard-en'],
    ['/board', 'Bed board', 'bed-board-en'],
    ['/admissions', 'Admissions', 'admissions-en'],
    ['/patients', 'Patients', 'patients-en'],
    ['/medical-staff', 'Medical staff', 'medical-staff-en'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await snap(page, name);
  }
  await expectAllTranslated(page);
});

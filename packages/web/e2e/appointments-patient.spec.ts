import { expect, test } from '@playwright/test';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { api, expectAllTranslated, signIn, signInAsAdmin } from './helpers.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * A Patient-role user on the web: their own appointments page, booking by specialty for
 * themselves (no patient picker), and cancelling their own with a reason.
 *
 * The spec makes its own specialty with one staff member whose only hours are three days ahead
 * (well past the 24-hour notice period), so the first free slot is that staff member's 09:00.
 */
const ZONE = 'Europe/Madrid';
test.use({ timezoneId: ZONE, locale: 'es-ES', viewport: { width: 1280, height: 900 } });

const tag = Date.now().toString(36).slice(-5);
const FIRST_PASSWORD = 'clave-inicial-2026';
const NEW_PASSWORD = 'mi-clave-de-paciente-2026';

test('a patient books their own appointment by specialty from the keyboard and cancels it', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  const roles = await api<{ items: { id: string; name: string }[] }>(page, 'role.list', { perPage: 100 }, 'query');
  const roleId = (name: string) => roles.items.find((role) => role.name === name)!.id;
  const account = (username: string, firstName: string, lastName: string, role: string) =>
    api<{ id: string }>(page, 'user.create', {
      username,
      firstName,
      lastName,
      email: `${username}@hospital.example`,
      password: FIRST_PASSWORD,
      roleId: roleId(role),
    });
  const specialtyName = `Dermatología ${tag}`;
  const specialty = await api<{ id: string }>(page, 'specialty.create', { name: specialtyName });
  const department = await api<{ id: string }>(page, 'department.create', { name: `Consultas ${tag}` });
  const staff = await api<{ id: string }>(page, 'medicalStaff.create', {
    userId: (await account(`dp${tag}`, 'Elena', `Soto ${tag}`, 'Medical Staff')).id,
    specialtyId: specialty.id,
    departmentId: department.id,
    graduatedAt: new Date('1995-06-01T00:00:00Z'),
  });
  const day = dayjs().tz(ZONE).add(3, 'day');
  await api(page, 'schedule.setWeekly', {
    medicalStaffId: staff.id,
    timeZone: ZONE,
    slotMinutes: 30,
    rules: [{ weekday: day.day() || 7, start: '09:00', end: '12:00' }],
  });
  const username = `pa${tag}`;
  const me = await api<{ id: string }>(page, 'patient.create', {
    userId: (await account(username, 'Marina', `Vidal ${tag}`, 'Patient')).id,
    birthDate: new Date('1984-02-10T00:00:00Z'),
    disabilityIds: [],
  });

  // The patient signs in for the first time, in a browser of their own, and chooses a new password.
  const context = await browser.newContext();
  const patient = await context.newPage();
  await signIn(patient, username, FIRST_PASSWORD);
  const form = patient.getByTestId('force-password-form');
  await form.locator('[name="currentPassword"]').fill(FIRST_PASSWORD);
  await form.locator('[name="newPassword"]').fill(NEW_PASSWORD);
  await form.locator('[name="confirmPassword"]').fill(NEW_PASSWORD);
  await form.locator('[name="confirmPassword"]').press('Enter');
  await expect(patient.getByTestId('account-button')).toBeVisible();

  // Citas: their own page, no calendar, no staff filter, nothing booked yet.
  await patient.getByRole('navigation').getByRole('link', { name: 'Citas' }).click();
  await expect(patient.getByRole('heading', { name: 'Mis citas' })).toBeVisible();
  await expect(patient.getByText('Aún no tiene citas.')).toBeVisible();
  await expect(patient.getByRole('combobox', { name: 'Profesional' })).toHaveCount(0);
  await expect(patient.getByRole('tab')).toHaveCount(0);

  // Pick the specialty, then book the first free slot with the keyboard alone.
  await patient.getByRole('combobox', { name: 'Especialidad' }).click();
  await patient.getByRole('option', { name: specialtyName }).click();
  const slots = patient.getByRole('listbox', { name: 'Próximos huecos libres' });
  await expect(slots.getByRole('option').first()).toContainText('9:00');
  await expect(slots.getByRole('option').first()).toContainText(`Elena Soto ${tag}`);
  await slots.focus();
  await patient.keyboard.press('ArrowDown');
  await expect(slots.getByRole('option', { selected: true })).toContainText('9:30');
  await patient.keyboard.press('ArrowUp');
  await expect(slots.getByRole('option', { selected: true })).toContainText('9:00');
  await patient.keyboard.press('Enter');
  const book = patient.getByTestId('book-dialog');
  await expect(book).toBeVisible();
  await expect(book.getByRole('combobox', { name: 'Paciente' })).toHaveCount(0);
  await expect(book.getByLabel('Motivo de la consulta')).toBeFocused();
  await book.getByLabel('Motivo de la consulta').pressSequentially('Revisión de un lunar', { delay: 30 });
  await patient.keyboard.press('Enter');
  await expect(book).toBeHidden();
  await expect(patient.getByText(/^Cita reservada: /)).toBeVisible();

  // Booked for their own record, and listed among their upcoming appointments.
  const { items } = await api<{ items: { id: string; patientId: string; start: Date; status: string }[] }>(
    page,
    'appointment.list',
    { page: 1, perPage: 10, status: 'booked', medicalStaffId: staff.id },
    'query',
  );
  expect(items).toHaveLength(1);
  expect(items[0]!.patientId).toBe(me.id);
  expect(dayjs(items[0]!.start).tz(ZONE).format('YYYY-MM-DD HH:mm')).toBe(`${day.format('YYYY-MM-DD')} 09:00`);
  const upcoming = patient.getByRole('list', { name: 'Próximas' });
  const mine = upcoming.getByTestId('my-appointment').filter({ hasText: `Elena Soto ${tag}` });
  await expect(mine).toContainText('Revisión de un lunar');
  await expect(mine).toContainText(specialtyName);

  // At phone width, for people to look at.
  await patient.setViewportSize({ width: 390, height: 844 });
  await patient.screenshot({ path: '/tmp/shots/appointments-patient-390.png', fullPage: true });
  await patient.setViewportSize({ width: 1280, height: 900 });
  await expectAllTranslated(patient);

  // Cancel it with a reason: it moves to the past-and-closed list and the slot is free again.
  await mine.getByRole('button', { name: 'Anular la cita' }).click();
  const cancel = patient.getByTestId('cancel-dialog');
  await cancel.getByLabel('¿Por qué se anula?').pressSequentially('No puedo ir ese día');
  await cancel.getByRole('button', { name: 'Anular la cita' }).click();
  await expect(cancel).toBeHidden();
  const closed = patient.getByRole('list', { name: 'Pasadas y cerradas' }).getByTestId('my-appointment');
  await expect(closed.filter({ hasText: 'No puedo ir ese día' })).toBeVisible();
  await expect(upcoming).toHaveCount(0);
  await expect(slots.getByRole('option').first()).toContainText('9:00');
  await context.close();
});

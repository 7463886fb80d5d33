import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { animationsDone, api, expectAllTranslated, findRow, rowMenu, signInAsAdmin, snap } from './helpers.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Appointments as the front desk uses them, on the seeded hospital: book by clicking a free
 * slot, move by dragging and by keyboard, see a CONFLICT rolled back with the server's words,
 * and see a rival's booking from another browser appear live.
 *
 * One staff member is given hours on tomorrow's weekday only (08:00–20:00, 30-minute slots,
 * Madrid time, which the browsers use too), so every free slot the screens offer is tomorrow's.
 */
const ZONE = 'Europe/Madrid';
// Tall enough that a morning appointment and its afternoon target are on screen together.
test.use({ timezoneId: ZONE, locale: 'es-ES', viewport: { width: 1280, height: 1000 } });

interface Row {
  id: string;
  firstName: string;
  lastName: string;
}
interface Appointment {
  id: string;
  start: Date;
  status: string;
  patientId: string;
}

const tomorrow = () => dayjs().tz(ZONE).add(1, 'day').format('YYYY-MM-DD');
const at = (time: string) => dayjs.tz(`${tomorrow()} ${time}`, ZONE).toDate();
const hhmm = (date: Date) => dayjs(date).tz(ZONE).format('HH:mm');
const GRID_START = 8 * 60;
const STEP = 30;

/** The calendar's time slot at "HH:mm" in the (single) staff column. */
function slotAt(page: Page, time: string): Locator {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return page
    .locator('.rbc-time-content .rbc-day-slot')
    .first()
    .locator('.rbc-time-slot')
    .nth((h * 60 + m - GRID_START) / STEP);
}

/** Clicks a time slot where a person would (the events layer lies over the slots, so not through the element). */
async function clickSlot(page: Page, time: string) {
  const slot = slotAt(page, time);
  await slot.scrollIntoViewIfNeeded();
  const box = (await slot.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * Presses an appointment away from its resize handles (top and bottom centre), moves in small
 * steps and releases over the target slot, as a hand on a mouse does.
 */
async function drag(page: Page, from: Locator, to: Locator) {
  await to.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  const grab = a.height / 2;
  await page.mouse.move(a.x + 24, a.y + grab);
  await page.mouse.down();
  await page.mouse.move(a.x + 24, a.y + grab + 10, { steps: 4 });
  // The calendar keeps the grab offset: the appointment's top lands a quarter into the target slot.
  await page.mouse.move(b.x + 24, b.y + grab + b.height / 4, { steps: 12 });
  await page.mouse.up();
}

async function setUp(page: Page) {
  const [staff, other] = (
    await api<{ items: Row[] }>(
      page,
      'medicalStaff.list',
      { page: 1, perPage: 2, status: 'active', sort: { field: 'name', direction: 'asc' } },
      'query',
    )
  ).items as [Row, Row];
  const patients = (
    await api<{ items: Row[] }>(
      page,
      'patient.list',
      { page: 1, perPage: 3, status: 'active', sort: { field: 'name', direction: 'desc' } },
      'query',
    )
  ).items;
  const weekday = dayjs.utc(tomorrow()).day() || 7;
  for (const member of [staff, other]) {
    await api(page, 'schedule.setWeekly', {
      medicalStaffId: member.id,
      timeZone: ZONE,
      slotMinutes: STEP,
      rules: [{ weekday, start: '08:00', end: '20:00' }],
    });
    const schedule = await api<{ blocks: { id: string }[] }>(
      page,
      'schedule.get',
      { medicalStaffId: member.id },
      'query',
    );
    for (const block of schedule.blocks) await api(page, 'schedule.removeBlock', { id: block.id });
  }
  // A rerun on the same database starts from a free day: earlier bookings of these people are cancelled.
  const window = { from: at('00:00'), to: dayjs(at('00:00')).add(1, 'day').toDate() };
  const filters = [staff, other].map((member) => ({ medicalStaffId: member.id }));
  for (const filter of [...filters, ...patients.map((patient) => ({ patientId: patient.id }))]) {
    const { items } = await api<{ items: Appointment[] }>(
      page,
      'appointment.list',
      { page: 1, perPage: 100, status: 'booked', ...window, ...filter },
      'query',
    );
    for (const item of items)
      await api(page, 'appointment.cancel', { id: item.id, reason: 'Repetición de la prueba e2e' });
  }
  return { staff, other, patients, staffName: `${staff.firstName} ${staff.lastName}` };
}

async function appointmentsOf(page: Page, staffId: string) {
  const { items } = await api<{ items: Appointment[] }>(
    page,
    'appointment.list',
    { page: 1, perPage: 100, status: 'booked', from: at('00:00'), to: at('23:55'), medicalStaffId: staffId },
    'query',
  );
  return items;
}

async function openTomorrow(page: Page, staffName: string, view: 'calendar' | 'list' = 'calendar') {
  await page.goto('/appointments');
  await page.getByRole('combobox', { name: 'Profesional' }).click();
  await page.getByRole('option', { name: staffName, exact: true }).click();
  if (view === 'list') await page.getByRole('tab', { name: 'Recepción' }).click();
  await page.getByRole('button', { name: view === 'list' ? 'Día siguiente' : 'Siguiente', exact: true }).click();
}

async function rivalPage(browser: Browser) {
  const context = await browser.newContext({ timezoneId: ZONE, locale: 'es-ES' });
  const page = await context.newPage();
  await signInAsAdmin(page);
  return { context, page };
}

test('book by clicking a slot, move by dragging, a CONFLICT rolls back, a rival booking appears live, move by keyboard', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page);
  const { staff, other, patients, staffName } = await setUp(page);
  const [first, , third] = patients.map((patient) => ({
    ...patient,
    name: `${patient.firstName} ${patient.lastName}`,
  })) as [Row & { name: string }, Row & { name: string }, Row & { name: string }];

  // 1. Click the free 10:00 slot and book, typing the patient's name key by key.
  await openTomorrow(page, staffName);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'pending');
  await clickSlot(page, '10:00');
  const book = page.getByTestId('book-dialog');
  await expect(book).toBeVisible();
  await expect(book.getByTestId('book-when')).toContainText(staffName);
  await expect(book.getByRole('combobox', { name: 'Paciente' })).toBeFocused();
  await book.getByRole('combobox', { name: 'Paciente' }).pressSequentially(first.name, { delay: 40 });
  await expect(page.getByRole('option', { name: new RegExp(first.name) }).first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(book.getByRole('combobox', { name: 'Paciente' })).toHaveValue(new RegExp(first.name));
  await book.getByLabel('Motivo de la consulta').pressSequentially('Primera consulta');
  await page.keyboard.press('Enter');
  await expect(book).toBeHidden();
  const booked = page.locator('.rbc-event').filter({ hasText: first.name });
  await expect(booked).toBeVisible();
  let mine = (await appointmentsOf(page, staff.id)).find((item) => item.patientId === first.id)!;
  expect(hhmm(mine.start)).toBe('10:00');
  await snap(page, 'appointments-calendar-booked');

  // 2. Drag it to 11:00.
  await drag(page, booked, slotAt(page, '11:00'));
  await expect(page.getByText(/^Movida a /)).toBeVisible();
  await expect
    .poll(async () => hhmm((await appointmentsOf(page, staff.id)).find((item) => item.id === mine.id)!.start))
    .toBe('11:00');

  // 3. A rival in another browser books 08:30 with the keyboard alone ("next free slots");
  //    it appears here live, without a reload.
  const rival = await rivalPage(browser);
  await rival.page.goto(`/appointments?view=slots&staff=${staff.id}`);
  const slots = rival.page.getByRole('listbox', { name: 'Próximos huecos libres' });
  await expect(slots.getByRole('option').first()).toContainText('8:00', { timeout: 30_000 });
  await slots.focus();
  await rival.page.keyboard.press('ArrowDown');
  await expect(slots.getByRole('option', { selected: true })).toContainText('8:30');
  await rival.page.keyboard.press('Enter');
  const rivalBook = rival.page.getByTestId('book-dialog');
  await expect(rivalBook.getByRole('combobox', { name: 'Paciente' })).toBeFocused();
  await rivalBook.getByRole('combobox', { name: 'Paciente' }).pressSequentially(third.name, { delay: 40 });
  await expect(rival.page.getByRole('option', { name: new RegExp(third.name) }).first()).toBeVisible();
  await rival.page.keyboard.press('ArrowDown');
  await rival.page.keyboard.press('Enter');
  await rival.page.keyboard.press('Tab');
  await rival.page.keyboard.press('Tab');
  await expect(rivalBook.getByLabel('Motivo de la consulta')).toBeFocused();
  await rivalBook.getByLabel('Motivo de la consulta').pressSequentially('Revisión', { delay: 30 });
  await rival.page.keyboard.press('Enter');
  await expect(rival.page.getByText(new RegExp(`^Cita reservada para ${third.name}`))).toBeVisible();
  await expect(page.locator('.rbc-event').filter({ hasText: third.name })).toBeVisible();

  // 4. Meanwhile the rival books our patient with another staff member at 13:00, which this
  //    calendar does not show. Dragging ours to the free-looking 13:00 is refused by the server
  //    (the patient cannot be in two places); the calendar puts it back at 11:00 and says why.
  await api(rival.page, 'appointment.create', {
    patientId: first.id,
    medicalStaffId: other.id,
    start: at('13:00'),
    durationMinutes: 30,
  });
  // The rival's booking reaches this screen live and makes it read its appointments again; the drag
  // starts once that read has ended (a re-render under the pointer would drop the drag).
  await page.waitForTimeout(1500);
  await expect(page.locator('main [role="progressbar"]')).toHaveCount(0, { timeout: 30_000 });
  await drag(page, page.locator('.rbc-event').filter({ hasText: first.name }), slotAt(page, '13:00'));
  const otherName = `${other.firstName} ${other.lastName}`;
  const refusal = page.getByText(
    new RegExp(`^El paciente ya tiene una cita con ${otherName} de .* La cita ha vuelto a su sitio\\.$`),
  );
  await expect(refusal).toBeVisible();
  await snap(page, 'appointments-conflict-rolled-back');
  const back = page.locator('.rbc-event').filter({ hasText: first.name });
  const eleven = (await slotAt(page, '11:00').boundingBox())!;
  await expect.poll(async () => Math.abs((await back.boundingBox())!.y - eleven.y)).toBeLessThan(4);
  mine = (await appointmentsOf(page, staff.id)).find((item) => item.id === mine.id)!;
  expect(hhmm(mine.start)).toBe('11:00');

  // 5. Move it by keyboard from the front-desk list: Tab to "Mover", arrows, Enter.
  await page.getByRole('tab', { name: 'Recepción' }).click();
  await page.getByRole('button', { name: 'Día siguiente' }).click();
  const row = page.getByTestId('appointment-row').filter({ hasText: first.name });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Registrar llegada' }).focus();
  await page.keyboard.press('Tab');
  await expect(row.getByRole('button', { name: 'Mover' })).toBeFocused();
  await page.keyboard.press('Enter');
  const moveList = page.getByTestId('reschedule-dialog').getByRole('listbox');
  await expect(moveList).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const chosen = (await moveList.getByRole('option', { selected: true }).innerText()).split('\n')[0]!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('reschedule-dialog')).toBeHidden();
  await expect(page.getByText(/^Movida a /)).toBeVisible();
  mine = (await appointmentsOf(page, staff.id)).find((item) => item.id === mine.id)!;
  expect(chosen).toContain(dayjs(mine.start).tz(ZONE).format('H:mm'));
  expect(hhmm(mine.start)).not.toBe('11:00');
  await snap(page, 'appointments-list-es');
  await expectAllTranslated(page);
  await rival.context.close();
});

test("a staff member's schedule editor and a patient's appointments open from their lists", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  const { staff, staffName, patients } = await setUp(page);
  const patient = patients[0]!;
  await api(page, 'appointment.create', {
    patientId: patient.id,
    medicalStaffId: staff.id,
    start: at('17:00'),
    durationMinutes: 30,
    reason: 'Control',
  });

  await page.goto('/medical-staff');
  await findRow(page, staffName);
  await rowMenu(page, staffName, 'row-schedule');
  const editor = page.getByTestId('schedule-dialog');
  await expect(editor.getByRole('heading', { name: `Horario de ${staffName}` })).toBeVisible();
  const weekday = dayjs.utc(tomorrow()).day() || 7;
  const day = editor.getByTestId(`weekday-${weekday}`);
  await expect(day.getByLabel('Desde')).toHaveValue('08:00');
  await expect(day.getByLabel('Hasta')).toHaveValue('20:00');
  // A second interval the same day, saved and read back.
  await day.getByRole('button', { name: /^Añadir horas el / }).click();
  await expect(day.getByLabel('Desde')).toHaveCount(2);
  await day.getByLabel('Desde').nth(1).fill('20:00');
  await day.getByLabel('Hasta').nth(1).fill('21:00');
  await editor.getByTestId('schedule-save').click();
  await expect(page.getByText('Horario guardado')).toBeVisible();
  const saved = await api<{ rules: { weekday: number; start: string; end: string }[] }>(
    page,
    'schedule.get',
    { medicalStaffId: staff.id },
    'query',
  );
  expect(saved.rules).toEqual([
    { weekday, start: '08:00', end: '20:00' },
    { weekday, start: '20:00', end: '21:00' },
  ]);
  await snap(page, 'appointments-schedule-editor');
  await editor.getByRole('button', { name: 'Cerrar' }).click();

  const patientName = `${patient.firstName} ${patient.lastName}`;
  await page.goto('/patients');
  await findRow(page, patientName);
  await rowMenu(page, patientName, 'row-appointments');
  const mine = page.getByTestId('patient-appointments');
  await expect(mine.getByRole('list', { name: 'Próximas' })).toContainText(staffName);
  await expect(mine.getByRole('list', { name: 'Próximas' })).toContainText('Control');
  await expectAllTranslated(page);
});

test('screens at desktop and phone width, in Spanish and English', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  const { staffName } = await setUp(page);
  for (const language of ['es', 'en'] as const) {
    if (language === 'en') {
      await page.evaluate(() => {
        const settings = JSON.parse(localStorage.getItem('mas.settings') ?? '{}') as Record<string, unknown>;
        localStorage.setItem('mas.settings', JSON.stringify({ ...settings, language: 'en' }));
      });
    }
    for (const phone of [false, true]) {
      await page.setViewportSize(phone ? { width: 390, height: 844 } : { width: 1440, height: 900 });
      await page.goto('/appointments');
      await expect(page.locator('main h1')).toHaveText(language === 'es' ? 'Citas' : 'Appointments');
      await expect(page.getByTestId('appointment-calendar')).toBeVisible();
      await expect(page.locator('main [role="progressbar"]')).toHaveCount(0, { timeout: 30_000 });
      // The page itself never scrolls sideways; the calendar scrolls inside its own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone ? 390 : 1440);
      await snap(page, `appointments-calendar-${language}-${phone ? 'phone' : 'desktop'}`);
      await page.goto(`/appointments?view=slots`);
      await page.getByRole('combobox', { name: language === 'es' ? 'Profesional' : 'Staff member' }).click();
      await page.getByRole('option', { name: staffName, exact: true }).click();
      await expect(page.getByTestId('free-slot').first()).toBeVisible();
      await snap(page, `appointments-slots-${language}-${phone ? 'phone' : 'desktop'}`);
      await expectAllTranslated(page);
    }
  }
});

/** Serious and critical axe findings (the rules e2e/a11y.spec.ts applies), with where. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      where: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
}

test('the calendar with appointments, the front desk, the free slots and the dialogs pass axe-core, light and dark', async ({
  page,
}) => {
  test.setTimeout(480_000);
  await signInAsAdmin(page);
  const { staff, staffName, patients } = await setUp(page);
  await api(page, 'appointment.create', {
    patientId: patients[0]!.id,
    medicalStaffId: staff.id,
    start: at('09:00'),
    durationMinutes: 30,
  });
  await api(page, 'schedule.addBlock', {
    medicalStaffId: staff.id,
    start: at('12:00'),
    end: at('13:00'),
    reason: 'Sesión clínica',
  });
  const found: Record<string, unknown> = {};
  const check = async (name: string) => {
    await expect(page.locator('main [role="progressbar"]')).toHaveCount(0, { timeout: 30_000 });
    await animationsDone(page);
    const violations = await seriousViolations(page);
    if (violations.length) found[name] = violations;
  };
  for (const mode of ['light', 'dark'] as const) {
    await page.evaluate((value) => localStorage.setItem('mas.theme', value), mode);
    await openTomorrow(page, staffName);
    await expect(page.locator('.rbc-event').first()).toBeVisible();
    await check(`${mode} calendar`);
    await clickSlot(page, '15:00');
    await expect(page.getByTestId('book-dialog')).toBeVisible();
    await check(`${mode} book dialog`);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Recepción' }).click();
    await page.getByRole('button', { name: 'Día siguiente' }).click();
    await expect(page.getByTestId('appointment-row').first()).toBeVisible();
    await check(`${mode} front desk`);
    // The first appointment still booked (earlier tests leave cancelled ones on this day).
    await page.getByRole('button', { name: 'Anular la cita' }).first().click();
    await expect(page.getByTestId('cancel-dialog')).toBeVisible();
    await check(`${mode} cancel dialog`);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Huecos libres' }).click();
    await expect(page.getByTestId('free-slot').first()).toBeVisible({ timeout: 30_000 });
    await check(`${mode} free slots`);
  }
  expect(found).toEqual({});
});

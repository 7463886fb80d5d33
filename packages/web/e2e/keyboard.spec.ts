import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, signInAsAdmin } from './helpers.ts';

/**
 * Staff at a keyboard: typing key by key (never `fill()`), no mouse. Records are this spec's own
 * (found by a unique tag), so it runs on an empty database and on `npm run seed` data alike.
 */
const tag = Date.now().toString(36).slice(-5);
const names = {
  department: `Teclado ${tag}`,
  specialty: `Medicina ${tag}`,
  room: `K-${tag}`,
  // Alphabetically first: what the broken picker used to record instead of the typed one.
  firstDiagnosis: `Apendicitis ${tag}`,
  diagnosis: `Sepsis ${tag}`,
};
const PASSWORD = 'clave-inicial-2026';
/** Two patients whose usernames share a prefix: "type, ArrowDown, Enter" must take the first match. */
const patients = [
  { username: `kp${tag}`, firstName: 'Aiko', lastName: `Brown ${tag}` },
  { username: `kp${tag}9`, firstName: 'Marta', lastName: `Chen ${tag}` },
];
const doctor = { username: `kd${tag}`, firstName: 'Jorge', lastName: `Teclas ${tag}` };

mkdirSync('/tmp/shots', { recursive: true });

async function seed(page: Page) {
  const roles = await api<{ items: { id: string; name: string }[] }>(page, 'role.list', { perPage: 100 }, 'query');
  const roleId = (name: string) => roles.items.find((role) => role.name === name)!.id;
  const department = await api<{ id: string }>(page, 'department.create', { name: names.department });
  const specialty = await api<{ id: string }>(page, 'specialty.create', { name: names.specialty });
  await api(page, 'diagnosis.create', { name: names.firstDiagnosis });
  await api(page, 'diagnosis.create', { name: names.diagnosis });
  await api(page, 'room.create', { name: names.room, bedCount: 2, departmentId: department.id });
  const account = (person: { username: string; firstName: string; lastName: string }, role: string) =>
    api<{ id: string }>(page, 'user.create', {
      ...person,
      email: `${person.username}@hospital.example`,
      password: PASSWORD,
      roleId: roleId(role),
    });
  for (const person of patients) {
    const user = await account(person, 'Patient');
    await api(page, 'patient.create', {
      userId: user.id,
      birthDate: new Date('1980-03-15T00:00:00Z'),
      disabilityIds: [],
    });
  }
  const staff = await account(doctor, 'Medical Staff');
  await api(page, 'medicalStaff.create', {
    userId: staff.id,
    specialtyId: specialty.id,
    departmentId: department.id,
    graduatedAt: new Date('1990-06-01T00:00:00Z'),
  });
}

/** Presses Tab until the element matching `selector` has focus (a person tabbing to a field). */
async function tabTo(page: Page, selector: string, max = 12) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  expect(await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)).toBe(true);
}

test.describe.configure({ mode: 'serial' });

test('admit a patient with the keyboard alone: focus, first matches, typed diagnoses', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  await seed(page);
  await page.goto('/admissions');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresos' })).toBeVisible();

  // Tab to "Admit a patient" and press Enter: the first field has focus, not the dialog or form.
  await tabTo(page, '[data-testid="create-button"]', 40);
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('entity-form');
  await expect(dialog).toBeVisible();
  const patient = dialog.getByTestId('patient-picker').locator('input');
  await expect(patient).toBeFocused();

  // Type, ArrowDown, Enter: the first match, never the second.
  await page.keyboard.type(`kp${tag}`, { delay: 40 });
  await expect(patient).toHaveValue(`kp${tag}`);
  await expect(page.getByRole('option')).toHaveCount(2);
  const first = (await page.getByRole('option').first().textContent())!;
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(patient).toHaveValue(first);
  expect(first).toContain(`@kp${tag})`);
  await page.screenshot({ path: '/tmp/shots/admit-keyboard-patient-es.png' });

  // Staff: type and Enter takes the first match; the text typed stays until then.
  await page.keyboard.press('Tab');
  const staff = dialog.getByTestId('staff-picker').locator('input');
  await expect(staff).toBeFocused();
  await page.keyboard.type(`Teclas ${tag}`, { delay: 40 });
  await expect(staff).toHaveValue(`Teclas ${tag}`);
  await page.keyboard.press('Enter');
  await expect(staff).toHaveValue(`Jorge Teclas ${tag} · ${names.specialty}`);
  await expect(dialog).toBeVisible();

  // Bed.
  await tabTo(page, '[data-testid="bed-picker"] input');
  await page.keyboard.type(names.room, { delay: 40 });
  await expect(page.getByRole('option')).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('bed-picker').locator('input')).toHaveValue(`${names.room} · cama 1`);

  // Diagnoses: every typed key stays; Enter records the typed one, not the alphabetical first.
  await tabTo(page, '[data-testid="diagnosis-picker"] input');
  const diagnoses = dialog.getByTestId('diagnosis-picker').locator('input');
  await diagnoses.pressSequentially(names.diagnosis, { delay: 40 });
  await expect(diagnoses).toHaveValue(names.diagnosis);
  await page.screenshot({ path: '/tmp/shots/admit-keyboard-diagnosis-typed-es.png' });
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('diagnosis-picker').getByRole('button', { name: names.diagnosis })).toBeVisible();
  await expect(dialog.getByTestId('diagnosis-picker').getByRole('button', { name: names.firstDiagnosis })).toHaveCount(
    0,
  );
  await expect(diagnoses).toHaveValue('');
  // Typed fast and Enter at once (before the server answered): still the typed one.
  await diagnoses.pressSequentially(names.firstDiagnosis);
  await page.keyboard.press('Enter');
  await expect(
    dialog.getByTestId('diagnosis-picker').getByRole('button', { name: names.firstDiagnosis }),
  ).toBeVisible();
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/admit-keyboard-filled-es.png' });

  // Ctrl+Enter saves; focus goes back to the button that opened the dialog.
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('create-button')).toBeFocused();
  const admitted = first.split(' (@')[0]!;
  const row = page.getByRole('row').filter({ hasText: admitted });
  await expect(row).toContainText(`${names.room} · cama 1`);

  // Edit admission: the same picker keeps typed text there too.
  const search = page
    .getByRole('searchbox')
    .or(page.getByPlaceholder(/Buscar/))
    .first();
  await search.pressSequentially(admitted, { delay: 30 });
  await expect(row).toHaveCount(1);
  await row.getByRole('menuitem', { name: `Editar ${admitted}` }).click();
  await expect(dialog).toBeVisible();
  // The first field (the admission date) has focus.
  await expect(dialog.getByRole('group', { name: 'Ingreso' }).locator('[role="spinbutton"]').first()).toBeFocused();
  await diagnoses.click();
  await diagnoses.pressSequentially('Sepsis', { delay: 40 });
  await expect(diagnoses).toHaveValue('Sepsis');
  await page.keyboard.press('Escape');
});

test('Ctrl+K from a button, a link or a text field focuses the palette', async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto('/admissions');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresos' })).toBeVisible();
  const palette = page.getByTestId('command-palette');
  const input = palette.getByRole('combobox');
  const focusers: [string, (p: Page) => Promise<void>][] = [
    ['button', (p) => p.getByTestId('create-button').focus()],
    ['link', (p) => p.getByRole('link', { name: 'Habitaciones' }).focus()],
    [
      'text field',
      (p) =>
        p
          .getByPlaceholder(/Buscar/)
          .first()
          .click(),
    ],
  ];
  for (const [what, focus] of focusers) {
    await focus(page);
    await page.keyboard.press('Control+k');
    await expect(palette, what).toBeVisible();
    await expect(input, what).toBeFocused();
    await page.keyboard.type('habitac');
    await expect(input, what).toHaveValue('habitac');
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  }
  // And it still leads somewhere.
  await page.getByTestId('create-button').focus();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('habitaciones');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/rooms$/);
});

import { expect, type Page } from '@playwright/test';
import { api } from './helpers.ts';

/**
 * A small clinic of this spec's own, made through the API and named with a unique tag, so a spec
 * finds its records by name or search on an empty database and on `npm run seed` data alike.
 */
export async function createClinic(page: Page, tag: string) {
  const names = {
    department: `Planta ${tag}`,
    specialty: `Medicina ${tag}`,
    room: `P-${tag}`,
    diagnosis: `Neumonía ${tag}`,
  };
  const patient = { username: `pc${tag}`, firstName: 'Lucía', lastName: `Fernández ${tag}` };
  const doctor = { username: `dc${tag}`, firstName: 'Jorge', lastName: `Ruiz ${tag}` };
  const roles = await api<{ items: { id: string; name: string }[] }>(page, 'role.list', { perPage: 100 }, 'query');
  const roleId = (name: string) => roles.items.find((role) => role.name === name)!.id;
  const department = await api<{ id: string }>(page, 'department.create', { name: names.department });
  const specialty = await api<{ id: string }>(page, 'specialty.create', { name: names.specialty });
  const diagnosis = await api<{ id: string }>(page, 'diagnosis.create', { name: names.diagnosis });
  const room = await api<{ id: string }>(page, 'room.create', {
    name: names.room,
    bedCount: 3,
    departmentId: department.id,
  });
  const account = (person: typeof patient, role: string) =>
    api<{ id: string }>(page, 'user.create', {
      ...person,
      email: `${person.username}@hospital.example`,
      password: 'clave-inicial-2026',
      roleId: roleId(role),
    });
  const patientRecord = await api<{ id: string }>(page, 'patient.create', {
    userId: (await account(patient, 'Patient')).id,
    birthDate: new Date('1980-03-15T00:00:00Z'),
    disabilityIds: [],
  });
  const staffRecord = await api<{ id: string }>(page, 'medicalStaff.create', {
    userId: (await account(doctor, 'Medical Staff')).id,
    specialtyId: specialty.id,
    departmentId: department.id,
    graduatedAt: new Date('1990-06-01T00:00:00Z'),
  });
  const admission = await api<{ id: string }>(page, 'admission.create', {
    patientId: patientRecord.id,
    medicalStaffId: staffRecord.id,
    admittedAt: new Date(Date.now() - 3 * 86_400_000),
    roomId: room.id,
    bed: 2,
    diagnosisIds: [diagnosis.id],
    isUrgent: true,
  });
  return {
    names,
    patient: { ...patient, name: `${patient.firstName} ${patient.lastName}` },
    doctor: { ...doctor, name: `${doctor.firstName} ${doctor.lastName}` },
    ids: { room: room.id, admission: admission.id },
  };
}

/** Switches the interface language from the display settings menu. */
export async function chooseLanguage(page: Page, language: 'es' | 'en') {
  await page.getByTestId('settings-button').first().click();
  await page.getByTestId(`language-${language}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', language);
  await page.keyboard.press('Escape');
}

/** A screenshot for people to look at, outside the repository. */
export async function shot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage });
}

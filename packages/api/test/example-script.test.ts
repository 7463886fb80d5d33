import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { makePatient, makeStaff, makeWard } from './clinical-helpers.ts';
import { ADMIN_PASSWORD, callerFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();

it('the example script signs in with a token, lists, creates and receives its own change event', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../scripts/example.ts')],
    {
      env: { ...process.env, MAS_URL: api.server.url, MAS_USERNAME: 'admin', MAS_PASSWORD: ADMIN_PASSWORD },
      timeout: 30_000,
    },
  );
  expect(stdout).toContain('signed in as admin (Superadmin)');
  expect(stdout).toMatch(/\d+ specialties; first page:/);
  expect(stdout).toMatch(/received: created Example .+ \(event [a-f0-9]{24}\)/);
});

it('the Python example (standard library only) signs in, lists current admissions over REST and reads a patient over FHIR', async () => {
  const admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
  const ward = await makeWard(admin, 1);
  const patient = await makePatient(admin, 'Pythonia', 'Example');
  const staff = await makeStaff(admin, 'Py', 'Doctor', ward.specialty.id, ward.department.id);
  await admin.admission.create({
    patientId: patient.id,
    medicalStaffId: staff.id,
    admittedAt: new Date(),
    roomId: ward.room.id,
    bed: 1,
    diagnosisIds: [ward.diagnosis.id],
  });
  const { stdout } = await promisify(execFile)('python3', [join(import.meta.dirname, '../scripts/example.py')], {
    env: { ...process.env, MAS_URL: api.server.url, MAS_USERNAME: 'admin', MAS_PASSWORD: ADMIN_PASSWORD },
    timeout: 30_000,
  });
  expect(stdout).toContain('signed in as admin (Superadmin)');
  expect(stdout).toMatch(/^1 current admissions$/m);
  expect(stdout).toContain(`Pythonia Example in ${ward.room.name} bed 1`);
  expect(stdout).toMatch(new RegExp(`FHIR Patient/${patient.id}: Pythonia Example, born \\d{4}-\\d{2}-\\d{2}`));
  expect(stdout).toContain('FHIR Encounter search: 1 encounter(s)');
  expect(stdout).toContain(`in-progress: ${ward.room.name}, bed 1; diagnoses: ${ward.diagnosis.name}`);
  expect(stdout).toContain('signed out');
});

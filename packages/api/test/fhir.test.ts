import type {
  Bundle,
  CapabilityStatement,
  Condition,
  Encounter,
  Location,
  OperationOutcome,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../scripts/seed-data.ts';
import { Audit } from '../src/core/audit-model.ts';
import { RESOURCE_MODULES } from '../src/fhir/registry.ts';
import { makePatient, makeStaff, makeWard, daysAgo, type Caller } from './clinical-helpers.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { expectValidFhir } from './fhir-validator.ts';

const api = useTestApi();
let adminToken: string;
let technicalToken: string;
let admin: Caller;
let patientId: string;
let patientUsername: string;
let admissionId: string;
let firstRoomId: string;
let secondRoomId: string;

const fhir = (path: string, token: string | null = adminToken, headers: Record<string, string> = {}) =>
  fetch(`${api.server.url}/fhir/R4/${path}`, {
    headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });

async function read<T extends Resource>(path: string, token: string | null = adminToken): Promise<T> {
  const response = await fhir(path, token);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  const resource = (await response.json()) as T;
  expectValidFhir(resource);
  return resource;
}

async function expectOutcome(path: string, status: number, token: string | null = adminToken, headers = {}) {
  const response = await fhir(path, token, headers);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  const outcome = (await response.json()) as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  expectValidFhir(outcome);
  return outcome;
}

/** Follows a search's next links to the end; every page a valid searchset Bundle. */
async function walk(path: string, token = adminToken) {
  const ids: string[] = [];
  let url: string | undefined = `${api.server.url}/fhir/R4/${path}`;
  let total = -1;
  let pages = 0;
  while (url) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, url).toBe(200);
    const bundle = (await response.json()) as Bundle;
    expectValidFhir(bundle);
    expect(bundle.type).toBe('searchset');
    if (pages > 0) expect(bundle.link?.some((link) => link.relation === 'previous')).toBe(true);
    total = bundle.total!;
    for (const entry of bundle.entry ?? []) {
      if (entry.search?.mode === 'match') ids.push(entry.resource!.id!);
      expect(entry.fullUrl).toBe(`${api.server.url}/fhir/R4/${entry.resource!.resourceType}/${entry.resource!.id}`);
    }
    url = bundle.link?.find((link) => link.relation === 'next')?.url;
    pages++;
  }
  return { ids, total, pages };
}

beforeAll(async () => {
  await seed({ admissions: 60, months: 2 });
  const administrator = await userWithRole(api.server, 'Administrator');
  adminToken = administrator.token;
  technicalToken = (await userWithRole(api.server, 'Technical')).token;
  admin = callerFor(api.server, administrator.user);
  // One admission with a transfer and a discharge, so the Encounter has a location history.
  const ward = await makeWard(admin, 2);
  const other = await admin.room.create({
    name: `Other ${ward.room.name}`,
    bedCount: 2,
    departmentId: ward.department.id,
  });
  const second = await admin.diagnosis.create({ name: `Second ${ward.diagnosis.name}` });
  const patient = await makePatient(admin, 'Fhirina', 'Zyxwvuts');
  const staff = await makeStaff(admin, 'Doc', 'Fhirson', ward.specialty.id, ward.department.id);
  patientId = patient.id;
  patientUsername = patient.username;
  firstRoomId = ward.room.id;
  secondRoomId = other.id;
  const admission = await admin.admission.create({
    patientId,
    medicalStaffId: staff.id,
    admittedAt: daysAgo(3),
    roomId: ward.room.id,
    bed: 1,
    diagnosisIds: [ward.diagnosis.id, second.id],
  });
  admissionId = admission.id;
  await admin.admission.transfer({ id: admissionId, roomId: other.id, bed: 2 });
  await admin.admission.discharge({ id: admissionId });
}, 300_000);

describe('FHIR R4: metadata', () => {
  it('serves a valid CapabilityStatement listing exactly the registered types and their searches', async () => {
    const statement = await read<CapabilityStatement>('metadata', null);
    expect(statement.fhirVersion).toBe('4.0.1');
    const resources = statement.rest![0]!.resource!;
    expect(resources.map((resource) => resource.type).sort()).toEqual(
      [
        'Appointment',
        'Condition',
        'Encounter',
        'Location',
        'Organization',
        'Patient',
        'Practitioner',
        'PractitionerRole',
        'Schedule',
        'Slot',
      ].sort(),
    );
    expect(resources.map((resource) => resource.type)).toEqual(RESOURCE_MODULES.map((module) => module.type));
    const searches = (type: string) =>
      resources.find((resource) => resource.type === type)!.searchParam!.map((param) => param.name);
    expect(searches('Patient')).toEqual(['name', 'birthdate', 'identifier']);
    expect(searches('Encounter')).toEqual(['patient', 'status', 'date']);
    expect(searches('Appointment')).toEqual(['patient', 'practitioner', 'date']);
    expect(searches('Schedule')).toEqual(['actor']);
    expect(searches('Slot')).toEqual(['schedule', 'start']);
  });
});

describe('FHIR R4: reads', () => {
  it('reads a patient as a valid Patient, and audits the read', async () => {
    const before = await Audit.countDocuments({ action: 'read', entity: 'patient', entityId: patientId });
    const patient = await read<Patient>(`Patient/${patientId}`);
    expect(patient.name![0]).toMatchObject({ family: 'Zyxwvuts', given: ['Fhirina'] });
    expect(patient.identifier![0]).toMatchObject({ system: 'urn:mas:username', value: patientUsername });
    expect(patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await Audit.countDocuments({ action: 'read', entity: 'patient', entityId: patientId })).toBe(before + 1);
  });

  it('reads an admission as an inpatient Encounter with its bed history and diagnoses, every reference resolving', async () => {
    const encounter = await read<Encounter>(`Encounter/${admissionId}`);
    expect(encounter.status).toBe('finished');
    expect(encounter.class).toMatchObject({ code: 'IMP' });
    expect(encounter.period?.start).toBeTruthy();
    expect(encounter.period?.end).toBeTruthy();
    expect(encounter.location!.map((entry) => [entry.location.reference, entry.status])).toEqual([
      [`Location/${firstRoomId}-1`, 'completed'],
      [`Location/${secondRoomId}-2`, 'completed'],
    ]);
    expect(encounter.location![0]!.period!.end).toBe(encounter.location![1]!.period!.start);
    expect(encounter.reasonReference).toHaveLength(2);

    const subject = await read<Patient>(encounter.subject!.reference!);
    expect(subject.id).toBe(patientId);
    await read(encounter.participant![0]!.individual!.reference!);
    await read(encounter.serviceProvider!.reference!);
    for (const reason of encounter.reasonReference!) {
      const condition = await read<Condition>(reason.reference!);
      expect(condition.subject.reference).toBe(`Patient/${patientId}`);
      expect(condition.encounter?.reference).toBe(`Encounter/${admissionId}`);
      expect(condition.category![0]!.coding![0]!.code).toBe('encounter-diagnosis');
    }
    for (const entry of encounter.location!) {
      const bed = await read<Location>(entry.location.reference!);
      expect(bed.physicalType?.coding?.[0]?.code).toBe('bd');
      const room = await read<Location>(bed.partOf!.reference!);
      expect(room.physicalType?.coding?.[0]?.code).toBe('ro');
      await read(room.managingOrganization!.reference!);
    }
  });

  it('reads staff as Practitioner and PractitionerRole, the role pointing at its department', async () => {
    const bundle = await read<Bundle>('PractitionerRole?_count=3');
    for (const entry of bundle.entry!) {
      const role = entry.resource as { practitioner: { reference: string }; organization: { reference: string } };
      await read(role.practitioner.reference);
      await read(role.organization.reference);
    }
  });
});

describe('FHIR R4: searches', () => {
  it('pages through every patient with _count and next links: no duplicates, no gaps', async () => {
    const { ids, total, pages } = await walk('Patient?_count=7');
    expect(pages).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
    const listed = await admin.patient.list({ perPage: 1 });
    expect(total).toBe(listed.total);
  });

  it('pages through encounters the same way', async () => {
    const { ids, total, pages } = await walk('Encounter?_count=25');
    expect(pages).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(total);
  });

  it('finds a patient by name, identifier and birthdate', async () => {
    const byName = await read<Bundle>('Patient?name=Zyxwvuts');
    expect(byName.entry!.map((entry) => entry.resource!.id)).toEqual([patientId]);
    const byIdentifier = await read<Bundle>(`Patient?identifier=urn:mas:username|${patientUsername}`);
    expect(byIdentifier.total).toBe(1);
    expect(byIdentifier.entry![0]!.resource!.id).toBe(patientId);
    const patient = await read<Patient>(`Patient/${patientId}`);
    const born = await read<Bundle>(`Patient?name=Zyxwvuts&birthdate=${patient.birthDate}`);
    expect(born.total).toBe(1);
    const notBorn = await read<Bundle>(`Patient?name=Zyxwvuts&birthdate=lt${patient.birthDate}`);
    expect(notBorn.total).toBe(0);
    const otherSystem = await read<Bundle>(`Patient?identifier=urn:other|${patientUsername}`);
    expect(otherSystem.total).toBe(0);
  });

  it('searches encounters by patient, status and date', async () => {
    const mine = await read<Bundle>(`Encounter?patient=Patient/${patientId}`);
    expect(mine.entry!.map((entry) => entry.resource!.id)).toEqual([admissionId]);
    expect((await read<Bundle>(`Encounter?patient=${patientId}&status=finished`)).total).toBe(1);
    expect((await read<Bundle>(`Encounter?patient=${patientId}&status=in-progress`)).total).toBe(0);
    const admittedOn = (await read<Encounter>(`Encounter/${admissionId}`)).period!.start!.slice(0, 10);
    expect((await read<Bundle>(`Encounter?patient=${patientId}&date=${admittedOn}`)).total).toBe(1);
    expect((await read<Bundle>(`Encounter?patient=${patientId}&date=gt${admittedOn}`)).total).toBe(0);
    const counts = (await admin.admission.list({ perPage: 1 })).counts;
    expect((await read<Bundle>('Encounter?status=in-progress&_count=1')).total).toBe(counts.active);
    expect((await read<Bundle>('Encounter?status=finished&_count=1')).total).toBe(counts.discharged);
  });

  it('answers valid Bundles for every type and search', async () => {
    for (const path of [
      'Practitioner?_count=5',
      'PractitionerRole?_count=5',
      'Organization',
      'Location?_count=10',
      `Location?partof=Location/${firstRoomId}`,
      `Condition?patient=Patient/${patientId}`,
      `Condition?encounter=Encounter/${admissionId}`,
      'Appointment?_count=5',
      'Schedule?_count=5',
    ]) {
      const bundle = await read<Bundle>(path);
      expect(bundle.total, path).toBeGreaterThan(0);
      for (const entry of bundle.entry!) expectValidFhir(entry.resource!);
    }
    const beds = await read<Bundle>(`Location?partof=Location/${firstRoomId}`);
    expect(beds.entry!.map((entry) => entry.resource!.id)).toEqual([`${firstRoomId}-1`, `${firstRoomId}-2`]);
    expect((await read<Bundle>(`Condition?encounter=Encounter/${admissionId}`)).total).toBe(2);
  });
});

describe('FHIR R4: errors are OperationOutcomes', () => {
  it('401 without a session, 403 for a Technical user on patient data, 404 for unknown ids and types', async () => {
    const unauthenticated = await fhir(`Patient/${patientId}`, null);
    expect(unauthenticated.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectOutcome(`Patient/${patientId}`, 401, null);
    await expectOutcome('Patient', 401, 'not-a-real-token');
    await expectOutcome(`Patient/${patientId}`, 403, technicalToken);
    await expectOutcome('Patient?name=a', 403, technicalToken);
    await expectOutcome(`Encounter/${admissionId}`, 403, technicalToken);
    // A Technical user reads rooms.
    await read(`Location/${firstRoomId}`, technicalToken);
    await expectOutcome('Patient/0123456789abcdef01234567', 404);
    await expectOutcome('Patient/not-an-id', 404);
    await expectOutcome(`Condition/${admissionId}-0123456789abcdef01234567`, 404);
    await expectOutcome(`Location/${firstRoomId}-9`, 404);
    await expectOutcome('Observation/1', 404);
  });

  it('shares the API sessions: a token signed out through the REST API no longer reads FHIR', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    await read(`Patient/${patientId}`, staff.token);
    const logout = await fetch(`${api.server.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff.token}` },
    });
    expect(logout.status).toBe(200);
    await expectOutcome(`Patient/${patientId}`, 401, staff.token);
  });

  it('400 for unknown search parameters and bad values', async () => {
    await expectOutcome('Patient?foo=bar', 400);
    await expectOutcome('Patient?birthdate=yesterday', 400);
    await expectOutcome('Patient?birthdate=2024-13-99', 400);
    await expectOutcome('Patient?birthdate=2023-02-29', 400);
    await expectOutcome('Patient?_count=1000', 400);
    await expectOutcome('Encounter?patient=Practitioner/0123456789abcdef01234567', 400);
    await expectOutcome('Condition', 400);
  });

  it('refuses cross-site requests and writes', async () => {
    await expectOutcome(`Patient/${patientId}`, 403, adminToken, {
      'sec-fetch-site': 'cross-site',
      origin: 'https://evil.example',
    });
    const put = await fetch(`${api.server.url}/fhir/R4/Patient/${patientId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(put.status).toBe(405);
    expectValidFhir((await put.json()) as OperationOutcome);
  });
});

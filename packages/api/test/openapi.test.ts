import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../scripts/seed-data.ts';
import { Audit } from '../src/core/audit-model.ts';
import { REST_OPERATIONS } from '../src/rest/operations.ts';
import { makePatient, makeStaff, makeWard, daysAgo } from './clinical-helpers.ts';
import { ADMIN_PASSWORD, callerFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let document: Json;
let token: string;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

const rest = (path: string, init: RequestInit & { token?: string | null } = {}) =>
  fetch(`${api.server.url}/api/v1${path}`, {
    ...init,
    headers: {
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...((init.token === undefined ? token : init.token) ? { authorization: `Bearer ${init.token ?? token}` } : {}),
    },
  });

/** The documented schema of an operation's answer for a status. */
function documented(path: string, method: string, status: string): Json {
  const response = document.paths[path][method].responses[status];
  expect(response, `${method} ${path} documents ${status}`).toBeDefined();
  const resolved = response.$ref ? document.components.responses.Error : response;
  const schema = resolved.content['application/json'].schema;
  return schema.$ref ? document.components.schemas.Error : schema;
}

async function expectDocumented(response: Response, path: string, method: string) {
  const body: unknown = await response.json();
  const validate = ajv.compile(documented(path, method, String(response.status)));
  expect(validate(body) ? [] : validate.errors, `${method} ${path} → ${response.status}`).toEqual([]);
  return body as Json;
}

beforeAll(async () => {
  await seed({ admissions: 20, months: 1 });
  const login = await rest('/auth/login', {
    method: 'POST',
    token: null,
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD, mode: 'token' }),
  });
  expect(login.status).toBe(200);
  token = ((await login.json()) as { token: string }).token;
  document = (await (await fetch(`${api.server.url}/api/openapi.json`)).json()) as Json;
}, 300_000);

describe('OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with a maintained validator, and describes bearer auth', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
  });

  it('documents lists and reads of every entity and the admission flow, each from its procedure', () => {
    const operations = Object.values(document.paths as Json).flatMap((item) =>
      Object.values(item as Json).map((operation) => (operation as Json).operationId as string),
    );
    for (const entity of [
      'user',
      'role',
      'specialty',
      'department',
      'room',
      'disability',
      'diagnosis',
      'patient',
      'medicalStaff',
      'admission',
    ]) {
      expect(operations).toContain(`${entity}.list`);
      expect(operations).toContain(`${entity}.get`);
    }
    for (const procedure of ['admission.create', 'admission.transfer', 'admission.discharge', 'auth.login']) {
      expect(operations).toContain(procedure);
    }
    expect(operations.sort()).toEqual(REST_OPERATIONS.map((operation) => operation.procedure).sort());
    // The input schema is the procedure's: the admissions list's sort fields come from @mas/shared.
    const sort = (document.paths['/admissions'].get.parameters as Json[]).find(
      (parameter) => parameter.name === 'sort',
    );
    expect(sort!.schema.properties.field.enum).toContain('daysInAdmission');
    expect(document.paths['/patients/{id}'].get.description).toContain('patient.read');
  });

  it('serves browsable docs from this server, nothing from a CDN', async () => {
    const page = await fetch(`${api.server.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'init.js']) {
      expect(html).toContain(asset);
      const response = await fetch(`${api.server.url}/api/docs/${asset}`);
      expect(response.status, asset).toBe(200);
    }
    expect((await fetch(`${api.server.url}/api/docs`, { redirect: 'manual' })).status).toBe(301);
  });
});

describe('REST operations answer as documented', () => {
  it('every documented GET answers 200 with its documented schema (ids taken from the lists)', async () => {
    const gets = Object.entries(document.paths as Json).filter(([, item]) => (item as Json).get);
    expect(gets.length).toBeGreaterThan(20);
    for (const [path] of gets) {
      let url = path;
      if (path.includes('{id}')) {
        const list = (await (await rest(path.replace('/{id}', ''))).json()) as { items: { id: string }[] };
        expect(list.items.length, `${path}: the list has items`).toBeGreaterThan(0);
        url = path.replace('{id}', list.items[0]!.id);
      }
      const response = await rest(url);
      expect(response.status, url).toBe(200);
      await expectDocumented(response, path, 'get');
    }
  });

  it('reads query parameters as the schema types them (numbers, nested sort, dates)', async () => {
    const response = await rest('/patients?page=2&perPage=3&sort[field]=name&sort[direction]=desc');
    const page = await expectDocumented(response, '/patients', 'get');
    expect(page).toMatchObject({ page: 2, perPage: 3 });
    const bad = await rest('/patients?perPage=many');
    expect(bad.status).toBe(400);
    await expectDocumented(bad, '/patients', 'get');
    const since = await rest(`/admissions?status=active&from=${encodeURIComponent(daysAgo(400).toISOString())}`);
    expect(
      (await expectDocumented(since, '/admissions', 'get')).items.every((item: Json) => item.status === 'active'),
    ).toBe(true);
  });

  it('answers 401, 403 and 404 in the documented error shape, and audits reads like tRPC', async () => {
    const anonymous = await rest('/patients', { token: null });
    expect(anonymous.status).toBe(401);
    expect((await expectDocumented(anonymous, '/patients', 'get')).error.data.appError.code).toBe('auth.signIn');
    const technical = await userWithRole(api.server, 'Technical');
    const forbidden = await rest('/patients', { token: technical.token });
    expect(forbidden.status).toBe(403);
    await expectDocumented(forbidden, '/patients', 'get');
    const missing = await rest('/patients/0123456789abcdef01234567');
    expect(missing.status).toBe(404);
    await expectDocumented(missing, '/patients/{id}', 'get');
    const unknown = await rest('/no-such-thing');
    expect(unknown.status).toBe(404);

    const patients = (await (await rest('/patients?perPage=1')).json()) as { items: { id: string }[] };
    const id = patients.items[0]!.id;
    const before = await Audit.countDocuments({ action: 'read', entity: 'patient', entityId: id });
    await rest(`/patients/${id}`);
    expect(await Audit.countDocuments({ action: 'read', entity: 'patient', entityId: id })).toBe(before + 1);
  });

  it('admits, transfers and discharges over REST as documented', async () => {
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    const ward = await makeWard(admin, 2);
    const patient = await makePatient(admin, 'Rest', 'Patient');
    const staff = await makeStaff(admin, 'Rest', 'Doctor', ward.specialty.id, ward.department.id);
    const admitted = await rest('/admissions', {
      method: 'POST',
      body: JSON.stringify({
        patientId: patient.id,
        medicalStaffId: staff.id,
        admittedAt: new Date().toISOString(),
        roomId: ward.room.id,
        bed: 1,
        diagnosisIds: [ward.diagnosis.id],
      }),
    });
    expect(admitted.status).toBe(200);
    const admission = await expectDocumented(admitted, '/admissions', 'post');
    expect(admission).toMatchObject({ status: 'active', bed: 1 });

    const occupied = await rest('/admissions', {
      method: 'POST',
      body: JSON.stringify({
        patientId: (await makePatient(admin, 'Second', 'Patient')).id,
        medicalStaffId: staff.id,
        admittedAt: new Date().toISOString(),
        roomId: ward.room.id,
        bed: 1,
        diagnosisIds: [ward.diagnosis.id],
      }),
    });
    expect(occupied.status).toBe(409);
    await expectDocumented(occupied, '/admissions', 'post');

    const moved = await rest(`/admissions/${admission.id}/transfer`, {
      method: 'POST',
      body: JSON.stringify({ roomId: ward.room.id, bed: 2 }),
    });
    expect(moved.status).toBe(200);
    expect(await expectDocumented(moved, '/admissions/{id}/transfer', 'post')).toMatchObject({ bed: 2 });
    const discharged = await rest(`/admissions/${admission.id}/discharge`, { method: 'POST', body: '{}' });
    expect(discharged.status).toBe(200);
    expect(await expectDocumented(discharged, '/admissions/{id}/discharge', 'post')).toMatchObject({
      status: 'discharged',
    });
  });

  it('keeps the body guards of /trpc: size, depth, prototype keys, foreign origins', async () => {
    const big = await rest('/admissions', { method: 'POST', body: JSON.stringify({ notes: 'x'.repeat(200_000) }) });
    expect(big.status).toBe(413);
    const deep = await rest('/admissions', { method: 'POST', body: '['.repeat(100) + ']'.repeat(100) });
    expect(deep.status).toBe(400);
    const proto = await rest('/admissions', { method: 'POST', body: '{"__proto__":{"x":1}}' });
    expect(proto.status).toBe(400);
    const foreign = await fetch(`${api.server.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` },
    });
    expect(foreign.status).toBe(403);
  });
});

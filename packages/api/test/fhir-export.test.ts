import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../scripts/seed-data.ts';
import { Audit } from '../src/core/audit-model.ts';
import { EXPORT_PURGE_JOB } from '../src/fhir/export/job.ts';
import { FhirExport } from '../src/fhir/export/model.ts';
import { RESOURCE_MODULES } from '../src/fhir/registry.ts';
import { expectValidFhir } from './fhir-validator.ts';
import { callerFor, userWithRole, useTestApi, waitFor } from './helpers.ts';

const exportDir = mkdtempSync(join(tmpdir(), 'mas-export-test-'));
const api = useTestApi({ JOBS_ENABLED: 'true', FHIR_EXPORT_DIR: exportDir });
let adminToken: string;
let staffToken: string;

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
}

const get = (url: string, token: string | null = adminToken, init: RequestInit = {}) =>
  fetch(url.startsWith('http') ? url : `${api.server.url}/fhir/R4/${url}`, {
    ...init,
    headers: {
      accept: 'application/fhir+json',
      prefer: 'respond-async',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });

async function kickOff(path: string): Promise<string> {
  const response = await get(path);
  expect(response.status, path).toBe(202);
  const location = response.headers.get('content-location');
  expect(location).toMatch(/\/fhir\/R4\/_export\/[a-f0-9]{24}$/);
  return location!;
}

/** Polls the status URL: 202 with X-Progress until the manifest (200). */
async function manifestOf(statusUrl: string): Promise<Manifest> {
  const response = await waitFor(async () => {
    const answer = await get(statusUrl);
    if (answer.status === 202) {
      expect(answer.headers.get('x-progress')).toMatch(/^\d+\/\d+ resource types/);
      expect(answer.headers.get('retry-after')).toBe('2');
      return false;
    }
    return answer;
  }, 60_000);
  expect(response.status).toBe(200);
  expect(response.headers.get('expires')).toBeTruthy();
  return (await response.json()) as Manifest;
}

async function download(url: string, token = adminToken): Promise<Resource[]> {
  const response = await get(url, token);
  expect(response.status, url).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+ndjson/);
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Resource);
}

async function expectOutcome(response: Response, status: number) {
  expect(response.status).toBe(status);
  const outcome = (await response.json()) as OperationOutcome;
  expectValidFhir(outcome);
}

beforeAll(async () => {
  await seed({ admissions: 30, months: 1 });
  adminToken = (await userWithRole(api.server, 'Administrator')).token;
  staffToken = (await userWithRole(api.server, 'Medical Staff')).token;
}, 300_000);

describe('FHIR bulk export', () => {
  it('system $export: 202 + status URL, progress, manifest, NDJSON per type, valid resources, references resolving', async () => {
    const before = await Audit.countDocuments({ action: 'export', entity: 'fhir' });
    const statusUrl = await kickOff('$export');
    // One export at a time per administrator.
    const again = await get('$export');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBeTruthy();
    const manifest = await manifestOf(statusUrl);
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.request).toMatch(/\/fhir\/R4\/\$export$/);
    expect(manifest.output.map((file) => file.type).sort()).toEqual(
      RESOURCE_MODULES.filter((module) => !module.notExported)
        .map((module) => module.type as string)
        .sort(),
    );
    expect(await Audit.countDocuments({ action: 'export', entity: 'fhir' })).toBeGreaterThan(before);

    const all = new Map<string, Resource>();
    for (const file of manifest.output) {
      const resources = await download(file.url);
      expect(resources.length, file.type).toBe(file.count);
      expect(new Set(resources.map((resource) => resource.resourceType))).toEqual(new Set([file.type]));
      // A sample of every file through the validator: the first 20 lines and the last.
      for (const resource of [...resources.slice(0, 20), resources.at(-1)!]) expectValidFhir(resource);
      for (const resource of resources) all.set(`${resource.resourceType}/${resource.id}`, resource);
    }
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    expect(manifest.output.find((file) => file.type === 'Patient')!.count).toBe(
      (await admin.patient.list({ perPage: 1 })).total,
    );
    expect(manifest.output.find((file) => file.type === 'Encounter')!.count).toBe(
      (await admin.admission.list({ perPage: 1 })).total,
    );
    expect(manifest.output.find((file) => file.type === 'Appointment')!.count).toBe(
      (await admin.appointment.list({ perPage: 1 })).total,
    );
    // One Schedule per staff member; free Slots are computed, not exported.
    expect(manifest.output.find((file) => file.type === 'Schedule')!.count).toBe(
      (await admin.medicalStaff.list({ perPage: 1 })).total,
    );
    expect(manifest.output.some((file) => file.type === 'Slot')).toBe(false);
    // Every reference inside the export names a resource of the export.
    const references = [...all.values()].flatMap((resource) =>
      [...JSON.stringify(resource).matchAll(/"reference":"([^"]+)"/g)].map((match) => match[1]!),
    );
    expect(references.length).toBeGreaterThan(100);
    expect(references.filter((reference) => !all.has(reference))).toEqual([]);

    // Downloads need the same authorization: none, or a non-administrator, are refused.
    const file = manifest.output[0]!.url;
    await expectOutcome(await get(file, null), 401);
    await expectOutcome(await get(file, staffToken), 403);
    await expectOutcome(await get(statusUrl, staffToken), 403);
  });

  it('Patient/$export holds the patient compartment only; _type narrows it; bad parameters are 400', async () => {
    const manifest = await manifestOf(await kickOff('Patient/$export?_type=Patient,Encounter'));
    expect(manifest.output.map((file) => file.type).sort()).toEqual(['Encounter', 'Patient']);
    const full = await manifestOf(await kickOff('Patient/$export'));
    expect(full.output.map((file) => file.type).sort()).toEqual(['Appointment', 'Condition', 'Encounter', 'Patient']);
    await expectOutcome(await get('Patient/$export?_type=Practitioner'), 400);
    await expectOutcome(await get('$export?_type=Slot'), 400);
    await expectOutcome(await get('$export?_outputFormat=text/csv'), 400);
    await expectOutcome(await get('$export?_foo=1'), 400);
  });

  it('only administrators export', async () => {
    await expectOutcome(await get('$export', staffToken), 403);
    await expectOutcome(await get('$export', null), 401);
  });

  it('DELETE cancels an export; the purge job deletes expired exports and their files', async () => {
    const cancelled = await kickOff('$export?_type=Organization');
    const deleted = await get(cancelled, adminToken, { method: 'DELETE' });
    expect(deleted.status).toBe(202);
    await expectOutcome(await get(cancelled), 404);

    const statusUrl = await kickOff('$export?_type=Organization');
    const manifest = await manifestOf(statusUrl);
    const id = statusUrl.split('/').at(-1)!;
    expect(existsSync(join(exportDir, id, 'Organization.ndjson'))).toBe(true);
    await FhirExport.updateOne({ _id: id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await api.server.scheduler!.agenda.now(EXPORT_PURGE_JOB, {});
    await waitFor(async () => !(await FhirExport.exists({ _id: id })), 20_000);
    expect(existsSync(join(exportDir, id))).toBe(false);
    await expectOutcome(await get(statusUrl), 404);
    await expectOutcome(await get(manifest.output[0]!.url), 404);
  });
});

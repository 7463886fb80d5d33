// Hostile and malformed input to the clinical routers: BAD_REQUEST, and nothing written.
import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { countAll, makePatient, makeStaff, makeWard } from './clinical-helpers.ts';

const api = useTestApi();
let token: string;
const good = { id: '0123456789abcdef01234567' };

beforeAll(async () => {
  const admin = await userWithRole(api.server, 'Superadmin');
  token = admin.token;
  // Real records, so that a filter that slipped through would have something to match.
  const caller = callerFor(api.server, admin.user);
  const ward = await makeWard(caller);
  const patient = await makePatient(caller, 'Bad', 'Input');
  const staff = await makeStaff(caller, 'Bad', 'Doctor', ward.specialty.id, ward.department.id);
  const admission = await caller.admission.create({
    patientId: patient.id,
    medicalStaffId: staff.id,
    admittedAt: new Date(),
    roomId: ward.room.id,
    bed: 1,
    diagnosisIds: [ward.diagnosis.id],
  });
  good.id = admission.id;
});

/** Sends a raw JSON body (as an attacker would, not through the typed client). */
async function send(path: string, type: 'query' | 'mutation', rawJson: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const url = `${api.server.url}/trpc/${path}`;
  const response =
    type === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(rawJson)}`, { headers })
      : await fetch(url, { method: 'POST', headers, body: rawJson });
  const body = (await response.json()) as { error?: { json: { data: { code: string } } } };
  return { status: response.status, code: body.error?.json.data.code };
}

const op = { $gt: '' };
const long = 'x'.repeat(5000);
const id = '0123456789abcdef01234567';

const CASES: Array<[string, 'query' | 'mutation', unknown]> = [
  ['patient.create', 'mutation', { userId: op, birthDate: '2000-01-01', disabilityIds: [] }],
  ['patient.create', 'mutation', { userId: id, birthDate: '2000-01-01', disabilityIds: [long] }],
  ['patient.create', 'mutation', { userId: 'not-an-id', disabilityIds: [] }],
  ['patient.update', 'mutation', { id, data: { userId: id } }],
  ['patient.get', 'query', { id: op }],
  ['patient.list', 'query', { search: long }],
  ['patient.list', 'query', { sort: { field: 'searchText', direction: 'asc' } }],
  ['patient.list', 'query', { disabilityId: op }],
  ['patient.eligibleUsers', 'query', { search: long }],
  ['patient.eligibleUsers', 'query', { limit: 1000 }],
  ['patient.setActive', 'mutation', { id: op, isActive: false }],
  ['patient.deleteMany', 'mutation', { ids: [op] }],
  ['medicalStaff.create', 'mutation', { userId: id, specialtyId: op, departmentId: id }],
  ['medicalStaff.update', 'mutation', { id, data: { specialtyId: 'abc' } }],
  ['medicalStaff.list', 'query', { departmentId: { $ne: null } }],
  ['medicalStaff.delete', 'mutation', { id: [id] }],
  ['admission.create', 'mutation', { patientId: op, medicalStaffId: id, roomId: id, bed: 1, diagnosisIds: [id] }],
  ['admission.create', 'mutation', { patientId: id, medicalStaffId: id, roomId: id, bed: 0, diagnosisIds: [id] }],
  [
    'admission.create',
    'mutation',
    { patientId: id, medicalStaffId: id, roomId: id, bed: 1, diagnosisIds: [id], notes: long },
  ],
  ['admission.update', 'mutation', { id, data: { roomId: id } }],
  ['admission.update', 'mutation', { id, data: { bed: 2 } }],
  ['admission.transfer', 'mutation', { id: op, roomId: id, bed: 1 }],
  ['admission.transfer', 'mutation', { id, roomId: id, bed: 1000 }],
  ['admission.discharge', 'mutation', { id: op }],
  ['admission.discharge', 'mutation', { id, dischargedAt: { $gt: '' } }],
  ['admission.list', 'query', { status: 'inactive' }],
  ['admission.list', 'query', { patientId: op }],
  ['admission.list', 'query', { search: long }],
  ['admission.get', 'query', { id: 'not-an-id' }],
  ['admission.deleteMany', 'mutation', { ids: [] }],
  ['notification.list', 'query', { filter: 'everything' }],
  ['notification.list', 'query', { perPage: 1000 }],
  ['notification.markRead', 'mutation', { ids: [op] }],
  ['notification.markRead', 'mutation', { ids: ['0123456789abcdef0123456'] }],
  ['notification.delete', 'mutation', { ids: { $in: [] } }],
  ['notification.markAllRead', 'mutation', { everyone: true }],
  ['notification.unreadCount', 'query', { recipientId: id }],
  ['dashboard.stats', 'query', { from: op, to: op }],
  ['dashboard.stats', 'query', { from: '2026-01-01', to: '2026-01-02' }],
  ['room.setBedStatus', 'mutation', { roomId: id, bed: 1, status: 'occupied' }],
  ['room.setBedStatus', 'mutation', { roomId: op, bed: 1, status: 'available' }],
  ['room.board', 'query', { all: true }],
];

describe('clinical routers refuse bad input', () => {
  it('with BAD_REQUEST and nothing written, case by case', async () => {
    const before = await countAll();
    for (const [path, type, input] of CASES) {
      const { status, code } = await send(path, type, JSON.stringify({ json: input }));
      expect(status, `${path} ${JSON.stringify(input).slice(0, 80)}`).toBe(400);
      expect(code, path).toBe('BAD_REQUEST');
    }
    expect(await countAll()).toEqual(before);
  });

  it('refuses unknown keys and __proto__ on every new procedure without polluting prototypes', async () => {
    const before = await countAll();
    const paths = [...new Set(CASES.map(([path, type]) => `${type}:${path}`))];
    for (const entry of paths) {
      const [type, path] = entry.split(':') as ['query' | 'mutation', string];
      const { status, code } = await send(path, type, '{"json":{"__proto__":{"polluted":true},"zzUnknown":1}}');
      expect(status, path).toBe(400);
      expect(code, path).toBe('BAD_REQUEST');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await countAll()).toEqual(before);
  });

  it('matches operator-shaped ids literally nowhere: the real admission is untouched', async () => {
    const { status } = await send('admission.discharge', 'mutation', JSON.stringify({ json: { id: { $ne: null } } }));
    expect(status).toBe(400);
    const { status: ok } = await send('admission.get', 'query', JSON.stringify({ json: { id: good.id } }));
    expect(ok).toBe(200);
  });
});

// `npm run seed` and the benchmark write through `insertMany(..., { lean: true })`,
// which skips Mongoose's timestamps and defaults. Every seeded document must still
// pass the API's output schemas: list every page of every entity and get each record.
import { ENTITIES } from '@mas/shared';
import { describe, expect, it } from 'vitest';
import { seed } from '../scripts/seed-data.ts';
import { Admission } from '../src/domains/admissions/model.ts';
import { Appointment, SlotClaim } from '../src/domains/appointments/model.ts';
import { ADMISSION_KEY_FIELDS, admissionKeys } from '../src/domains/search-keys.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();

type Lister = {
  list(input: { page: number; perPage: number }): Promise<{ items: { id: string }[]; total: number }>;
  get(input: { id: string }): Promise<{ id: string }>;
};

describe('seed data', () => {
  // Every document of ten collections is listed and fetched one by one: minutes on a loaded machine.
  it('passes the output schemas of every list and get, for every seeded document', async () => {
    const result = await seed({ admissions: 60, months: 2 });
    expect(result.admissions).toBe(60);
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);

    for (const entity of ENTITIES) {
      const router = caller[entity] as unknown as Lister;
      const seen: string[] = [];
      let total = 0;
      for (let page = 1; ; page++) {
        const answer = await router.list({ page, perPage: 100 }).catch((error: unknown) => {
          throw new Error(`${entity}.list page ${page}: ${String(error)}`);
        });
        total = answer.total;
        seen.push(...answer.items.map((item) => item.id));
        if (answer.items.length < 100) break;
      }
      expect(seen.length, `${entity}.list pages`).toBe(total);
      expect(total, `${entity} seeded`).toBeGreaterThan(0);
      for (const id of seen) {
        const item = await router.get({ id }).catch((error: unknown) => {
          throw new Error(`${entity}.get ${id}: ${String(error)}`);
        });
        expect(item.id).toBe(id);
      }
    }

    // The people the seed writes are all there (80 staff, 50 patients at this size).
    const staff = await caller.medicalStaff.list({ page: 1, perPage: 1 });
    expect(staff.total).toBeGreaterThanOrEqual(80);
    const patients = await caller.patient.list({ page: 1, perPage: 1 });
    expect(patients.total).toBeGreaterThanOrEqual(50);
    expect((await caller.admission.list({ page: 1, perPage: 1 })).total).toBe(60);

    // Admissions' search and sort keys are the ones the app computes.
    const admissions = await Admission.find({}).lean();
    const keys = await admissionKeys(admissions);
    for (const [index, doc] of admissions.entries()) {
      const stored = Object.fromEntries(ADMISSION_KEY_FIELDS.map((field) => [field, doc[field]]));
      expect(stored, String(doc._id)).toEqual(keys[index]);
    }

    // The history it adds for the bell and the audit viewer reads too.
    await caller.audit.list({ page: 1, perPage: 100 });
    await caller.notification.list({ page: 1, perPage: 100 });
    const to = new Date();
    const stats = await caller.dashboard.stats({ from: new Date(to.getTime() - 90 * 86_400_000), to });
    expect(stats.admissionsInRange).toBeGreaterThan(0);

    // Appointments: a past month of outcomes, future bookings made through the service with their claims.
    expect(result.appointments.past).toBeGreaterThan(0);
    expect(result.appointments.future).toBeGreaterThan(0);
    const counts = (await caller.appointment.list({ page: 1, perPage: 1 })).counts;
    expect(counts.completed).toBeGreaterThan(0);
    expect(counts.booked).toBe(result.appointments.future);
    const booked = await Appointment.find({ status: 'booked' }).lean();
    for (const doc of booked) {
      const granules = Math.ceil((doc.end.getTime() - doc.start.getTime()) / 300_000);
      expect(await SlotClaim.countDocuments({ ownerId: doc._id }), String(doc._id)).toBe(2 * granules);
    }
    expect(stats.appointments.noShowRate).not.toBeNull();
  }, 180_000);
});

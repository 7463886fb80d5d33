import { CATALOGUES } from '@mas/shared';
import { describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { callerFor, coded, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
const admin = async () => callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);

describe.each(CATALOGUES)('%s catalogue', (entity) => {
  const extra = entity === 'room' ? { bedCount: 4 } : {};

  it('creates, reads, updates with a version check, retires, restores and deletes', async () => {
    const caller = await admin();
    const router = caller[entity] as unknown as typeof caller.specialty;
    const created = await router.create({ name: `  Alpha ${entity} `, description: 'first', ...extra });
    expect(created).toMatchObject({ name: `Alpha ${entity}`, description: 'first', isActive: true, version: 1 });
    expect(await router.get({ id: created.id })).toEqual(created);

    const updated = await router.update({ id: created.id, data: { description: 'second' }, version: 1 });
    expect(updated).toMatchObject({ description: 'second', version: 2 });
    await expect(router.update({ id: created.id, data: { description: 'stale' }, version: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const retired = await router.setActive({ id: created.id, isActive: false });
    expect(retired.isActive).toBe(false);
    expect((await router.setActive({ id: created.id, isActive: true })).isActive).toBe(true);

    const audit = await Audit.find({ entity, entityId: created.id }).sort({ createdAt: 1, _id: 1 }).lean();
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'update', 'deactivate', 'activate']);
    expect(audit[1]!.changes).toEqual([{ field: 'description', from: 'first', to: 'second' }]);

    await router.delete({ id: created.id });
    await expect(router.get({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a name that differs only in case, accents aside, with CONFLICT', async () => {
    const caller = await admin();
    const router = caller[entity] as unknown as typeof caller.specialty;
    await router.create({ name: `Beta ${entity}`, ...extra });
    await expect(router.create({ name: `BETA   ${entity.toUpperCase()}`, ...extra })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.duplicate', { field: 'name' }),
    });
  });

  it('lists with search, sort, paging and status counts on the server', async () => {
    const caller = await admin();
    const router = caller[entity] as unknown as typeof caller.specialty;
    const tag = `zz${entity}`;
    const ids = [];
    for (const n of [3, 1, 2, 5, 4]) ids.push((await router.create({ name: `${tag} item ${n}`, ...extra })).id);
    await router.setActive({ id: ids[0]!, isActive: false });

    const page = await router.list({
      search: tag.toUpperCase(),
      sort: { field: 'name', direction: 'desc' },
      page: 1,
      perPage: 2,
    });
    expect(page.items.map((item) => item.name)).toEqual([`${tag} item 5`, `${tag} item 4`]);
    expect(page).toMatchObject({ total: 5, page: 1, perPage: 2, counts: { all: 5, active: 4, inactive: 1 } });

    const inactive = await router.list({ search: tag, status: 'inactive' });
    expect(inactive.items.map((item) => item.name)).toEqual([`${tag} item 3`]);
    expect(inactive.total).toBe(1);

    // Regex characters in a search are literal.
    expect((await router.list({ search: '.*' })).total).toBe(0);
  });

  it('deletes many at once, all or nothing', async () => {
    const caller = await admin();
    const router = caller[entity] as unknown as typeof caller.specialty;
    const a = await router.create({ name: `Many A ${entity}`, ...extra });
    const b = await router.create({ name: `Many B ${entity}`, ...extra });
    await expect(router.deleteMany({ ids: [a.id, b.id, '0123456789abcdef01234567'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await router.deleteMany({ ids: [a.id, b.id] })).toEqual({ deleted: 2 });
  });
});

describe('rooms', () => {
  it('need at least one bed and a real department', async () => {
    const caller = await admin();
    await expect(caller.room.create({ name: 'No beds', bedCount: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      caller.room.create({ name: 'Lost', bedCount: 1, departmentId: '0123456789abcdef01234567' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('record.missing', { entity: 'department' }),
    });
    const cardiology = await caller.department.create({ name: 'Cardiología' });
    const room = await caller.room.create({ name: '101', bedCount: 2, departmentId: cardiology.id });
    expect(room).toMatchObject({
      departmentId: cardiology.id,
      departmentName: 'Cardiología',
      bedCount: 2,
      bedStates: [],
    });
    expect((await caller.room.list({ departmentId: cardiology.id })).items.map((r) => r.name)).toEqual(['101']);
    // A room may leave its department again.
    expect(await caller.room.update({ id: room.id, data: { departmentId: null } })).toMatchObject({
      departmentId: null,
      departmentName: null,
    });
    expect((await caller.room.list({ departmentId: cardiology.id })).items).toEqual([]);
  });

  it('keep a department that rooms still use from being deleted', async () => {
    const caller = await admin();
    const surgery = await caller.department.create({ name: 'Surgery' });
    await caller.room.create({ name: '201', bedCount: 1, departmentId: surgery.id });
    await expect(caller.department.delete({ id: surgery.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: 'Surgery', usedBy: 'rooms' }),
    });
    await expect(caller.department.setActive({ id: surgery.id, isActive: false })).resolves.toMatchObject({
      isActive: false,
    });
  });
});

describe('catalogue permissions', () => {
  it('let Technical staff write rooms but not diagnoses, and Medical Staff the reverse', async () => {
    const tech = callerFor(api.server, (await userWithRole(api.server, 'Technical')).user);
    const staff = callerFor(api.server, (await userWithRole(api.server, 'Medical Staff')).user);
    await expect(tech.room.create({ name: 'T1', bedCount: 1 })).resolves.toBeTruthy();
    await expect(tech.diagnosis.create({ name: 'Flu' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(staff.diagnosis.create({ name: 'Flu' })).resolves.toBeTruthy();
    await expect(staff.room.create({ name: 'T2', bedCount: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(staff.room.list({})).resolves.toBeTruthy();
  });
});

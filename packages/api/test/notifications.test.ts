import { permissionsOf, type TNotification } from '@mas/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { recountTallies } from '../src/db/tallies.ts';
import { Notification } from '../src/domains/notifications/model.ts';
import { Role } from '../src/domains/roles/model.ts';
import { User } from '../src/domains/users/model.ts';
import { callerFor, clientFor, userWithRole, useTestApi, waitFor } from './helpers.ts';
import { makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi();

type Person = Awaited<ReturnType<typeof userWithRole>> & { caller: Caller };
const person = async (role: string): Promise<Person> => {
  const made = await userWithRole(api.server, role);
  return { ...made, caller: callerFor(api.server, made.user) };
};

let actor: Person;
let colleague: Person;
let chief: Person;
let tech: Person;
let patientUser: Person;
let retired: Person;
let ward: Awaited<ReturnType<typeof makeWard>>;

beforeAll(async () => {
  [actor, colleague, chief, tech, patientUser, retired] = (await Promise.all(
    ['Medical Staff', 'Medical Staff', 'Department Chief', 'Technical', 'Patient', 'Medical Staff'].map(person),
  )) as [Person, Person, Person, Person, Person, Person];
  await User.updateOne({ _id: retired.id }, { $set: { isActive: false } });
  const admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  ward = await makeWard(admin);
});

const rowsOf = async (userId: string) => Notification.find({ recipientId: userId }).sort({ _id: 1 }).lean();

describe('notifications', () => {
  it('reach exactly the users whose role may read what changed, never the actor', async () => {
    const before = await Notification.countDocuments();
    const patient = await makePatient(actor.caller, 'Noti', 'Fied');
    const staff = await makeStaff(chief.caller, 'Noti', 'Doctor', ward.specialty.id, ward.department.id);
    const admission = await actor.caller.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });

    const admitted = await Notification.find({ entity: 'admission', entityId: admission.id }).lean();
    const recipients = new Set(admitted.map((row) => String(row.recipientId)));
    expect(recipients.has(colleague.id)).toBe(true);
    expect(recipients.has(chief.id)).toBe(true);
    for (const excluded of [actor, tech, patientUser, retired])
      expect(recipients.has(excluded.id), excluded.username).toBe(false);
    // Exactly the active holders of admission.read (by the matrix), one row each.
    const roles = new Map((await Role.find().lean()).map((role) => [String(role._id), role.name]));
    const expected = (await User.find({ isActive: true }).lean())
      .filter(
        (user) =>
          permissionsOf(roles.get(String(user.roleId)) ?? '').includes('admission.read') &&
          String(user._id) !== actor.id,
      )
      .map((user) => String(user._id));
    expect([...recipients].sort()).toEqual(expected.sort());
    expect(admitted.length).toBe(recipients.size);
    expect(admitted[0]).toMatchObject({
      type: 'admitted',
      actorUsername: actor.username,
      read: false,
      // A bed is a composed label: a code and params, read in each reader's language.
      params: { coded: { code: 'bed', params: { roomId: ward.room.id, room: ward.room.name, bed: 1 } } },
    });
    // Nothing clinical in the stored message.
    expect(JSON.stringify(admitted)).not.toMatch(/Noti|Fied/);

    const patientRows = await Notification.find({ entity: 'patient', entityId: patient.id }).lean();
    const patientRecipients = patientRows.map((row) => String(row.recipientId));
    expect(patientRecipients).toContain(colleague.id);
    expect(patientRecipients).not.toContain(tech.id);
    expect(patientRecipients).not.toContain(actor.id);

    // Catalogue changes go to those who maintain that catalogue.
    const room = await tech.caller.room.create({ name: `Notified room ${Date.now()}`, bedCount: 1 });
    const roomRecipients = (await Notification.find({ entity: 'room', entityId: room.id }).lean()).map((row) =>
      String(row.recipientId),
    );
    expect(roomRecipients).toContain(chief.id);
    expect(roomRecipients).not.toContain(colleague.id);
    expect(roomRecipients).not.toContain(tech.id);
    expect(await Notification.countDocuments()).toBeGreaterThan(before);
  });

  it("name a bed's room as it is called now, while the audit trail keeps the name it had; old rows still list", async () => {
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const renamed = await makeWard(admin);
    const patient = await makePatient(actor.caller, 'Re', 'Named');
    const staff = await makeStaff(chief.caller, 'Re', 'Namer', renamed.specialty.id, renamed.department.id);
    const admission = await actor.caller.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: renamed.room.id,
      bed: 2,
      diagnosisIds: [renamed.diagnosis.id],
    });
    const oldName = renamed.room.name;
    const newName = `${oldName} (east wing)`;
    await admin.room.update({ id: renamed.room.id, data: { name: newName } });
    // A row stored before composed labels had codes: its text is shown as it was stored.
    await Notification.create({
      recipientId: colleague.id,
      type: 'updated',
      entity: 'room',
      entityId: renamed.room.id,
      params: { label: `${oldName} · bed 2` },
      actorUsername: actor.username,
      createdAt: new Date(),
    });
    // Rows stored before the counters are counted once at the first start with them.
    await recountTallies('notifications');

    const items = (await colleague.caller.notification.list({ perPage: 100 })).items;
    const admitted = items.find((item) => item.entityId === admission.id && item.type === 'admitted');
    expect(admitted?.params.coded).toEqual({ code: 'bed', params: { roomId: renamed.room.id, room: newName, bed: 2 } });
    expect(items.find((item) => item.params.label === `${oldName} · bed 2`)).toBeTruthy();

    const audit = await admin.audit.list({ entity: 'admission', entityId: admission.id });
    expect(audit.items[0]?.coded).toEqual({ code: 'bed', params: { roomId: renamed.room.id, room: oldName, bed: 2 } });
  });

  it("are listed, counted, marked read and deleted only among the caller's own rows", async () => {
    await actor.caller.diagnosis.create({ name: `Own rows ${Date.now()}` });
    const mine = await rowsOf(colleague.id);
    const theirs = await rowsOf(chief.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);

    const list = await colleague.caller.notification.list({ filter: 'unread', perPage: 100 });
    expect(list.items.map((item) => item.id).sort()).toEqual(mine.map((row) => String(row._id)).sort());
    expect(list.counts).toEqual({ all: mine.length, unread: mine.length, read: 0 });
    expect(await colleague.caller.notification.unreadCount()).toEqual({ count: mine.length });

    // Someone else's ids are silently out of reach.
    const foreign = theirs.map((row) => String(row._id));
    expect(await colleague.caller.notification.markRead({ ids: foreign })).toEqual({ updated: 0 });
    expect(await colleague.caller.notification.delete({ ids: foreign })).toEqual({ deleted: 0 });
    expect(await Notification.countDocuments({ recipientId: chief.id, read: false })).toBe(theirs.length);

    expect(await colleague.caller.notification.markRead({ ids: [String(mine[0]!._id)] })).toEqual({ updated: 1 });
    expect((await colleague.caller.notification.list({ filter: 'read' })).items.map((item) => item.id)).toEqual([
      String(mine[0]!._id),
    ]);
    expect(await colleague.caller.notification.markAllRead()).toEqual({ updated: mine.length - 1 });
    expect(await colleague.caller.notification.unreadCount()).toEqual({ count: 0 });
    expect(await colleague.caller.notification.delete({ ids: [String(mine[0]!._id)] })).toEqual({ deleted: 1 });
    expect((await colleague.caller.notification.list({})).total).toBe(mine.length - 1);
    expect(await Notification.countDocuments({ recipientId: chief.id })).toBe(theirs.length);

    // Patients (no permissions) still have a working, empty drawer.
    await expect(patientUser.caller.notification.list({})).resolves.toMatchObject({ items: [], total: 0 });
  });

  it('arrive live over WebSocket to their recipient only, and replay what a reconnecting client missed', async () => {
    const watch = (who: Person, lastEventId?: string) => {
      const { client, close } = clientFor(api.server, who.token);
      const got: Array<{ id: string; item: TNotification }> = [];
      let started = false;
      const subscription = client.notification.onNew.subscribe(lastEventId ? { lastEventId } : undefined, {
        onStarted: () => (started = true),
        onData: ({ id, data }) => void got.push({ id, item: data }),
      });
      return { got, ready: () => waitFor(() => started), stop: () => (subscription.unsubscribe(), close()) };
    };
    const forColleague = watch(colleague);
    const forTech = watch(tech);
    const forActor = watch(actor);
    await Promise.all([forColleague.ready(), forTech.ready(), forActor.ready()]);

    const diagnosis = await actor.caller.diagnosis.create({ name: `Live ${Date.now()}` });
    await waitFor(() => forColleague.got.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(forColleague.got).toHaveLength(1);
    expect(forColleague.got[0]!.item).toMatchObject({
      type: 'created',
      entity: 'diagnosis',
      entityId: diagnosis.id,
      actorUsername: actor.username,
      read: false,
    });
    expect(forColleague.got[0]!.id).toBe(forColleague.got[0]!.item.id);
    expect(forTech.got).toEqual([]);
    expect(forActor.got).toEqual([]);
    const lastSeen = forColleague.got[0]!.id;
    void forColleague.stop();

    await actor.caller.diagnosis.update({ id: diagnosis.id, data: { description: 'missed' } });
    const again = watch(colleague, lastSeen);
    await again.ready();
    await waitFor(() => again.got.length >= 1);
    expect(again.got.map((event) => event.item.type)).toEqual(['updated']);
    void again.stop();
    void forTech.stop();
    void forActor.stop();
  });
});

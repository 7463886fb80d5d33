import { codedLabel, type TBedStatus, type TBoardRoom, type TRoom } from '@mas/shared';
import type { Types } from 'mongoose';
import type { Call } from '../../core/call.ts';
import { TAKEN, withVersionClaim } from '../../crud/claims.ts';
import { findByIds } from '../../db/by-id.ts';
import { AppError } from '../../errors.ts';
import { publishChange } from '../../realtime/changes.ts';
import type { AppDeps } from '../../trpc.ts';
import { BedClaim, bedHolder, bedKey } from '../admissions/claims.ts';
import { recordAudit } from '../../core/audit.ts';
import { Department } from '../departments/model.ts';
import { patientNames } from '../patients/service.ts';
import { Room, type RoomDoc } from './model.ts';
import { roomService } from './service.ts';

type SetAside = RoomDoc['bedStates'][number]['status'];

/**
 * Sets one bed's staff-managed status. A room's document is updated read-modify-write
 * on FerretDB, so the update is filtered on the version it read and retried.
 */
async function writeBedState(
  roomId: Types.ObjectId | string,
  bed: number,
  status: SetAside,
): Promise<{ before: RoomDoc; after: RoomDoc }> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const before = await Room.findById(roomId).lean();
    if (!before) throw new AppError('record.notFound', { entity: 'room' });
    const bedStates = before.bedStates.filter((state) => state.bed !== bed);
    if (status !== 'available') bedStates.push({ bed, status });
    bedStates.sort((a, b) => a.bed - b.bed);
    // Under the claim on the next version, like every edit of the room (see crud/claims.ts).
    const after = await withVersionClaim(Room.collection.collectionName, before._id, before.version, () =>
      Room.findOneAndUpdate(
        { _id: before._id, version: before.version },
        { $set: { bedStates }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean(),
    );
    if (after && after !== TAKEN) return { before, after };
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 30));
  }
  throw new AppError('room.changed', {});
}

const statusOf = (room: RoomDoc, bed: number): SetAside =>
  room.bedStates.find((state) => state.bed === bed)?.status ?? 'available';

async function published(deps: AppDeps, room: RoomDoc): Promise<TRoom> {
  const dto = await roomService.toDto(room);
  await publishChange(deps, 'room', 'updated', String(room._id), dto);
  return dto;
}

/** Staff mark a free bed available, being cleaned or out of service; an occupied bed is left alone. */
export async function setBedStatus(
  { deps, actor }: Call,
  input: { roomId: string; bed: number; status: SetAside },
): Promise<TRoom> {
  const room = await Room.findById(input.roomId).lean();
  if (!room) throw new AppError('record.notFound', { entity: 'room' });
  if (input.bed > room.bedCount)
    throw new AppError('room.noSuchBed', { room: room.name, count: room.bedCount }, { bed: 'field.noSuchBed' });
  if (await bedHolder(room._id, input.bed)) {
    throw new AppError('bed.occupied', { room: room.name, bed: input.bed });
  }
  const from = statusOf(room, input.bed);
  if (from === input.status) return roomService.toDto(room);
  const { after } = await writeBedState(room._id, input.bed, input.status);
  await recordAudit(deps, actor, {
    action: 'bedStatus',
    entity: 'room',
    entityId: String(room._id),
    coded: codedLabel('bed', { roomId: String(room._id), room: room.name, bed: input.bed }),
    changes: [{ field: `bed ${input.bed}`, from, to: input.status }],
  });
  return published(deps, after);
}

/** After a discharge the bed waits for cleaning; a failure here never undoes the discharge. */
export async function markCleaning(deps: AppDeps, roomId: Types.ObjectId, bed: number): Promise<void> {
  try {
    const { after } = await writeBedState(roomId, bed, 'cleaning');
    await published(deps, after);
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message, roomId: String(roomId), bed }, 'bed not marked for cleaning');
  }
}

/**
 * Every active room with every bed's status. Occupancy comes from the bed
 * claims (the same documents that keep beds from being double-booked), read by
 * `_id` point lookups; occupants' names only for callers who may read patients.
 */
export async function roomBoard(call: Call): Promise<TBoardRoom[]> {
  const rooms = await Room.find({ isActive: true }).sort({ nameKey: 1 }).lean();
  if (!rooms.length) return [];
  const departmentIds = [...new Set(rooms.flatMap((room) => (room.departmentId ? [String(room.departmentId)] : [])))];
  // Each bed's claim by its `_id` (room:bed), not a filter on roomId, which FerretDB answers by scanning.
  const [claims, departments] = await Promise.all([
    findByIds(
      BedClaim,
      rooms.flatMap((room) => Array.from({ length: room.bedCount }, (_, index) => bedKey(room._id, index + 1))),
    ),
    findByIds(Department, departmentIds, { name: 1 }),
  ]);
  const mayReadPatients = call.user?.permissions.includes('patient.read') ?? false;
  const names = mayReadPatients
    ? await patientNames(claims.map((claim) => claim.patientId))
    : new Map<string, string>();
  const departmentNames = new Map(departments.map((department) => [String(department._id), department.name]));
  const claimAt = new Map(claims.map((claim) => [String(claim._id), claim]));
  return rooms.map((room) => ({
    id: String(room._id),
    name: room.name,
    departmentId: room.departmentId ? String(room.departmentId) : null,
    departmentName: room.departmentId ? (departmentNames.get(String(room.departmentId)) ?? null) : null,
    bedCount: room.bedCount,
    beds: Array.from({ length: room.bedCount }, (_, index) => {
      const bed = index + 1;
      const claim = claimAt.get(bedKey(room._id, bed));
      const status: TBedStatus = claim ? 'occupied' : statusOf(room, bed);
      return {
        bed,
        status,
        admissionId: claim ? String(claim.admissionId) : null,
        patientId: claim && mayReadPatients ? String(claim.patientId) : null,
        patientName: claim && mayReadPatients ? (names.get(String(claim.patientId)) ?? null) : null,
        since: claim ? claim.at : null,
      };
    }),
  }));
}

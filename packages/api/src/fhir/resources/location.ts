import type { TBedStatus, TRoom } from '@mas/shared';
import type { Coding, Location, Resource } from '@medplum/fhirtypes';
import { op } from '../../db/schema.ts';
import { BedClaim, bedKey } from '../../domains/admissions/claims.ts';
import { isObjectId, metaOf, reference } from '../mapping.ts';
import { notFound, unlessMissing } from '../outcome.ts';
import { referenceId } from '../params.ts';
import type { Caller, ResourceModule } from '../types.ts';

const PHYSICAL_TYPE = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
const BED_STATUS = 'http://terminology.hl7.org/CodeSystem/v2-0116';
const OPERATIONAL: Record<TBedStatus, Coding> = {
  occupied: { system: BED_STATUS, code: 'O', display: 'Occupied' },
  available: { system: BED_STATUS, code: 'U', display: 'Unoccupied' },
  cleaning: { system: BED_STATUS, code: 'H', display: 'Housekeeping' },
  outOfService: { system: BED_STATUS, code: 'C', display: 'Closed' },
};

/** A bed's Location id: "<roomId>-<bed>". */
export const bedLocationId = (roomId: string, bed: number) => `${roomId}-${bed}`;
const BED_ID = /^([a-f0-9]{24})-(\d{1,2})$/;

export function toRoomLocation(room: TRoom): Location {
  return {
    resourceType: 'Location',
    id: room.id,
    meta: metaOf(room),
    status: room.isActive ? 'active' : 'inactive',
    name: room.name,
    ...(room.description ? { description: room.description } : {}),
    mode: 'instance',
    physicalType: { coding: [{ system: PHYSICAL_TYPE, code: 'ro', display: 'Room' }] },
    ...(room.departmentId
      ? { managingOrganization: reference('Organization', room.departmentId, room.departmentName) }
      : {}),
  };
}

export function toBedLocation(room: TRoom, bed: number, status: TBedStatus): Location {
  return {
    resourceType: 'Location',
    id: bedLocationId(room.id, bed),
    meta: metaOf(room),
    status: room.isActive ? 'active' : 'inactive',
    operationalStatus: OPERATIONAL[status],
    name: `${room.name}, bed ${bed}`,
    mode: 'instance',
    physicalType: { coding: [{ system: PHYSICAL_TYPE, code: 'bd', display: 'Bed' }] },
    partOf: reference('Location', room.id, room.name),
    ...(room.departmentId
      ? { managingOrganization: reference('Organization', room.departmentId, room.departmentName) }
      : {}),
  };
}

/** Each bed of the rooms with its status: occupied from the bed claims (keyed by room and bed), else as staff set it. */
async function bedsOf(rooms: TRoom[], only?: number): Promise<Location[]> {
  const keys = rooms.flatMap((room) => Array.from({ length: room.bedCount }, (_, i) => bedKey(room.id, i + 1)));
  // One bed: an _id lookup (the only filter FerretDB pushes down); several: one $in over the small claims collection.
  const claims =
    only !== undefined
      ? await BedClaim.find({ _id: bedKey(rooms[0]!.id, only) }, { _id: 1 }).lean()
      : keys.length
        ? await BedClaim.find({ _id: op({ $in: keys }) }, { _id: 1 }).lean()
        : [];
  const claimed = new Set(claims.map((claim) => claim._id));
  return rooms.flatMap((room) =>
    Array.from({ length: room.bedCount }, (_, index) => {
      const bed = index + 1;
      const status: TBedStatus = claimed.has(bedKey(room.id, bed))
        ? 'occupied'
        : (room.bedStates.find((state) => state.bed === bed)?.status ?? 'available');
      return toBedLocation(room, bed, status);
    }),
  );
}

async function allRooms(caller: Caller, each: (rooms: TRoom[]) => Promise<void>) {
  for (let page = 1; ; page++) {
    const answer = await caller.room.list({ page, perPage: 100 });
    if (answer.items.length) await each(answer.items);
    if (answer.items.length < 100) break;
  }
}

export const locationModule: ResourceModule<Location> = {
  type: 'Location',
  documentation:
    'Rooms (physicalType ro) and their beds (physicalType bd, partOf the room, id "<roomId>-<bed>", operationalStatus from v2-0116).',
  patientCompartment: false,
  searchParams: [
    { name: 'name', type: 'string', documentation: 'Part of the room name (rooms only)' },
    { name: 'partof', type: 'reference', documentation: 'Location/<roomId>: the beds of that room' },
  ],

  async read(caller, id) {
    const bed = BED_ID.exec(id);
    if (bed) {
      const room = await caller.room.get({ id: bed[1]! });
      const number = Number(bed[2]);
      if (number < 1 || number > room.bedCount) throw notFound('Location', id);
      const [location] = (await bedsOf([room], number)).filter((item) => item.id === id);
      return location!;
    }
    if (!isObjectId(id)) throw notFound('Location', id);
    return toRoomLocation(await caller.room.get({ id }));
  },

  async search(caller, request) {
    const partOf = referenceId(request, 'partof', 'Location');
    if (partOf !== undefined) {
      if (!isObjectId(partOf)) return { resources: [], total: 0 };
      const room = await unlessMissing(caller.room.get({ id: partOf }));
      const beds = room ? await bedsOf([room]) : [];
      const start = (request.page - 1) * request.count;
      return { resources: beds.slice(start, start + request.count), total: beds.length };
    }
    const name = request.params.get('name')?.join(' ');
    const page = await caller.room.list({
      page: request.page,
      perPage: request.count,
      ...(name ? { search: name.slice(0, 100) } : {}),
    });
    return { resources: page.items.map(toRoomLocation), total: page.total };
  },

  async exportAll({ caller }, emit) {
    await allRooms(caller, async (rooms) => {
      const resources: Resource[] = [...rooms.map(toRoomLocation), ...(await bedsOf(rooms))];
      await emit(resources);
    });
  },
};

import { tAny } from '../../i18n/use-t.ts';
import type { TBoardRoom } from '../../lib/api-types.ts';

/** A free bed as the pickers offer it; `key` is "roomId:bed". */
export interface FreeBed {
  key: string;
  roomId: string;
  roomName: string;
  bed: number;
  ward: string;
}

export const placeKey = (roomId: string, bed: number) => `${roomId}:${bed}`;

export function parsePlace(key: string): { roomId?: string; bed?: number } {
  const [roomId, bed] = key.split(':');
  return roomId && bed ? { roomId, bed: Number(bed) } : {};
}

export const placeLabel = (roomName: string, bed: number) => tAny('clinical:admission.place', { room: roomName, bed });

/** Beds a patient can be put in now: in active rooms, neither occupied, being cleaned nor out of service. */
export function freeBeds(board: readonly TBoardRoom[]): FreeBed[] {
  return board.flatMap((room) =>
    room.beds
      .filter((bed) => bed.status === 'available')
      .map((bed) => ({
        key: placeKey(room.id, bed.bed),
        roomId: room.id,
        roomName: room.name,
        bed: bed.bed,
        ward: room.departmentName ?? tAny('clinical:admission.noDepartment'),
      })),
  );
}

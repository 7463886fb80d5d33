import { useCallback, useEffect, useRef } from 'react';
import type { TBoardBed, TBoardRoom } from '../../lib/api-types.ts';
import { placeKey } from '../admissions/places.ts';

const TILE = '[data-bed-key]';

/**
 * The tile an arrow key leads to, as the board is laid out on screen: left and right walk the
 * beds in reading order, up and down go to the nearest bed in the row above or below (across
 * rooms and wards), Home and End to the first and last bed.
 */
export function nextTile(board: HTMLElement, from: HTMLElement, key: string): HTMLElement | null {
  const tiles = [...board.querySelectorAll<HTMLElement>(TILE)];
  const index = tiles.indexOf(from);
  if (index < 0) return null;
  switch (key) {
    case 'ArrowRight':
      return tiles[index + 1] ?? null;
    case 'ArrowLeft':
      return tiles[index - 1] ?? null;
    case 'Home':
      return tiles[0] ?? null;
    case 'End':
      return tiles.at(-1) ?? null;
    case 'ArrowDown':
    case 'ArrowUp':
      return vertical(tiles, from, key === 'ArrowDown' ? 1 : -1);
    default:
      return null;
  }
}

function vertical(tiles: HTMLElement[], from: HTMLElement, direction: 1 | -1): HTMLElement | null {
  const here = from.getBoundingClientRect();
  const x = here.left + here.width / 2;
  let best: HTMLElement | null = null;
  let bestRow = Infinity;
  let bestDx = Infinity;
  for (const tile of tiles) {
    const box = tile.getBoundingClientRect();
    // Rows are told apart by their top edge (tiles in one row share it, give or take a pixel).
    const dy = (box.top - here.top) * direction;
    if (dy < 2) continue;
    const dx = Math.abs(box.left + box.width / 2 - x);
    if (dy < bestRow - 2 || (Math.abs(dy - bestRow) <= 2 && dx < bestDx)) {
      best = tile;
      bestRow = dy;
      bestDx = dx;
    }
  }
  return best;
}

type TDescribe = (roomName: string, bed: number, status: TBoardBed['status']) => string;

/**
 * Announces, politely, the beds whose status changed since the board last drew: a bed freed
 * or taken by someone else is heard without moving focus. Changes this user made from the
 * board (already confirmed by a message) are marked with the returned function: the next change
 * of that bed, within half a minute, is not read out.
 */
export function useBedChangeAnnouncer(
  rooms: readonly TBoardRoom[] | undefined,
  announce: (message: string) => void,
  describe: TDescribe,
  many: (count: number) => string,
) {
  const previous = useRef<Map<string, TBoardBed['status']> | null>(null);
  const own = useRef(new Map<string, number>());
  const describeRef = useRef({ describe, many, announce });
  useEffect(() => {
    describeRef.current = { describe, many, announce };
  });
  useEffect(() => {
    if (!rooms) return;
    const now = new Map<string, TBoardBed['status']>();
    const changed: string[] = [];
    for (const room of rooms)
      for (const bed of room.beds) {
        const key = placeKey(room.id, bed.bed);
        now.set(key, bed.status);
        const before = previous.current?.get(key);
        if (!before || before === bed.status) continue;
        // The user's own change was confirmed by its message already: skip it, once.
        const mine = (own.current.get(key) ?? 0) > Date.now();
        own.current.delete(key);
        if (!mine) changed.push(describeRef.current.describe(room.name, bed.bed, bed.status));
      }
    previous.current = now;
    if (changed.length === 0) return;
    describeRef.current.announce(changed.length <= 3 ? changed.join('. ') : describeRef.current.many(changed.length));
  }, [rooms]);
  return useCallback((key: string) => {
    own.current.set(key, Date.now() + 30_000);
  }, []);
}

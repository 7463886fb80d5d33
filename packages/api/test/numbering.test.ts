// Numbered `_id`s (db/numbering.ts): the audit viewer's newest-first pages are point lookups, so the
// numbers must be unique under concurrency (several processes), contiguous, and never handed out
// again after a purge.
import { model, Schema } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { numberedId, numbering, numberOf } from '../src/db/numbering.ts';
import { useTestApi } from './helpers.ts';

useTestApi();

interface Entry {
  _id: unknown;
  at: Date;
  label: string;
}
const Entries = model<Entry>(
  'NumberedEntry',
  new Schema<Entry>({ at: Date, label: String }, { collection: 'numbered_entries', versionKey: false }),
);
/** Two processes' views of one collection: each knows only what it wrote or looked up. */
const processes = () => [numbering('entries', Entries), numbering('entries', Entries)];
const numbersOf = async () =>
  (await Entries.find({}, { _id: 1 }).lean()).map((doc) => numberOf(String(doc._id))!).sort((a, b) => a - b);

describe('numbered entries', () => {
  it('ids are valid ObjectIds that sort in number order and tell numbered entries from others', () => {
    expect(String(numberedId(1))).toBe('a00000000000000000000001');
    expect(String(numberedId(300)) < String(numberedId(4096))).toBe(true);
    expect(numberOf(numberedId(123_456))).toBe(123_456);
    expect(numberOf('6745a1b2c3d4e5f601234567')).toBeNull();
  });

  it('200 inserts at once from two processes take 200 different numbers, 1 to 200', async () => {
    await Entries.deleteMany({});
    const [a, b] = processes();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a! : b!).insert({ at: new Date(), label: `entry ${i}` })),
    );
    expect(await numbersOf()).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await a!.end()).toBe(201);
  });

  it('pages newest first by number, and says when a page reaches a missing number', async () => {
    const [reader] = processes();
    const page = await reader!.newest(0, 25);
    expect(page!.map((doc) => numberOf(String(doc._id)))).toEqual(Array.from({ length: 25 }, (_, i) => 200 - i));
    const third = await reader!.newest(50, 25);
    expect(third!.map((doc) => numberOf(String(doc._id)))).toEqual(Array.from({ length: 25 }, (_, i) => 150 - i));
    // The last page is short: the caller answers it by its ordinary query.
    expect(await reader!.newest(190, 25)).toBeNull();
    // A hole inside a page (an insert that failed) sends that page to the ordinary query too.
    await Entries.deleteOne({ _id: numberedId(140) });
    expect(await reader!.newest(50, 25)).toBeNull();
    expect(await reader!.newest(0, 25)).not.toBeNull();
    // The newest numbers missing (inserts still on their way): the first page shows what is there.
    // A deeper page missing its top is not shifted down (its rows would repeat on the next page).
    await Entries.deleteOne({ _id: numberedId(200) });
    const first = await reader!.newest(0, 25);
    expect(first!.map((doc) => numberOf(String(doc._id)))).toEqual(Array.from({ length: 25 }, (_, i) => 199 - i));
    await Entries.create({ _id: numberedId(200), at: new Date(), label: 'entry 200' });
    await Entries.deleteOne({ _id: numberedId(175) });
    expect(await reader!.newest(25, 25)).toBeNull();
    expect(await reader!.newest(0, 25)).not.toBeNull();
    await Entries.create({ _id: numberedId(175), at: new Date(), label: 'entry 175' });
  });

  it('a hole near the end does not hide the numbers after it, so none is taken twice', async () => {
    await Entries.deleteOne({ _id: numberedId(192) });
    const [writer] = processes();
    const entry = await writer!.insert({ at: new Date(), label: 'after a hole' });
    expect(numberOf(String(entry._id))).toBe(201);
  });

  it('after a purge of the oldest, a new process goes on from the end, never reusing a purged number', async () => {
    const [purger, later] = processes();
    await purger!.raiseFloor();
    // Delete every numbered entry up to 201: the state a new process would find after a full purge.
    await Entries.deleteMany({});
    const entry = await later!.insert({ at: new Date(), label: 'after the purge' });
    expect(numberOf(String(entry._id))).toBe(202);
  });
});

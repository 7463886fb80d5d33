// Counters kept by delta documents with unique `_id`s (db/tallies.ts): no update lost under
// concurrency (FerretDB's `$inc` is read-modify-write: 200 parallel `$inc` left a counter at 3),
// snapshots taken while reading, and the repair job's recount.
import { describe, expect, it } from 'vitest';
import {
  addToTally,
  defineTally,
  ensureTallies,
  forgetTallyEnds,
  readTally,
  repairTallies,
  Tally,
} from '../src/db/tallies.ts';
import { useTestApi } from './helpers.ts';

useTestApi();

let truth = 0;
defineTally('testcount', async (arg) => ({ n: arg === 'fixed' ? 7 : truth }));

describe('tallies', () => {
  it('are counted at start by several processes at once without failing any (replicas starting together)', async () => {
    await Tally.deleteMany({});
    await Promise.all(Array.from({ length: 8 }, () => ensureTallies()));
    expect(await Tally.exists({ _id: 'audit' })).toBeTruthy();
  });

  it('loses no change of 200 made at once', async () => {
    expect(await readTally('testcount:a')).toEqual({ n: 0 }); // counted from the collection: none yet
    await Promise.all(Array.from({ length: 200 }, () => addToTally('testcount:a', { n: 1 })));
    expect(await readTally('testcount:a')).toEqual({ n: 200 });
    // The read wrote a snapshot past the deltas it summed; more changes add to it.
    // (Past 200 when a fold filled the number of a writer still on its way: that writer took the next one.)
    expect((await Tally.findById('testcount:a').lean())?.upTo).toBeGreaterThanOrEqual(200);
    await Promise.all(Array.from({ length: 30 }, (_, i) => addToTally('testcount:a', { n: i % 2 ? 1 : -1, m: 1 })));
    expect(await readTally('testcount:a')).toEqual({ n: 200, m: 30 });
  });

  it('loses no change when writers that do not know where the tally ends collide (as other processes do)', async () => {
    await readTally('testcount:c');
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        if (i % 10 === 0) forgetTallyEnds();
        await addToTally('testcount:c', { n: 1 });
      }),
    );
    forgetTallyEnds();
    await Promise.all(Array.from({ length: 20 }, () => addToTally('testcount:c', { n: 1 })));
    expect(await readTally('testcount:c')).toEqual({ n: 80 });
  });

  it('fills a number a writer took and never wrote, so the changes after it still count', async () => {
    await readTally('testcount:d');
    await addToTally('testcount:d', { n: 1 });
    await Tally.create({ _id: 'testcount:d#3', d: { n: 1 }, at: new Date() }); // #2 skipped
    expect(await readTally('testcount:d')).toEqual({ n: 2 });
    forgetTallyEnds();
    await addToTally('testcount:d', { n: 1 });
    expect(await readTally('testcount:d')).toEqual({ n: 3 });
  });

  it('folds deltas into a snapshot while writing, so a rarely read tally stays cheap to read', async () => {
    await readTally('testcount:e');
    for (let i = 0; i < 130; i++) await addToTally('testcount:e', { n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await Tally.findById('testcount:e').lean())?.upTo).toBeGreaterThanOrEqual(64);
    expect(await readTally('testcount:e')).toEqual({ n: 130 });
  });

  it('counts a tally without a snapshot once from its collection', async () => {
    expect(await readTally('testcount:fixed')).toEqual({ n: 7 });
    await addToTally('testcount:fixed', { n: 2 });
    expect(await readTally('testcount:fixed')).toEqual({ n: 9 });
  });

  it('repair recounts from the collection and drops old deltas a snapshot covers', async () => {
    truth = 5;
    await addToTally('testcount:b', { n: 3 });
    await readTally('testcount:b');
    await Tally.collection.updateMany({ _id: { $regex: '^testcount:b#' } } as never, {
      $set: { at: new Date(Date.now() - 7_200_000) },
    });
    await repairTallies();
    expect(await readTally('testcount:b')).toEqual({ n: 5 });
    await addToTally('testcount:b', { n: 1 });
    expect(await readTally('testcount:b')).toEqual({ n: 6 });
  });
});

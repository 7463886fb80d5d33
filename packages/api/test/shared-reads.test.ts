// Identical reads at once share one query (realtime/shared-reads.ts), and nobody gets an answer
// from before a change they saw or made: a change starts a new generation that no one joins across.
import { describe, expect, it } from 'vitest';
import { createLocalBus } from '../src/realtime/bus.ts';
import { channelOf } from '../src/realtime/changes.ts';
import { sharedReads } from '../src/realtime/shared-reads.ts';
import type { AppDeps } from '../src/trpc.ts';

/** A read whose answers the test releases by hand, counting the queries started. */
function controlledRead() {
  const started: Array<{ input: { page: number }; answer: (value: string) => void }> = [];
  const read = (input: { page: number }) =>
    new Promise<string>((answer) => {
      started.push({ input, answer });
    });
  return { started, read };
}
const depsWith = () => ({ bus: createLocalBus() }) as unknown as AppDeps;

describe('shared reads', () => {
  it('identical reads in flight share one query; other inputs get their own', async () => {
    const { started, read } = controlledRead();
    const shared = sharedReads(['admission'], read);
    const deps = depsWith();
    const same = Array.from({ length: 10 }, () => shared(deps, { page: 1 }));
    const other = shared(deps, { page: 2 });
    expect(started.map((query) => query.input.page)).toEqual([1, 2]);
    started[0]!.answer('page one');
    started[1]!.answer('page two');
    expect(await Promise.all(same)).toEqual(Array(10).fill('page one'));
    expect(await other).toBe('page two');
    // Done flights are not kept: the next read queries again.
    void shared(deps, { page: 1 });
    expect(started).toHaveLength(3);
  });

  it('a read after a change never joins a query started before it', async () => {
    const { started, read } = controlledRead();
    const shared = sharedReads(['admission', 'patient'], read);
    const deps = depsWith();
    const before = shared(deps, { page: 1 });
    await deps.bus.publish(channelOf('patient'), { id: 'x' });
    const after = shared(deps, { page: 1 });
    expect(started).toHaveLength(2);
    started[0]!.answer('stale');
    started[1]!.answer('fresh');
    expect(await before).toBe('stale');
    expect(await after).toBe('fresh');
  });

  it('changes of records the page does not show, and other app instances, do not split flights', async () => {
    const { started, read } = controlledRead();
    const shared = sharedReads(['admission'], read);
    const deps = depsWith();
    const elsewhere = depsWith();
    const first = shared(deps, { page: 1 });
    void shared(elsewhere, { page: 3 });
    await deps.bus.publish(channelOf('audit'), { id: 'y' });
    await elsewhere.bus.publish(channelOf('admission'), { id: 'z' });
    const second = shared(deps, { page: 1 });
    expect(started).toHaveLength(2);
    started[0]!.answer('one answer');
    expect(await second).toBe(await first);
  });

  it('a failed query fails its sharers and is not kept', async () => {
    let calls = 0;
    const shared = sharedReads(['admission'], async () => {
      calls += 1;
      if (calls === 1) throw new Error('database away');
      return 'back';
    });
    const deps = depsWith();
    const both = await Promise.allSettled([shared(deps, { page: 1 }), shared(deps, { page: 1 })]);
    expect(both.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await shared(deps, { page: 1 })).toBe('back');
  });
});

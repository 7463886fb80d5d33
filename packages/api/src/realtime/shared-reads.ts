import type { TEntity } from '@mas/shared';
import type { AppDeps } from '../trpc.ts';
import { channelOf } from './changes.ts';

/**
 * Identical reads that arrive while one is running share its answer ("single flight"). A live
 * change makes every open screen refetch the same first page at once; on the embedded server each
 * of those is a scan of the collection, so N screens cost one scan instead of N.
 *
 * Never staler than a read of one's own: a change to any of `entities` (published after its write,
 * in every process with Redis) starts a new generation, and a read joins only a query started in
 * the current one, so whoever saw a change, or made it, gets a query started after it.
 */
export function sharedReads<Input, Output>(
  entities: readonly TEntity[],
  read: (input: Input) => Promise<Output>,
): (deps: AppDeps, input: Input) => Promise<Output> {
  // Per bus: each app instance (tests run several in one process) hears only its own changes.
  const states = new WeakMap<object, { generation: number; running: Map<string, Flight<Output>> }>();
  return (deps, input) => {
    let state = states.get(deps.bus);
    if (!state) {
      const fresh = { generation: 0, running: new Map<string, Flight<Output>>() };
      for (const entity of entities) deps.bus.subscribe(channelOf(entity), () => (fresh.generation += 1));
      states.set(deps.bus, fresh);
      state = fresh;
    }
    const { running } = state;
    const key = JSON.stringify(input);
    const joined = running.get(key);
    if (joined && joined.generation === state.generation) return joined.answer;
    const flight = { generation: state.generation, answer: read(input) };
    running.set(key, flight);
    const done = () => {
      if (running.get(key) === flight) running.delete(key);
    };
    flight.answer.then(done, done);
    return flight.answer;
  };
}

interface Flight<Output> {
  generation: number;
  answer: Promise<Output>;
}

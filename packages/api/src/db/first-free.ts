/**
 * The first free number at or after `from` in a sequence whose taken numbers are contiguous (numbered
 * entries, tally deltas, postings): O(log n) probes, doubling steps from `from`, then halving.
 */
export async function firstFree(taken: (n: number) => Promise<boolean>, from: number): Promise<number> {
  if (!(await taken(from))) return from;
  let low = from; // taken
  let step = 1;
  while (await taken(low + step)) {
    low += step;
    step *= 2;
  }
  let high = low + step; // free
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await taken(mid)) low = mid;
    else high = mid;
  }
  return high;
}

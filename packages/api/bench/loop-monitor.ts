// Preloaded into the benchmarked API process (`--import`): every 500 ms it appends the longest
// event-loop delay of that window to BENCH_LOOP_FILE, so the benchmark can report stalls
// measured inside the process instead of guessing them from response times.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_LOOP_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    appendFileSync(file, `${JSON.stringify({ at: Date.now(), maxMs: +(delay.max / 1e6).toFixed(1) })}\n`);
    delay.reset();
  }, 500).unref();
}

// `npm start`: the API (on the embedded local database unless MONGODB_URI is set)
// and the web app's dev server, together; Ctrl+C stops both and the database.
import { spawn } from 'node:child_process';

// Node runs the programs directly (no npm or shell in between), each in its own
// process group, so a stop signal reaches every process and nothing is orphaned.
const children = [
  ['api', ['--import', 'tsx', 'src/main.ts'], 'packages/api'],
  ['web', ['../../node_modules/vite/bin/vite.js'], 'packages/web'],
].map(([name, args, cwd]) => {
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on('exit', (code) => {
    process.stdout.write(`[${name}] exited (${code ?? 'signal'})\n`);
    stop(code ?? 1);
  });
  return child;
});

console.log('MAS starting: web on http://127.0.0.1:5173 , API on http://127.0.0.1:4000 (Ctrl+C stops both)');

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  const force = setTimeout(() => process.exit(code), 10_000);
  force.unref();
  Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

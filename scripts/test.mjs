// `npm test`: every check — type-check (the web app against the API's router),
// lint, unit and API tests on a real database server, the web build, and the
// browser suite on Debian's chromium. Ends with one line: "N passed, N failed".
// The per-package test suites and the web build run through Turbo (turbo.json): a suite
// whose package and workspace dependencies have not changed since it last passed is
// replayed from the cache (its JSON report included) instead of run again.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = [];
let passed = 0;
let failed = 0;

function run(name, command, args, options = {}) {
  console.log(`\n▶ ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    stdio: 'inherit',
    env: { ...process.env, ...options.env },
  });
  const ok = result.status === 0;
  results.push(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

/** A check that is not a test runner counts as one test. */
function check(name, command, args, options) {
  if (run(name, command, args, options)) passed++;
  else failed++;
}

/** `turbo run <task>` for one package; the whole environment passes through (tests read MONGODB_URI, REDIS_URL…). */
const turbo = (task, pkg) => [
  join(root, 'node_modules/turbo/bin/turbo'),
  'run',
  task,
  `--filter=${pkg}`,
  '--env-mode=loose',
  '--output-logs=new-only',
];

/** Runs a package's vitest suite through Turbo (its `test` script writes a JSON report) and adds its counts. */
function vitest(name, pkg, cwd) {
  const report = join(root, cwd, 'test-results', 'vitest.json');
  rmSync(report, { force: true });
  const ok = run(name, process.execPath, turbo('test', pkg), { env: { TURBO_TELEMETRY_DISABLED: '1' } });
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests + (ok || json.numFailedTests ? 0 : 1);
  } else failed++;
}

check('type-check (tsc -b)', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
check('lint (eslint)', process.execPath, [join(root, 'node_modules/eslint/bin/eslint.js'), '.', '--max-warnings=0']);
check('format (prettier --check)', process.execPath, [
  join(root, 'node_modules/prettier/bin/prettier.cjs'),
  '--check',
  '.',
  '--log-level=warn',
]);
vitest('shared tests', '@mas/shared', 'packages/shared');
vitest('API tests', '@mas/api', 'packages/api');
vitest('web unit tests', '@mas/web', 'packages/web');
check('deployment files (docker/validate.sh: bundle, compose, nginx -t)', 'bash', [join(root, 'docker/validate.sh')], {
  env: { PATH: `${process.env.PATH}:/usr/sbin` },
});
check('web build (vite, through turbo)', process.execPath, turbo('build', '@mas/web'), {
  env: { TURBO_TELEMETRY_DISABLED: '1' },
});

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `\n✘ browser tests need Debian's chromium at ${chromium}: run  apt-get install -y chromium  (or set CHROMIUM_PATH).`,
  );
  results.push('✘ browser tests (chromium missing)');
  failed++;
} else {
  const report = join(root, 'packages/web/test-results/results.json');
  rmSync(report, { force: true });
  const ok = run(
    'browser tests (playwright)',
    process.execPath,
    [join(root, 'node_modules/@playwright/test/cli.js'), 'test'],
    {
      cwd: join(root, 'packages/web'),
      env: { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    },
  );
  if (existsSync(report)) {
    const { stats } = JSON.parse(readFileSync(report, 'utf8'));
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected + (ok || stats.unexpected ? 0 : 1);
  } else failed++;
}

console.log(`\n${results.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

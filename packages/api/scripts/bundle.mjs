// `npm run build -w @mas/api`: bundles src/main.ts into dist/main.js for production
// (`node dist/main.js`, the API image's CMD). Our workspace packages (@mas/shared,
// @mas/db) are inlined from their TypeScript sources; every other npm package stays
// an import resolved from node_modules at run time, so native modules (argon2) and
// the driver are the exact installed versions. The build fails if the bundle imports
// a package that is not a production dependency of @mas/api, because the image keeps
// only those.
//   node scripts/bundle.mjs [--outfile dist/main.js]
import { builtinModules } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const apiRoot = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { outfile: { type: 'string', default: 'dist/main.js' } } });
const outfile = join(apiRoot, values.outfile);

const manifest = JSON.parse(readFileSync(join(apiRoot, 'package.json'), 'utf8'));
const runtimeDependencies = new Set(Object.keys(manifest.dependencies ?? {}));
const builtins = new Set(builtinModules);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Bare imports stay external, except our own workspace packages, which are compiled in. */
const externalPackages = {
  name: 'external-packages',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@mas/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
const result = await build({
  // Paths in the output (module comments, source map) are relative to this, whatever the caller's cwd.
  absWorkingDir: apiRoot,
  entryPoints: [join(apiRoot, 'src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: join(apiRoot, 'tsconfig.json'),
  plugins: [externalPackages],
  // Readable stack traces in production logs (NODE_OPTIONS=--enable-source-maps in the image).
  sourcemap: 'linked',
  keepNames: true,
  metafile: true,
  logLevel: 'warning',
  banner: { js: '// MAS API bundle, built by packages/api/scripts/bundle.mjs. Do not edit.' },
});

const imported = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, external } of output.imports) if (external) imported.add(path);
}
const packages = [
  ...new Set([...imported].filter((path) => !path.startsWith('node:') && !builtins.has(path)).map(packageOf)),
].sort();
const missing = packages.filter((name) => !runtimeDependencies.has(name));
if (missing.length) {
  console.error(`✘ the bundle imports packages that are not dependencies of @mas/api: ${missing.join(', ')}`);
  console.error('  Add them to packages/api/package.json "dependencies" (the production image installs only those).');
  process.exit(1);
}
// Metafile paths are relative to absWorkingDir.
const inputs = Object.keys(result.metafile.inputs).map((path) => resolve(apiRoot, path));
const inlines = (workspace) => inputs.some((path) => path.startsWith(join(apiRoot, '..', workspace, 'src')));
if (!inlines('shared') || !inlines('db')) {
  console.error('✘ @mas/shared and @mas/db were not inlined; the production image does not ship their sources.');
  process.exit(1);
}

const kilobytes = (statSync(outfile).size / 1024).toFixed(0);
console.log(
  `✔ packages/api/${relative(apiRoot, outfile)} (${kilobytes} KB, ${Date.now() - started} ms); external: ${packages.join(', ')}`,
);

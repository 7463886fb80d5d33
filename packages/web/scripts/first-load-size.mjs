// Prints the gzipped size of the JavaScript a first visit downloads: the entry chunk,
// every chunk it imports statically (what index.html loads or preloads) and the Spanish strings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
const seen = new Set();
const queue = [...entries];
while (queue.length) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  // Static imports only: `import … from "./x.js"` and `import "./x.js"`; dynamic import() loads later.
  for (const match of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g))
    queue.push(`assets/${match[1]}`);
}
// The default language's strings are fetched before the first render (src/i18n/index.ts).
const strings = readdirSync(join(dist, 'assets')).find((file) => /^es-[\w-]+\.js$/.test(file));
if (strings) seen.add(`assets/${strings}`);
let total = 0;
for (const file of seen) {
  const size = gzipSync(readFileSync(join(dist, file))).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(8)} KB  ${file}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(8)} KB  first-load JavaScript, gzipped (${seen.size} files)`);

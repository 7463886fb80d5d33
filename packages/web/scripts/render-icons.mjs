// Renders the app icons' PNG sizes (web manifest, iOS home screen) from the SVGs in public/,
// with the Chromium the e2e suite uses: `node scripts/render-icons.mjs`. The PNGs are committed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const pub = join(import.meta.dirname, '..', 'public');
const ICONS = [
  // The favicon's rounded square, transparent corners: "any" purpose.
  { svg: 'favicon.svg', size: 192, out: 'icon-192.png' },
  { svg: 'favicon.svg', size: 512, out: 'icon-512.png' },
  // Full-bleed square, the cross inside the central 80% safe zone: "maskable"; iOS rounds it itself.
  { svg: 'icon-maskable.svg', size: 512, out: 'icon-maskable-512.png' },
  { svg: 'icon-maskable.svg', size: 180, out: 'apple-touch-icon.png' },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  for (const { svg, size, out } of ICONS) {
    await page.setViewportSize({ width: size, height: size });
    const source = readFileSync(join(pub, svg), 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${source}`);
    await page.screenshot({ path: join(pub, out), omitBackground: true });
    console.log(`${out} (${size}×${size}) from ${svg}`);
  }
} finally {
  await browser.close();
}

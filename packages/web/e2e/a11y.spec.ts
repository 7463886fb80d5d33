import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signInAsAdmin } from './helpers.ts';

/**
 * WCAG 2.1 AA, checked by axe-core as an auditor would: every screen after sign-in
 * (on the seeded hospital), in Spanish and English, at desktop and phone width, in
 * the light and dark themes and with compact density and high contrast. Serious and
 * critical violations fail the run.
 */
const SCREENS = [
  '/',
  '/dashboard',
  '/board',
  '/admissions',
  '/patients',
  '/medical-staff',
  '/users',
  '/roles',
  '/audit',
  '/specialties',
  '/departments',
  '/rooms',
  '/disabilities',
  '/diagnoses',
] as const;

interface Variant {
  name: string;
  language: 'es' | 'en';
  mode: 'light' | 'dark';
  compact: boolean;
  highContrast: boolean;
  phone: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'es desktop light', language: 'es', mode: 'light', compact: false, highContrast: false, phone: false },
  { name: 'en desktop dark', language: 'en', mode: 'dark', compact: false, highContrast: false, phone: false },
  { name: 'es phone light', language: 'es', mode: 'light', compact: false, highContrast: false, phone: true },
  {
    name: 'en desktop compact high-contrast',
    language: 'en',
    mode: 'light',
    compact: true,
    highContrast: true,
    phone: false,
  },
];

/** Settings as the display menu stores them, applied before the app's first script runs. */
async function applyVariant(page: Page, variant: Variant) {
  if (variant.phone) await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript((settings) => {
    localStorage.setItem(
      'mas.settings',
      JSON.stringify({
        language: settings.language,
        navCollapsed: false,
        compact: settings.compact,
        highContrast: settings.highContrast,
      }),
    );
    localStorage.setItem('mas.theme', settings.mode);
  }, variant);
}

/** Serious and critical violations, each with where it was found (for a readable failure). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      count: violation.nodes.length,
      where: violation.nodes.slice(0, 3).map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`),
    }));
}

/** Waits until the screen has drawn its data (no progress bar or skeleton left). */
async function settled(page: Page) {
  await expect(page.locator('main h1, main h2').first()).toBeVisible();
  await expect(page.locator('.MuiSkeleton-root')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('main [role="progressbar"]')).toHaveCount(0, { timeout: 20_000 });
}

for (const variant of VARIANTS) {
  test(`every screen passes axe-core (${variant.name})`, async ({ page }) => {
    test.setTimeout(240_000);
    await applyVariant(page, variant);
    await signInAsAdmin(page);
    await expect(page.locator('html')).toHaveAttribute('lang', variant.language);
    const found: Record<string, unknown> = {};
    for (const path of SCREENS) {
      await page.goto(path);
      await settled(page);
      const violations = await seriousViolations(page);
      if (violations.length) found[path] = violations;
    }
    expect(found).toEqual({});
  });
}

test('the sign-in screen passes axe-core in both languages', async ({ page }) => {
  for (const language of ['es', 'en'] as const) {
    await applyVariant(page, {
      name: language,
      language,
      mode: 'light',
      compact: false,
      highContrast: false,
      phone: false,
    });
    await page.goto('/sign-in');
    await page.getByTestId('sign-in-submit').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }
});

test('the main dialogs pass axe-core', async ({ page }) => {
  await signInAsAdmin(page);
  for (const [path, open] of [
    ['/admissions', 'create-button'],
    ['/patients', 'create-button'],
    ['/users', 'create-button'],
    ['/roles', 'create-button'],
    ['/rooms', 'create-button'],
  ] as const) {
    await page.goto(path);
    await settled(page);
    await page.getByTestId(open).first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    const violations = await seriousViolations(page);
    expect(violations, path).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
});

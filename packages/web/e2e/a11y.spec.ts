import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { animationsDone, signInAsAdmin } from './helpers.ts';

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
  '/appointments',
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

/**
 * Serious and critical violations, each with where it was found (for a readable failure). WCAG 2.1
 * A and AA rules, plus label-content-name-mismatch (WCAG 2.5.3), which axe ships as experimental
 * and so leaves out unless asked.
 */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
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
    test.setTimeout(420_000);
    await applyVariant(page, variant);
    await signInAsAdmin(page);
    await expect(page.locator('html')).toHaveAttribute('lang', variant.language);
    const found: Record<string, unknown> = {};
    for (const path of SCREENS) {
      await page.goto(path);
      // In the first variant, once while the screen is still loading (progress bars, skeletons) too.
      if (variant === VARIANTS[0]) {
        await expect(page.locator('main h1, main h2').first()).toBeVisible();
        const loading = await seriousViolations(page);
        if (loading.length) found[`${path} (loading)`] = loading;
      }
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

/** Opens something, checks the page with it open, closes it with Escape. */
interface Opener {
  name: string;
  path: string;
  open(page: Page): Promise<void>;
  /** What appears (a dialog unless stated). */
  shows?: (page: Page) => ReturnType<Page['getByRole']>;
}

const dialog = (page: Page) => page.getByRole('dialog');
/** A popup menu (grids' action cells are role="menu" too, hence the class). */
const menu = (page: Page) => page.locator('.MuiMenu-paper');
/** Dialogs, drawers, menus and popovers still open (kept-mounted ones hide when closed). */
const openModals = (page: Page) => page.locator('.MuiModal-root:not(.MuiModal-hidden)');

/** A bed tile of the given status on the board, opened with the keyboard. */
const openBed = (status: string) => async (page: Page) => {
  const tile = page.locator(`[data-testid="bed-tile"][data-status="${status}"][aria-haspopup="menu"]`).first();
  await tile.focus();
  await page.keyboard.press('Enter');
  await expect(menu(page)).toBeVisible();
};

const OPENERS: Opener[] = [
  ...(['/admissions', '/patients', '/medical-staff', '/users', '/roles', '/rooms', '/specialties'] as const).map(
    (path) => ({
      name: `${path} create`,
      path,
      open: (page: Page) => page.getByTestId('create-button').first().click(),
    }),
  ),
  { name: 'bed menu', path: '/board', open: openBed('occupied'), shows: menu },
  {
    name: 'transfer',
    path: '/board',
    open: async (page) => {
      await openBed('occupied')(page);
      await page.getByTestId('bed-action-transfer').click();
    },
  },
  {
    name: 'discharge',
    path: '/board',
    open: async (page) => {
      await openBed('occupied')(page);
      await page.getByTestId('bed-action-discharge').click();
    },
  },
  {
    name: 'notifications',
    path: '/',
    open: (page) => page.getByTestId('notifications-button').click(),
    shows: (page) => page.getByTestId('notifications-drawer'),
  },
  { name: 'command palette', path: '/', open: (page) => page.keyboard.press('Control+k') },
  { name: 'settings menu', path: '/', open: (page) => page.getByTestId('settings-button').click(), shows: menu },
  { name: 'account menu', path: '/', open: (page) => page.getByTestId('account-button').click(), shows: menu },
  {
    name: 'change password',
    path: '/',
    open: async (page) => {
      await page.getByTestId('account-button').click();
      await menu(page).getByRole('menuitem').first().click();
    },
  },
];

for (const variant of VARIANTS) {
  test(`the dialogs, drawers and menus pass axe-core (${variant.name})`, async ({ page }) => {
    test.setTimeout(420_000);
    await applyVariant(page, variant);
    await signInAsAdmin(page);
    const found: Record<string, unknown> = {};
    const openers: Opener[] = [
      ...OPENERS,
      ...(variant.phone
        ? [
            {
              name: 'navigation drawer',
              path: '/',
              open: (page: Page) =>
                page
                  .getByRole('button', { name: /menú|menu/i })
                  .first()
                  .click(),
              shows: (page: Page) => page.getByRole('navigation').first(),
            },
          ]
        : []),
    ];
    for (const opener of openers) {
      if (page.url() !== new URL(opener.path, page.url()).href) await page.goto(opener.path);
      await settled(page);
      await opener.open(page);
      const shown = (opener.shows ?? dialog)(page);
      await expect(shown.first(), opener.name).toBeVisible();
      // Past the opening transition (a half-faded dialog gives axe false contrast readings).
      await animationsDone(page);
      const violations = await seriousViolations(page);
      if (violations.length) found[opener.name] = violations;
      // Escape closes an open list first (a picker with focus), then the dialog.
      for (let i = 0; i < 3 && (await openModals(page).count()) > 0; i++) {
        await page.keyboard.press('Escape');
        await page.waitForTimeout(300);
      }
      await expect(openModals(page), opener.name).toHaveCount(0);
    }
    expect(found).toEqual({});
  });
}

import { expect, type Page } from '@playwright/test';
import superjson, { type SuperJSONResult } from 'superjson';
import { E2E_ADMIN_PASSWORD } from '../playwright.config.ts';

export const ADMIN = { username: 'admin', password: E2E_ADMIN_PASSWORD };

/** Signs in through the form and waits for the app shell. */
export async function signIn(page: Page, username = ADMIN.username, password = ADMIN.password) {
  await page.goto('/sign-in');
  await page.getByTestId('sign-in-submit').waitFor();
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

export async function signInAsAdmin(page: Page) {
  await signIn(page);
  await expect(page.getByTestId('account-button')).toBeVisible();
}

/** Translation keys the UI asked for that no resource holds (recorded by i18next's missing-key handler). */
export async function missingTranslations(page: Page): Promise<string[]> {
  return page.evaluate(() => window.__MAS_I18N_MISSING__ ?? []);
}

export async function expectAllTranslated(page: Page) {
  expect(await missingTranslations(page)).toEqual([]);
}

/** Full-page screenshots of the main screens, for people to look at. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** Unique, readable names so reruns against one database never collide. */
export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36).slice(-5)}`;

/** The grid row that shows `text`. */
export const rowWith = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/**
 * The list's row that shows `text`, found through the list's search box: the e2e
 * database carries seed data, so a record is rarely on the first page by itself.
 */
export async function findRow(page: Page, text: string, search = text) {
  await page.getByTestId('list-search').fill(search);
  const row = rowWith(page, text);
  await expect(row.first()).toBeVisible();
  return row;
}

/** Opens the row's "more actions" menu and picks an item by its test id. */
export async function rowMenu(page: Page, text: string, item: string) {
  await rowWith(page, text).locator('button[aria-haspopup="menu"]').click();
  await page.getByTestId(item).click();
}

/** Fills and submits the open create/edit dialog; `fields` maps input names to values. */
export async function submitForm(page: Page, fields: Record<string, string>) {
  const dialog = page.getByTestId('entity-form');
  for (const [name, value] of Object.entries(fields)) await dialog.locator(`[name="${name}"]`).fill(value);
  await dialog.getByTestId('form-submit').click();
}

/** Picks an option of a MUI select inside the dialog by the field's label. */
export async function pickOption(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByTestId('entity-form').getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

/**
 * Calls a tRPC procedure over plain HTTP with the page's session cookie, for fast test set-up
 * (the screens under test are still driven through the UI).
 */
export async function api<T = unknown>(
  page: Page,
  path: string,
  input?: unknown,
  type: 'query' | 'mutation' = 'mutation',
): Promise<T> {
  const body = input === undefined ? undefined : superjson.serialize(input);
  const response =
    type === 'mutation'
      ? await page.request.post(`/trpc/${path}`, { data: body ?? {} })
      : await page.request.get(`/trpc/${path}${body ? `?input=${encodeURIComponent(JSON.stringify(body))}` : ''}`);
  const payload = (await response.json()) as {
    result?: { data: SuperJSONResult };
    error?: { json?: { message?: string } };
  };
  if (!response.ok() || !payload.result)
    throw new Error(`${path} failed: ${response.status()} ${JSON.stringify(payload.error ?? payload)}`);
  return superjson.deserialize<T>(payload.result.data);
}

/**
 * Waits until no CSS transition or animation is running (a tooltip or dialog half-way through its
 * fade reads as low contrast to axe). Ends after two quiet checks in a row: a tooltip's enter delay can start one late.
 */
export async function animationsDone(page: Page) {
  for (let quiet = 0; quiet < 2; ) {
    const running = await page.evaluate(async () => {
      // Endless ones (spinners, a pulsing live dot) never finish and never fade text.
      const animations = document
        .getAnimations()
        .filter(
          (animation) =>
            animation.playState === 'running' && animation.effect?.getComputedTiming().endTime !== Infinity,
        );
      await Promise.all(animations.map((animation) => animation.finished.catch(() => undefined)));
      return animations.length;
    });
    quiet = running ? 0 : quiet + 1;
    await page.waitForTimeout(150);
  }
}

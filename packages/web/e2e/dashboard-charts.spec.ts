// On the seeded hospital: long ranges are plotted per week or per month, and each specialty
// slice of the donut has its own colour.
import { expect, test } from '@playwright/test';
import { signInAsAdmin, snap } from './helpers.ts';

test('the 12-month chart plots months, the 90-day one weeks, and the donut never repeats a colour', async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto('/dashboard');
  const chart = page.getByTestId('chart-per-day');
  await expect(chart.getByRole('heading', { name: 'Ingresos y altas por día' })).toBeVisible();

  const choose = async (label: string) => {
    await page.getByTestId('dashboard-range').getByRole('combobox').click();
    await page.getByRole('option', { name: label }).click();
  };
  await choose('Últimos 12 meses');
  await expect(chart.getByRole('heading', { name: 'Ingresos y altas por mes' })).toBeVisible();
  // At most 13 month labels on the axis (a year may touch 13 calendar months).
  const ticks = chart.locator('.MuiChartsAxis-directionX .MuiChartsAxis-tickLabel');
  await expect.poll(() => ticks.count()).toBeLessThanOrEqual(13);
  await expect.poll(() => ticks.count()).toBeGreaterThan(1);
  await snap(page, 'dashboard-12-months-es');

  await choose('Últimos 90 días');
  await expect(chart.getByRole('heading', { name: 'Ingresos y altas por semana' })).toBeVisible();
  await expect.poll(() => ticks.count()).toBeLessThanOrEqual(14);

  // The seed fills 15 specialties: 15 slices, 15 colours.
  const slices = page.getByTestId('chart-by-specialty').locator('path.MuiPieArc-root');
  await expect.poll(() => slices.count()).toBeGreaterThan(7);
  const fills = await slices.evaluateAll((paths) => paths.map((path) => getComputedStyle(path).fill));
  expect(new Set(fills).size).toBe(fills.length);
  await page.getByTestId('chart-by-specialty').scrollIntoViewIfNeeded();
  await page.getByTestId('chart-by-specialty').screenshot({ path: 'test-results/screenshots/dashboard-donut-es.png' });
});

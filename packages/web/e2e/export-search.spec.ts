// On the seeded hospital: the CSV export holds every matching row (not the page on screen),
// in Spanish, with names; search ignores accents, typed key by key as people type.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, signInAsAdmin, snap } from './helpers.ts';

interface AdmissionRow {
  id: string;
  patientName: string;
  roomName: string;
}
interface Page_ {
  items: AdmissionRow[];
  total: number;
}

/** Every admission matching `input`, read through the API, page by page. */
async function allAdmissions(page: Page, input: Record<string, unknown>) {
  const rows: AdmissionRow[] = [];
  for (let n = 1; ; n++) {
    const answer = await api<Page_>(page, 'admission.list', { ...input, page: n, perPage: 100 }, 'query');
    rows.push(...answer.items);
    if (answer.items.length < 100) return { rows, total: answer.total };
  }
}

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    }
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Types into the list's search box one key at a time and waits for the list that answers it. */
async function typeSearch(page: Page, procedure: string, text: string) {
  const box = page.getByTestId('list-search');
  await box.click();
  const answered = page.waitForResponse(
    (response) => response.url().includes(`${procedure}?`) && response.url().includes(encodeURIComponent(text)),
  );
  await box.pressSequentially(text, { delay: 60 });
  await expect(box).toHaveValue(text);
  await answered;
}

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

test('CSV export writes every matching admission, in Spanish, with names, and says how many', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/admissions');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingresos' })).toBeVisible();
  await page.getByTestId('tab-all').click();
  const expected = await allAdmissions(page, { status: 'all' });
  // The seed makes hundreds: far more than one page, and more than one export batch.
  expect(expected.total).toBeGreaterThan(100);
  await expect(page.getByTestId('count-all')).toHaveText(expected.total.toLocaleString('es-ES'));

  // Slowed down a little, so the progress can be seen (and photographed).
  await page.route('**/trpc/admission.list?**', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-progress')).toContainText(/Exportando \d+ de [\d.]+ filas/);
  await snap(page, 'export-progress-es');
  const download = await downloading;
  await expect(page.getByText(`Se exportaron ${expected.total} filas a`)).toBeVisible();
  await snap(page, 'export-done-es');
  await page.unroute('**/trpc/admission.list?**');
  expect(download.suggestedFilename()).toMatch(/^Ingresos-\d{4}-\d{2}-\d{2}\.csv$/);

  const content = readFileSync((await download.path())!, 'utf8');
  expect(content.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(content.slice(1));
  expect(header).toEqual(expect.arrayContaining(['Paciente', 'Habitación y cama', 'Personal responsable', 'Ingreso']));
  expect(header).not.toContain('actions');
  expect(rows).toHaveLength(expected.total);
  const patient = header!.indexOf('Paciente');
  expect(rows.map((row) => row[patient]).sort()).toEqual(expected.rows.map((row) => row.patientName).sort());
  // Names, not ids.
  expect(content).not.toMatch(/\b[0-9a-f]{24}\b/);
});

test('the export follows the search: only the matching rows', async ({ page }) => {
  await page.goto('/admissions');
  await page.getByTestId('tab-all').click();
  await typeSearch(page, 'admission.list', 'neumonia');
  const expected = await allAdmissions(page, { status: 'all', search: 'neumonia' });
  expect(expected.total).toBeGreaterThan(0);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const download = await downloading;
  await expect(page.getByText(new RegExp(`Se exportar(on|ó) ${expected.total} fila`))).toBeVisible();
  const [header, ...rows] = parseCsv(readFileSync((await download.path())!, 'utf8').slice(1));
  expect(rows).toHaveLength(expected.total);
  const diagnoses = header!.indexOf('Diagnósticos');
  for (const row of rows) expect(row[diagnoses]).toMatch(/Neumonía/);
});

test('search ignores accents, typed key by key', async ({ page }) => {
  // "neumonia" finds what "neumonía" finds.
  const accented = await allAdmissions(page, { status: 'all', search: 'neumonía' });
  expect(accented.total).toBeGreaterThan(0);
  await page.goto('/admissions');
  await page.getByTestId('tab-all').click();
  await typeSearch(page, 'admission.list', 'neumonia');
  await expect(page.getByTestId('count-all')).toHaveText(String(accented.total));
  await expect(page.getByRole('row').filter({ hasText: accented.rows[0]!.patientName }).first()).toBeVisible();

  // In a catalogue too, and the other way round: the accent typed where the name has none.
  await page.goto('/diagnoses');
  await typeSearch(page, 'diagnosis.list', 'neumonia adquirida');
  await expect(page.getByRole('row').filter({ hasText: 'Neumonía adquirida en la comunidad' })).toBeVisible();
  await page.goto('/specialties');
  await typeSearch(page, 'specialty.list', 'CIRUGIA');
  await expect(page.getByRole('row').filter({ hasText: 'Cirugía General' })).toBeVisible();
  await snap(page, 'accent-search-es');
});

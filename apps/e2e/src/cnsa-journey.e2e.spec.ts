import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { gql, launchBrowser, newPage, screenshot, SCREENSHOT_DIR } from './support/browser';
import { stackInfo } from './support/stack-file';

// Issue 7 — national oversight: a CNSA user opens the dashboard, switches the map's indicator, drills into a region
// and down to a file, exports the files table to XLSX (read back here); the public open-data page needs no login.

/* eslint-disable @typescript-eslint/no-explicit-any */

const DEMO_PASSWORD = 'demo-esms-numerique-2026';

async function logIn(page: Page, appUrl: string, email: string) {
  await page.goto(`${appUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await page.getByText('Se déconnecter').first().waitFor();
}

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${name}: ${v.id} (${v.impact}) — ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(report).toEqual([]);
}

const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

describe('CNSA journey: national dashboard, drill-down, exports, open data', () => {
  const { urls } = stackInfo();
  const app = urls['web-cnsa'];
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('serves the open data through the gateway without login, with no personal data; the dashboard itself needs CNSA', async () => {
    const open = await gql<{ openData: any }>(
      urls.gateway,
      `{ openData { minimumGroupSize national { files { value suppressed } } regions { code name files { value suppressed } byState { key files { value suppressed } } } byField { field files { value suppressed } } } }`,
    );
    expect(open.errors).toBeUndefined();
    expect(open.data!.openData.minimumGroupSize).toBe(5);
    expect(open.data!.openData.national.files.value).toBeGreaterThan(0);
    const text = strings(open.data).join('\n');
    expect(text).not.toMatch(/\b\d{2}[0-9AB]\d{6}\b/);
    expect(text).not.toContain('@');
    const anonymous = await gql(urls.gateway, `{ nationalDashboard { france { files } } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows KPIs and the map, switches the indicator, drills to a region, a file, and exports the files to XLSX', async () => {
    const page = await newPage(browser);
    await logIn(page, app, 'cnsa@demo.esms-numerique.fr');
    await page.goto(`${app}/`);
    await page.getByRole('heading', { name: 'Pilotage national du programme' }).waitFor();
    const kpis = page.getByRole('list', { name: 'Indicateurs clés, France entière' });
    await kpis.getByText('Candidatures déposées').waitFor();
    await page.locator('a[data-region="28"] path').waitFor();
    expect(await page.locator('a.cnsa-map__region').count()).toBe(18);
    // The table under the map is the text alternative: same regions, France last.
    const regionNames = await page.locator('#table-regions tbody tr th').allTextContents();
    expect(regionNames).toEqual(expect.arrayContaining(['Normandie', 'La Réunion', 'Mayotte', 'Corse']));
    expect(regionNames.at(-1)).toBe('France entière');
    await expect(page.locator('a[data-region="28"]').getAttribute('aria-label')).resolves.toMatch(/^Normandie : \d+$/);
    await screenshot(page, 'cnsa-dashboard');
    await expectAccessible(page, 'dashboard');

    await page.getByLabel('Indicateur affiché sur la carte').selectOption('amountGranted');
    await page.getByText('Montants accordés par région').waitFor();
    expect(page.url()).toContain('indicateur=amountGranted');
    await expect(page.locator('a[data-region="93"]').getAttribute('aria-label')).resolves.toMatch(/^Provence-Alpes-Côte d’Azur|^Provence-Alpes-Côte d'Azur : .*€/);
    await page.locator('.cnsa-map').screenshot({ path: join(SCREENSHOT_DIR, 'cnsa-map-amount-granted.png') });

    // Keyboard: focus Normandie on the map, Enter opens the region.
    await page.locator('a[data-region="28"]').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Normandie' }).waitFor();
    await page.locator('#table-dossiers tbody tr').first().waitFor();
    await screenshot(page, 'cnsa-region-normandie');
    await expectAccessible(page, 'region');

    // Export the region's files to XLSX and read it back: the same rows as the table.
    const shown = await page.locator('#table-dossiers tbody tr').evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('th, td')).map((c) => (c.textContent ?? '').trim())),
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#table-dossiers').getByRole('button', { name: 'XLSX' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const exported: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) exported.push((row.values as unknown[]).slice(1));
    });
    expect(sheet.getRow(1).getCell(1).value).toBe('Référence');
    expect(exported.map((r) => r[0])).toEqual(shown.map((r) => r[0]));
    expect(exported.map((r) => r[1])).toEqual(shown.map((r) => r[1]));
    expect(exported.map((r) => String(r[7]))).toEqual(shown.map((r) => r[7]));

    // Down to one file.
    const reference = shown[0]![0]!;
    await page.locator('#table-dossiers').getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(reference) }).waitFor();
    await page.getByText('Financement calculé').waitFor();
    await screenshot(page, 'cnsa-file');

    // A state of the region drills to the filtered list.
    await page.goBack();
    await page.getByRole('link', { name: /Retenue : voir les dossiers/ }).click();
    await page.getByRole('heading', { level: 1, name: /Dossiers — région 28 · état RETAINED/ }).waitFor();
    await page.locator('#table-dossiers tbody tr').first().waitFor();
    await screenshot(page, 'cnsa-files-retained-normandie');
    await page.context().close();
  });

  it('opens the public open-data page without login', async () => {
    const page = await newPage(browser);
    await page.goto(`${app}/donnees-ouvertes`);
    await page.getByRole('heading', { name: 'Données ouvertes du programme ESMS numérique' }).waitFor();
    await page.getByText('France entière').first().waitFor();
    expect(await page.getByText('Se déconnecter').count()).toBe(0);
    await screenshot(page, 'cnsa-open-data');
    await expectAccessible(page, 'open data');
    await page.context().close();
  });
});

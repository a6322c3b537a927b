import type { Browser, Page } from 'playwright-core';
import { buildFiness } from '@esms/domain/testing';
import { launchBrowser, newPage, screenshot } from './support/browser';
import { stackInfo } from './support/stack-file';

const DEMO_PASSWORD = 'demo-esms-numerique-2026';

async function logInThroughTheForm(page: Page, appUrl: string, email: string) {
  await page.goto(`${appUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await page.getByRole('button', { name: 'Se déconnecter' }).or(page.getByText('Se déconnecter')).first().waitFor();
}

describe('the three web apps in Chromium, through the gateway', () => {
  const { urls } = stackInfo();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lets anyone simulate the funding of a grappe on the porteur home page, with the API numbers', async () => {
    const page = await newPage(browser);
    await page.goto(`${urls['web-porteur']}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const grappe = [1, 2, 3].map((serial) => buildFiness('14', serial));
    await page.getByLabel('Numéros FINESS géographiques de vos établissements').fill(grappe.join('\n'));
    await page.getByRole('button', { name: 'Calculer le financement' }).click();
    // 003 §4.4: 3 acquisitions at rank 1–49 → 3 × (7 000 + 14 000) = 63 000 €, advance 31 500 €.
    await page.getByText(/63\s000\s€/).first().waitFor();
    await page.getByText(/31\s500\s€/).first().waitFor();
    await screenshot(page, 'porteur-simulator');
    await page.context().close();
  });

  it('refuses a malformed FINESS in the simulator with the reason', async () => {
    const page = await newPage(browser);
    await page.goto(`${urls['web-porteur']}/`);
    await page.getByLabel('Numéros FINESS géographiques de vos établissements').fill('14000000X');
    await page.getByRole('button', { name: 'Calculer le financement' }).click();
    await page.getByText(/14000000X/).first().waitFor();
    await page.context().close();
  });

  it.each([
    ['web-porteur', 'porteur@demo.esms-numerique.fr', 'porteur-home-logged-in'],
    ['web-instructeur', 'instructeur.normandie@demo.esms-numerique.fr', 'instructeur-home-logged-in'],
    ['web-cnsa', 'cnsa@demo.esms-numerique.fr', 'cnsa-home-logged-in'],
  ] as const)('logs the demo account in on %s and shows its name in the header', async (app, email, shot) => {
    const page = await newPage(browser);
    await logInThroughTheForm(page, urls[app], email);
    await page.goto(`${urls[app]}/`);
    await page.getByText('Se déconnecter').first().waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'esms_session');
    expect(session?.httpOnly).toBe(true);
    await screenshot(page, shot);
    await page.context().close();
  });

  it('shows a French error for a wrong password and does not log in', async () => {
    const page = await newPage(browser);
    await page.goto(`${urls['web-porteur']}/connexion`);
    await page.getByLabel('Adresse électronique').fill('porteur@demo.esms-numerique.fr');
    await page.getByLabel('Mot de passe', { exact: false }).first().fill('pas-le-bon-mot-de-passe');
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.getByText(/incorrect/i).first().waitFor();
    expect((await page.context().cookies()).find((c) => c.name === 'esms_session')).toBeUndefined();
    await page.context().close();
  });
});

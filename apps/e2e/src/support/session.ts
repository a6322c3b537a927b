import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The demo accounts' password (seeded by the annuaire's demo data). */
export const DEMO_PASSWORD = 'demo-esms-numerique-2026';

/** A session cookie (`esms_session=…`) for a demo account, through the gateway's login route. */
export async function sessionCookie(gatewayUrl: string, email: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  expect(response.status).toBeLessThan(300);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('esms_session='));
  if (!cookie) throw new Error(`no session cookie for ${email}`);
  return cookie.split(';')[0];
}

/** Logs a demo account in through the app's own login page. */
export async function logIn(page: Page, appUrl: string, email: string) {
  await page.goto(`${appUrl}/connexion`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).last().click();
  await page.getByText('Se déconnecter').first().waitFor();
}

/** axe-core on the page as it is: no serious or critical violation (the offending ones are printed). */
export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) console.log(name, serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`));
  expect(serious.map((v) => v.id)).toEqual([]);
}

import { randomUUID } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import { splitPayment } from '@esms/domain';
import { gql, launchBrowser, newPage, screenshot } from './support/browser';
import { stackInfo } from './support/stack-file';
import { sessionCookie, logIn, expectAccessible } from './support/session';

/*
 * Issue 5 §7 / issue 6 §1 — the convention in web-instructeur, end to end. A retained demo file of PACA (the Normandie
 * ones stay for the other journeys): out-of-scope callers get the answer of a missing file through the gateway, the
 * generic lifecycle action neither offers nor performs the signature; the PACA instructeur generates the convention,
 * downloads its PDF (read back: amounts), regenerates it, is told in French why a date is refused, records the
 * signature and sees the 50 % advance due, in the history and the follow-up; the porteur downloads the signed PDF
 * from its file page. Screenshots in tmp/screenshots/convention-*.
 */

jest.setTimeout(240_000);

const INSTRUCTEUR = 'instructeur.paca@demo.esms-numerique.fr';
const CONVENTION = 'id status total advance balance amoa decidedOn signedOn documentUrl lines { finess amount }';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** `12 345 €` as the PDF prints it (plain spaces); the page may use narrow no-break spaces, hence `spaces`. */
const pdfEuros = (n: number) => `${new Intl.NumberFormat('fr-FR').format(n).replace(/\s/g, ' ')} €`;
const spaces = (s: string) => s.replace(/[\s\u202f\u00a0]+/g, ' ');
const frDate = (iso: string) => iso.split('-').reverse().join('/');
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const parisToday = () => new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(new Date());

interface ConventionAnswer {
  id: string;
  status: string;
  total: number;
  advance: number;
  balance: number;
  amoa: number;
  decidedOn: string | null;
  signedOn: string | null;
  documentUrl: string;
  lines: { finess: string; amount: number }[];
}

describe('convention (web-instructeur → gateway → candidature)', () => {
  const { urls } = stackInfo();
  const gateway = urls.gateway;
  const app = urls['web-instructeur'];
  let browser: Browser;
  let page: Page;
  let instructeur: string;
  let file: { id: string; reference: string; title: string; version: number; organismes: { finessEj: string }[] };

  const readFile = async (cookie = instructeur) =>
    (
      await gql<{ candidature: { state: string; version: number; convention: ConventionAnswer | null; payments: { kind: string; amount: number; status: string; dueOn: string }[]; history: { action: string; actor: string | null; comment: string | null }[]; availableActions: { action: string }[] } }>(
        gateway,
        `query ($id: ID!) { candidature(id: $id) { id state version convention { ${CONVENTION} } payments { id kind amount status dueOn } history { action actor comment } availableActions { action } } }`,
        { id: file.id },
        { cookie },
      )
    ).data!.candidature;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    instructeur = await sessionCookie(gateway, INSTRUCTEUR);
    const list = await gql<{ candidatures: (typeof file & { state: string; convention: { id: string } | null })[] }>(
      gateway,
      '{ candidatures(filter: { states: [RETAINED] }, limit: 100) { id reference title state version organismes { finessEj } convention { id } } }',
      {},
      { cookie: instructeur },
    );
    const retained = list.data!.candidatures.find((c) => c.state === 'RETAINED' && !c.convention);
    if (!retained) throw new Error('no retained PACA demo file without a convention');
    file = retained;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('only the pivot ARS establishes the convention; the generic lifecycle action does not sign it (through the gateway)', async () => {
    const generate = 'mutation ($id: ID!) { generateConvention(candidatureId: $id) { id } }';
    const sign = 'mutation ($id: ID!) { signConvention(candidatureId: $id, signedOn: "2026-01-05") { id } }';
    const missing = randomUUID();
    const answer = async (query: string, cookie: string, id: string) => {
      const res = await gql(gateway, query, { id }, { cookie });
      return { status: res.status, data: res.data ?? null, errors: res.errors?.map((e) => ({ message: e.message, code: e.extensions?.code })) };
    };
    const before = await readFile();
    // Another ARS, a CD that was not asked: the same answer as for a file that does not exist.
    for (const email of ['instructeur.normandie@demo.esms-numerique.fr', 'cd.calvados@demo.esms-numerique.fr']) {
      const cookie = await sessionCookie(gateway, email);
      for (const query of [generate, sign]) {
        const real = await answer(query, cookie, file.id);
        expect(real.errors?.[0]?.code).toBe('NOT_FOUND');
        expect(real).toEqual(await answer(query, cookie, missing));
      }
    }
    // The CNSA (regional file) and the porteur read the file: they are told who establishes the convention.
    for (const email of ['cnsa@demo.esms-numerique.fr', `porteur.${file.organismes[0].finessEj.toLowerCase()}@demo.esms-numerique.fr`]) {
      const cookie = await sessionCookie(gateway, email);
      for (const query of [generate, sign]) expect((await answer(query, cookie, file.id)).errors?.[0]?.code).toBe('FORBIDDEN');
    }
    // The generic action neither offers nor performs the signature.
    expect(before.availableActions.map((a) => a.action)).not.toContain('sign_convention');
    const bypass = await gql(gateway, 'mutation ($id: ID!) { fireCandidatureAction(id: $id, action: "sign_convention") { id } }', { id: file.id }, { cookie: instructeur });
    expect(bypass.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bypass.errors?.[0]?.message).toMatch(/onglet Convention/);
    const after = await readFile();
    expect({ state: after.state, version: after.version, convention: after.convention, payments: after.payments }).toEqual({ state: 'RETAINED', version: before.version, convention: null, payments: [] });
  });

  it('the instructeur generates the convention, downloads its PDF with the amounts, regenerates it', async () => {
    await logIn(page, app, INSTRUCTEUR);
    await page.goto(`${app}/dossiers/${file.id}?onglet=convention`);
    await page.getByRole('heading', { level: 1, name: new RegExp(file.reference) }).waitFor();
    await page.getByRole('button', { name: 'Générer la convention' }).waitFor();
    await screenshot(page, 'convention-01-to-generate');
    await expectAccessible(page, 'convention to generate');
    await page.getByRole('button', { name: 'Générer la convention' }).click();
    await page.getByTestId('convention-figures').waitFor();
    await page.getByTestId('convention-status').filter({ hasText: 'À signer' }).waitFor();

    const c = (await readFile()).convention!;
    expect(c.status).toBe('GENERATED');
    expect({ advance: c.advance, balance: c.balance }).toEqual(splitPayment(c.total)); // the domain's split, half rounded up
    expect(c.lines.reduce((s, l) => s + l.amount, 0) + c.amoa).toBe(c.total);
    const figures = spaces(await page.getByTestId('convention-figures').innerText());
    for (const n of [c.total, c.advance, c.balance]) expect(figures).toContain(spaces(pdfEuros(n)));
    expect(await page.getByTestId('convention-lines').locator('tbody tr').count()).toBe(c.lines.length + 1 + (c.amoa > 0 ? 1 : 0));
    expect(await page.getByTestId('convention-milestones').locator('tbody tr').count()).toBe(7);
    await screenshot(page, 'convention-02-generated');
    await expectAccessible(page, 'convention generated');

    // The PDF, through the web app's /files proxy with the browser's session: an attachment, with the amounts.
    const href = (await page.getByTestId('convention-pdf').getAttribute('href'))!;
    const response = await page.request.get(`${app}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect(response.headers()['content-disposition']).toBe(`attachment; filename="convention-${file.reference}.pdf"`);
    const pdf = Buffer.from(await response.body());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(`Convention de financement — dossier ${file.reference}`);
    expect(text).toContain(`Subvention forfaitaire totale : ${pdfEuros(c.total)}`);
    expect(text).toContain(`Avance de 50 % à la signature de la présente convention : ${pdfEuros(c.advance)}`);
    expect(text).toContain(`Solde en fin de projet : ${pdfEuros(c.balance)}`);
    expect(text).toContain(`ESSMS ${c.lines[0].finess}`);

    await page.getByRole('button', { name: 'Régénérer la convention' }).click();
    await page.getByText(/^Convention régénérée/).waitFor();
    expect((await readFile()).history.filter((h) => h.action === 'generate_convention')).toHaveLength(2);
  });

  it('refuses a date in the future or before the decision in French, records the signature: advance due, history, follow-up', async () => {
    const c = (await readFile()).convention!;
    expect(c.decidedOn).not.toBeNull();
    const today = parisToday();
    const dateInput = page.getByLabel('Date de signature de la convention');
    const submit = page.getByRole('button', { name: 'Enregistrer la signature' });

    await submit.click();
    await page.getByText('Indiquez la date à laquelle la convention a été signée par les deux parties.').waitFor();
    await dateInput.fill(addDays(today, 1));
    await submit.click();
    await page.getByText(`La date de signature ne peut pas être dans le futur : indiquez une date au plus tard le ${frDate(today)}.`).waitFor();
    await screenshot(page, 'convention-03-date-refused');
    await dateInput.fill(addDays(c.decidedOn!, -1));
    await submit.click();
    await page.getByText(`La date de signature ne peut pas précéder la décision du comité qui a retenu le dossier (${frDate(c.decidedOn!)})`, { exact: false }).waitFor();
    await expectAccessible(page, 'convention date refused');
    const unchanged = await readFile();
    expect({ state: unchanged.state, status: unchanged.convention?.status, payments: unchanged.payments }).toEqual({ state: 'RETAINED', status: 'GENERATED', payments: [] });

    await dateInput.fill(today);
    await submit.click();
    await page.getByTestId('convention-status').filter({ hasText: `Signée le ${frDate(today)}` }).waitFor();
    await page.getByTestId('file-state').filter({ hasText: 'Convention signée' }).waitFor();
    const payments = page.getByTestId('convention-payments');
    await payments.waitFor();
    const row = spaces((await payments.locator('tbody tr').first().textContent()) ?? ''); // textContent: badges are upper-cased by CSS
    expect(row).toContain('Avance (50 %)');
    expect(row).toContain(spaces(pdfEuros(c.advance)));
    expect(row).toContain('Exigible');
    expect(await page.getByRole('button', { name: 'Régénérer la convention' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Enregistrer la signature' }).count()).toBe(0);
    await screenshot(page, 'convention-04-signed');
    await expectAccessible(page, 'convention signed');

    const signed = await readFile();
    expect(signed.state).toBe('CONVENTION_SIGNED');
    expect(signed.payments).toEqual([expect.objectContaining({ kind: 'ADVANCE', amount: c.advance, status: 'DUE', dueOn: today })]);
    const event = signed.history.find((h) => h.action === 'sign_convention');
    expect(event).toMatchObject({ comment: `Convention signée le ${frDate(today)} : avance de 50 % exigible, ${pdfEuros(c.advance)}.` });
    expect(event?.actor).toBeTruthy();

    // Who, when, what in the file's history; the advance due in the follow-up tab.
    await page.getByRole('tab', { name: 'Dossier' }).click();
    const history = page.getByTestId('history-table');
    await history.locator('tr', { hasText: 'Signature de la convention' }).filter({ hasText: `Convention signée le ${frDate(today)}` }).waitFor();
    await page.getByRole('tab', { name: 'Suivi et paiements' }).click();
    await page.getByRole('button', { name: /Enregistrer le versement de l.avance/ }).waitFor();
    await screenshot(page, 'convention-05-follow-up-advance-due');

    // Signed: neither regenerated nor signed again (CONFLICT, in French).
    const again = await gql(gateway, 'mutation ($id: ID!) { generateConvention(candidatureId: $id) { id } }', { id: file.id }, { cookie: instructeur });
    expect(again.errors?.[0]).toMatchObject({ message: `La convention est déjà signée (le ${frDate(today)}) : elle ne peut plus être régénérée.`, extensions: { code: 'CONFLICT' } });
    const twice = await gql(gateway, 'mutation ($id: ID!, $on: String!) { signConvention(candidatureId: $id, signedOn: $on) { id } }', { id: file.id, on: today }, { cookie: instructeur });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(twice.errors?.[0]?.message).toMatch(/^La convention est déjà signée/);
    expect((await readFile()).payments).toHaveLength(1);
  });

  it('the porteur downloads the signed convention from its file page', async () => {
    const porteurEmail = `porteur.${file.organismes[0].finessEj.toLowerCase()}@demo.esms-numerique.fr`;
    const porteurPage = await newPage(browser);
    await logIn(porteurPage, urls['web-porteur'], porteurEmail);
    await porteurPage.goto(`${urls['web-porteur']}/candidatures/${file.id}/historique`);
    const link = porteurPage.getByRole('link', { name: /Télécharger la convention signée/ });
    await link.waitFor();
    await screenshot(porteurPage, 'convention-06-porteur');
    await expectAccessible(porteurPage, 'porteur file with signed convention');
    const response = await porteurPage.request.get(`${urls['web-porteur']}${await link.getAttribute('href')}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
    const text = await pdfText(Buffer.from(await response.body()));
    expect(text).toContain(`Convention signée le ${frDate(parisToday())}.`);
    await porteurPage.context().close();
  });
});

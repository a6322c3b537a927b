import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { gql, launchBrowser, newPage, screenshot } from './support/browser';
import { stackInfo } from './support/stack-file';
import { sessionCookie, logIn, expectAccessible } from './support/session';

/*
 * Issue 6 — after selection. The demo porteur's file in deployment (ANES, Normandie, convention signed five months
 * ago): the porteur issues a DUI editor token scoped to this project; the editor's software sends three months of
 * counts for the grappe through the gateway (Bearer token); the porteur sees the rates and the missing targets,
 * uploads the certified expense statement, asks for the balance (refused, with the missing conditions), the editor
 * corrects the last month (history kept), the porteur asks again; the instructeur sees the request in its
 * portfolio, validates it and records the payment — file CLOSED. Screenshots in tmp/screenshots/follow-up-*.
 */

jest.setTimeout(240_000);

const PORTEUR = 'porteur@demo.esms-numerique.fr';
const INSTRUCTEUR = 'instructeur.normandie@demo.esms-numerique.fr';
const TITLE = 'ANES : DUI Alpha dans les établissements de Seine-Maritime';
const NOT_FOUND = "Cette candidature n'existe pas ou vous n'y avez pas accès.";

const counts = (persons: number, dmpRatio: number) => ({
  personsAccompanied: persons,
  activeDossiers: Math.round(persons * 0.95),
  activeDossiersWithProjetPersonnalise: Math.round(persons * 0.9),
  activeDossiersWithAgendaEvent: Math.round(persons * 0.9),
  mssanteMessagesSent: Math.round(persons * 1.3),
  dmpFed: Math.round(persons * dmpRatio),
  ePrescriptionsImported: 4,
});

const RECORD = `mutation ($id: ID!, $month: String!, $items: [EssmsUsageCountsInput!]!) { recordMeasurements(candidatureId: $id, month: $month, items: $items) { month periodMonths created corrected unchanged } }`;

describe('follow-up journey (editor API → porteur → instructeur)', () => {
  const { urls } = stackInfo();
  const gateway = urls.gateway;
  let browser: Browser;
  let page: Page;
  let porteurCookie: string;
  let instructeurCookie: string;
  let fileId: string;
  let members: string[];
  let months: string[];
  let editorToken: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    porteurCookie = await sessionCookie(gateway, PORTEUR);
    instructeurCookie = await sessionCookie(gateway, INSTRUCTEUR);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the porteur issues an editor token for ONE project; the editor sends three months for the grappe through the gateway', async () => {
    const list = await gql<{ followUpPortfolio: { id: string; title: string; state: string }[] }>(gateway, '{ followUpPortfolio { id title state } }', {}, { cookie: porteurCookie });
    const file = list.data!.followUpPortfolio.find((f) => f.title === TITLE);
    expect(file?.state).toBe('IN_DEPLOYMENT');
    fileId = file!.id;
    const follow = await gql<{ candidature: { followUp: { openMonths: string[]; essms: { finess: string }[] } } }>(
      gateway,
      'query ($id: ID!) { candidature(id: $id) { id followUp { openMonths essms { finess } } } }',
      { id: fileId },
      { cookie: porteurCookie },
    );
    months = follow.data!.candidature.followUp.openMonths.slice(0, 3);
    members = follow.data!.candidature.followUp.essms.map((e) => e.finess);
    expect(months).toHaveLength(3);
    expect(members.length).toBeGreaterThanOrEqual(2);

    const created = await gql<{ createEditorApiToken: { token: string; apiToken: { scopes: string[] } } }>(
      gateway,
      'mutation ($c: ID!) { createEditorApiToken(candidatureId: $c, label: "Éditeur Démo A — DUI Alpha", expiresInDays: 90) { token apiToken { scopes } } }',
      { c: fileId },
      { cookie: porteurCookie },
    );
    expect(created.errors).toBeUndefined();
    editorToken = created.data!.createEditorApiToken.token;
    expect(created.data!.createEditorApiToken.apiToken.scopes).toEqual([`measurements:write:${fileId}`]);
    const bearer = { authorization: `Bearer ${editorToken}` };

    // A refusal stores nothing and says why (DMP fed above persons accompanied).
    const refused = await gql(gateway, RECORD, { id: fileId, month: months[0], items: [{ finess: members[0], ...counts(50, 0.5), dmpFed: 60 }] }, bearer);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].message).toMatch(/ne peut pas dépasser/);

    // Three months; the last ESSMS stays below the DMP target (70 %).
    for (const [k, month] of months.entries()) {
      const items = members.map((finess, i) => ({ finess, ...counts(60 + 10 * i, i === members.length - 1 ? 0.5 : 0.6 + 0.05 * k) }));
      const sent = await gql<{ recordMeasurements: { created: number; periodMonths: number } }>(gateway, RECORD, { id: fileId, month, items }, bearer);
      expect(sent.errors).toBeUndefined();
      expect(sent.data!.recordMeasurements).toMatchObject({ created: members.length, periodMonths: k === 0 ? 3 : 1 });
    }
    // The token is worth this project only: another project (or none) answers the same NOT_FOUND, for writes and reads.
    const other = await gql<{ followUpPortfolio: { id: string }[] }>(gateway, '{ followUpPortfolio { id } }', {}, { cookie: instructeurCookie });
    const otherId = other.data!.followUpPortfolio.map((f) => f.id).find((id) => id !== fileId)!;
    for (const target of [otherId, '00000000-0000-4000-8000-000000000000']) {
      const write = await gql(gateway, RECORD, { id: target, month: months[0], items: [{ finess: members[0], ...counts(50, 0.8) }] }, bearer);
      expect(write.errors?.[0]).toMatchObject({ message: NOT_FOUND, extensions: { code: 'NOT_FOUND' } });
      const read = await gql(gateway, 'query ($id: ID!) { candidatureFollowUp(candidatureId: $id) { candidatureId } }', { id: target }, bearer);
      expect(read.errors?.[0]).toMatchObject({ message: NOT_FOUND, extensions: { code: 'NOT_FOUND' } });
    }
    const own = await gql<{ candidatureFollowUp: { essms: { measurements: { month: string }[] }[] } }>(
      gateway,
      'query ($id: ID!) { candidatureFollowUp(candidatureId: $id) { essms { measurements { month } } } }',
      { id: fileId },
      bearer,
    );
    expect(own.data!.candidatureFollowUp.essms[0].measurements.map((m) => m.month)).toEqual(months);
  });

  it('the porteur sees the rates and the missing targets, uploads the expense statement, is told what is missing, then asks for the balance', async () => {
    await logIn(page, urls['web-porteur'], PORTEUR);
    await page.goto(`${urls['web-porteur']}/suivi`);
    await page.getByRole('link', { name: new RegExp(TITLE) }).click();
    await page.getByRole('heading', { name: 'Cibles d’usage' }).waitFor();
    await screenshot(page, 'follow-up-porteur-rates');
    await page.getByTestId('missing-targets').waitFor();
    const missing = await page.getByTestId('missing-targets').innerText();
    expect(missing).toContain(members[members.length - 1]);
    expect(missing).toContain('DMP');
    await page.locator('figure svg').first().waitFor();
    await screenshot(page, 'follow-up-porteur-rates');
    await expectAccessible(page, 'porteur follow-up');

    // Certified expense statement (a PDF), then a balance request refused: targets still missed.
    await page.getByLabel('Visé par').selectOption('STATUTORY_AUDITOR');
    await page.getByLabel(/Dépense matérielle justifiée/).fill('0');
    await page.locator('#expense-file').setInputFiles({ name: 'etat-recapitulatif-depenses.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% état récapitulatif visé par le commissaire aux comptes\n%%EOF\n') });
    await page.getByRole('button', { name: 'Déposer l’état des dépenses' }).click();
    await page.getByRole('link', { name: 'etat-recapitulatif-depenses.pdf' }).waitFor();
    await page.getByRole('button', { name: 'Demander le solde' }).click();
    await page.getByText(/Le solde ne peut pas encore être demandé/).waitFor();
    await screenshot(page, 'follow-up-porteur-balance-refused');

    // The editor corrects the last month for the lagging ESSMS (the previous values stay in the history).
    const last = members[members.length - 1];
    const corrected = await gql<{ recordMeasurements: { corrected: number } }>(
      gateway,
      RECORD,
      { id: fileId, month: months[2], items: [{ finess: last, ...counts(60 + 10 * (members.length - 1), 0.75) }] },
      { authorization: `Bearer ${editorToken}` },
    );
    expect(corrected.data!.recordMeasurements.corrected).toBe(1);

    await page.reload();
    await page.getByRole('heading', { name: 'Cibles d’usage' }).waitFor();
    await page.getByText('Tous les ESSMS atteignent les cinq cibles d’usage à leur dernière mesure.').waitFor();
    await page.getByRole('button', { name: 'Demander le solde' }).click();
    await page.getByText('Demande de solde envoyée à l’ARS.').waitFor();
    await page.getByTestId('file-state').filter({ hasText: 'Solde demandé' }).waitFor();
    await screenshot(page, 'follow-up-porteur-balance-requested');
    await expectAccessible(page, 'porteur balance requested');
  });

  it('the instructeur sees the request in its portfolio, validates it and records the payment', async () => {
    const ipage = await newPage(browser);
    await logIn(ipage, urls['web-instructeur'], INSTRUCTEUR);
    await ipage.goto(`${urls['web-instructeur']}/suivi`);
    const row = ipage.locator('tr', { hasText: TITLE });
    await row.getByText('Solde à valider').waitFor();
    await screenshot(ipage, 'follow-up-instructeur-portfolio');
    await expectAccessible(ipage, 'instructeur portfolio');

    // The portfolio export (XLSX) lists the file.
    const xlsx = await fetch(`${gateway}/files/follow-up/portfolio.xlsx`, { headers: { cookie: instructeurCookie } });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const titles: string[] = [];
    wb.worksheets[0].eachRow((r) => titles.push(String(r.getCell(2).value)));
    expect(titles).toContain(TITLE);

    await row.getByRole('link').click();
    await ipage.getByRole('button', { name: 'Valider la demande de solde' }).click();
    await ipage.getByText(/Solde validé/).waitFor();
    await ipage.getByRole('button', { name: /Enregistrer le versement du solde/ }).click();
    await ipage.getByLabel('Référence comptable').fill('SOLDE-NOR-2026-042');
    await ipage.getByRole('button', { name: 'Confirmer le versement' }).click();
    await ipage.getByText('SOLDE-NOR-2026-042').waitFor();
    await ipage.getByTestId('file-state').filter({ hasText: 'Clôturée' }).waitFor();
    await screenshot(ipage, 'follow-up-instructeur-closed');
    await expectAccessible(ipage, 'instructeur follow-up closed');

    const after = await gql<{ candidature: { state: string; payments: { kind: string; status: string; reference: string | null }[]; history: { action: string }[] } }>(
      gateway,
      'query ($id: ID!) { candidature(id: $id) { id state payments { id kind status reference } history { action } } }',
      { id: fileId },
      { cookie: porteurCookie },
    );
    expect(after.data!.candidature.state).toBe('CLOSED');
    expect(after.data!.candidature.payments).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'BALANCE', status: 'PAID', reference: 'SOLDE-NOR-2026-042' })]));
    expect(after.data!.candidature.history.map((h) => h.action)).toEqual(expect.arrayContaining(['record_measurements', 'upload_expense_statement', 'request_balance', 'validate_balance', 'pay_balance']));
  });
});

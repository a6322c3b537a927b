import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { gql, launchBrowser, newPage, screenshot } from './support/browser';
import { linkIn, waitForMail } from './support/mailbox';
import { stackInfo } from './support/stack-file';

// Issue 4 "Done when": a new porteur walks the whole journey in headless Chromium, through the
// gateway and the real SMTP test server; every page passes axe-core without serious/critical violations.

const PASSWORD = 'Un-mot-de-passe-solide-2026';
const CAMPAIGN_LABEL = /ARS Normandie 2026/;

interface DemoEge {
  informationsGeneralesEGE: { numFinessEge: string; nomEgeLong: string };
  etatObjet: { code: string };
  categorieEntiteGeographiqueExercice: { code: string };
}
interface DemoPmej {
  informationsGeneralesPmej: { numFinessPm: string; denominationLonguePmSmsse: string };
  ege: DemoEge[];
}

/** The demo FiNESS flow the annuaire loads (tools/demo-data): the grappe is built from its numbers. */
function demoGrappe() {
  const flow = JSON.parse(readFileSync(join(__dirname, '../../../tools/demo-data/demo-structures.json'), 'utf8')) as { pmej: DemoPmej[] };
  const organisme = (finessEj: string) => flow.pmej.find((p) => p.informationsGeneralesPmej.numFinessPm === finessEj)!;
  const open = (p: DemoPmej) => p.ege.filter((e) => e.etatObjet.code === 'A');
  const anes = organisme('140599267'); // Normandie, 62 ESSMS
  const epiAuge = organisme('140842626'); // Normandie, small organisme with a SAAD
  const provence = organisme('131825275'); // PACA
  const normandie = (e: DemoEge) => /^(14|27|50|61|76)/.test(e.informationsGeneralesEGE.numFinessEge);
  const anesNormandie = open(anes).filter(normandie);
  const saad = open(epiAuge).find((e) => e.categorieEntiteGeographiqueExercice.code === '460')!;
  const essms = anesNormandie.slice(0, 14);
  const otherRegion = open(provence).find((e) => e.categorieEntiteGeographiqueExercice.code === '500')!;
  const finess = (e: DemoEge) => e.informationsGeneralesEGE.numFinessEge;
  return {
    porteurFinessEj: anes.informationsGeneralesPmej.numFinessPm,
    /** Other ANES ESSMS in Normandie, to replace members the funding history rules out (E03–E05). */
    reserve: anesNormandie.slice(14).map(finess),
    first: finess(essms[0]),
    rest: [...essms.slice(1).map(finess), finess(saad), finess(otherRegion)],
    saad: finess(saad),
    saadName: saad.informationsGeneralesEGE.nomEgeLong,
    otherRegion: finess(otherRegion),
    /** FINESS EJ of each member's organisme gestionnaire (for the public simulator). */
    organismeOf: (f: string) =>
      f === finess(saad) ? epiAuge.informationsGeneralesPmej.numFinessPm : f === finess(otherRegion) ? provence.informationsGeneralesPmej.numFinessPm : anes.informationsGeneralesPmej.numFinessPm,
  };
}

/** A small but real PDF (the server sniffs the content). */
function pdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/** The text of a PDF (pdf-parse), whitespace collapsed. */
async function pdfText(data: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

const axeFindings: string[] = [];

async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) {
    axeFindings.push(`${name}: ${v.id} (${v.impact}) — ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  }
  expect(serious.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
}

const euros = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

async function fundingTotal(page: Page): Promise<number> {
  return euros(await page.getByTestId('funding-total').textContent());
}

async function waitForTotal(page: Page, predicate: (total: number) => boolean, timeout = 15_000) {
  const started = Date.now();
  for (;;) {
    const visible = await page.getByTestId('funding-total').isVisible().catch(() => false);
    if (visible && predicate(await fundingTotal(page))) return fundingTotal(page);
    if (Date.now() - started > timeout) throw new Error(`funding total did not reach the expected value (last: ${visible ? await fundingTotal(page) : 'none'})`);
    await page.waitForTimeout(200);
  }
}

/** DSFR checkboxes and radios here are controlled by the server's answer: click, then wait until it is saved. */
async function tick(locator: Locator) {
  await locator.click({ force: true });
  for (let i = 0; i < 100 && !(await locator.isChecked()); i++) await locator.page().waitForTimeout(100);
  expect(await locator.isChecked()).toBe(true);
}

async function goToStep(page: Page, name: RegExp) {
  await page.getByRole('navigation', { name: 'Étapes du dossier' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('porteur journey in Chromium (issue 4)', () => {
  const { urls } = stackInfo();
  const app = urls['web-porteur'];
  const email = `porteur.${Date.now()}@exemple.fr`;
  const grappe = demoGrappe();
  let browser: Browser;
  let page: Page;
  let candidatureUrl = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });
  afterAll(async () => {
    if (axeFindings.length) console.warn(`axe findings:\n${axeFindings.join('\n')}`);
    await browser?.close();
  });

  it('signs up, is refused login before activation, activates from the e-mail and logs in', async () => {
    await page.goto(`${app}/inscription`);
    await page.getByRole('heading', { level: 1, name: 'Créer un compte porteur' }).waitFor();
    await expectAccessible(page, 'inscription');
    await page.locator('input[name=displayName]').fill('Camille Porteur');
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await screenshot(page, 'porteur-01-inscription');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await page.getByText('Vérifiez votre messagerie').waitFor();

    // Not activated yet: the gateway's 403 ACCOUNT_NOT_ACTIVE message is shown.
    await page.goto(`${app}/connexion`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.getByText(/n.est pas activé/).first().waitFor();
    await screenshot(page, 'porteur-02-connexion-non-active');

    const mail = await waitForMail(email, /activez votre compte/);
    const link = linkIn(mail, `${app}/activation?token=`);
    await page.goto(link);
    await page.getByText('Votre compte est activé').waitFor();
    await expectAccessible(page, 'activation');
    await screenshot(page, 'porteur-03-activation');

    await page.goto(`${app}/connexion`);
    await expectAccessible(page, 'connexion');
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).last().click();
    await page.getByText('Se déconnecter').first().waitFor();
  });

  it('offers the password reset pages', async () => {
    const other = await newPage(browser);
    await other.goto(`${app}/mot-de-passe-oublie`);
    await other.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    await expectAccessible(other, 'mot-de-passe-oublie');
    await other.goto(`${app}/reinitialisation?token=jeton-inconnu`);
    await other.locator('input[name=password]').fill('Nouveau-mot-de-passe-2026');
    await other.locator('input[name=confirmation]').fill('Nouveau-mot-de-passe-2026');
    await other.getByRole('button', { name: 'Changer mon mot de passe' }).click();
    await other.getByText('Changement impossible').waitFor();
    await expectAccessible(other, 'reinitialisation');
    await other.context().close();
  });

  it('attaches the account to its organisme gestionnaire found in the annuaire', async () => {
    await page.goto(`${app}/mon-organisme`);
    await page.getByRole('heading', { level: 1, name: 'Mon organisme gestionnaire' }).waitFor();
    await page.locator('input[name=finessEj]').fill('14059926X');
    await page.getByRole('button', { name: 'Rechercher dans l’annuaire' }).click();
    await page.getByText(/ne doit contenir que des chiffres/).waitFor();
    await page.locator('input[name=finessEj]').fill(grappe.porteurFinessEj);
    await page.getByRole('button', { name: 'Rechercher dans l’annuaire' }).click();
    await page.getByTestId('organisme-found').getByText('Association Normande d’Entraide et de Soins').or(page.getByTestId('organisme-found').locator('h3')).first().waitFor();
    await expectAccessible(page, 'mon-organisme');
    await screenshot(page, 'porteur-04-organisme-trouve');
    await page.getByRole('button', { name: 'Rattacher mon compte à cet organisme' }).click();
    await page.getByText('Rattachement enregistré').waitFor();
    await page.getByTestId('my-organismes').getByText(grappe.porteurFinessEj, { exact: false }).waitFor();
    await screenshot(page, 'porteur-05-organisme-rattache');
  });

  it('lists the campaigns with their calendar, windows and the region contacts', async () => {
    await page.goto(`${app}/campagnes`);
    await page.getByRole('heading', { level: 1, name: /Campagnes/ }).waitFor();
    const card = page.getByTestId('campaign').filter({ hasText: CAMPAIGN_LABEL }).first();
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Ouverte/);
    expect(await card.locator('a[href^="mailto:"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'campagnes');
    await screenshot(page, 'porteur-06-campagnes');
  });

  it('creates a candidature on the open demo campaign', async () => {
    await page.goto(`${app}/candidatures`);
    await page.getByRole('link', { name: 'Nouvelle candidature' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvelle candidature' }).waitFor();
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await page.getByText('Le formulaire contient des erreurs').waitFor();
    await expectAccessible(page, 'nouvelle-candidature');
    await page.getByLabel(CAMPAIGN_LABEL).first().check({ force: true });
    await page.locator('input[name=title]').fill('DUI commun des EHPAD et du SAAD de l’ANES');
    await screenshot(page, 'porteur-07-nouvelle-candidature');
    await page.getByRole('button', { name: 'Créer le brouillon' }).click();
    await page.waitForURL(/\/candidatures\/[^/]+\/grappe$/);
    candidatureUrl = page.url().replace(/\/grappe$/, '');
    await page.getByRole('heading', { level: 1, name: /Grappe/ }).waitFor();
    await expectAccessible(page, 'editeur-grappe-vide');
  });

  it('builds a grappe of 16 ESSMS (one SAAD, one in another region) and watches the estimate follow the API', async () => {
    const finessInput = page.locator('input[name=finess]');
    // A malformed number is refused at once, with the reason, before any call.
    await finessInput.fill('14000000X');
    await page.getByText(/ne doit contenir que des chiffres|chiffres \(sauf 2A\/2B/).first().waitFor();
    await screenshot(page, 'porteur-08-finess-mal-forme');

    await finessInput.fill(grappe.first);
    await page.getByTestId('establishment-lookup').locator('strong').first().waitFor();
    await page.getByRole('button', { name: 'Ajouter à la grappe' }).click();
    const one = await waitForTotal(page, (t) => t > 0);
    expect(one).toBe(21_000);
    await screenshot(page, 'porteur-09-premier-essms');

    await page.locator('textarea[name=finessList]').fill([...grappe.rest, '12345', grappe.rest[0]].join('\n'));
    await page.getByTestId('import-report').waitFor();
    await page.getByRole('button', { name: /^Importer/ }).click();
    await page.getByTestId('import-summary').getByText(/15 ESSMS ajoutés/).waitFor();
    const sixteen = await waitForTotal(page, (t) => t > one);
    await expect(page.getByTestId('members-table').locator('tbody tr').count()).resolves.toBe(16);
    await expect(page.getByTestId('desk').textContent()).resolves.toMatch(/multirégional/i);
    await expectAccessible(page, 'editeur-grappe');
    await screenshot(page, 'porteur-10-import-grappe');

    // The same grappe through the public simulator gives the same numbers.
    const simulate = async (saad?: { totalHours: number; medicoSocialHours: number }) => {
      const essms = [grappe.first, ...grappe.rest].map((finess) => ({
        finess,
        situation: 'ACQUISITION',
        organismeFinessEj: grappe.organismeOf(finess),
        ...(saad && finess === grappe.saad ? { saadTotalHours: saad.totalHours, saadMedicoSocialHours: saad.medicoSocialHours } : {}),
      }));
      const res = await gql<{ fundingSimulation: { total: number; essmsCount: number } }>(
        urls.gateway,
        'query($input: FundingSimulationInput!) { fundingSimulation(input: $input) { total essmsCount } }',
        { input: { essms } },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.fundingSimulation;
    };
    const simulated = await simulate();
    expect(simulated.essmsCount).toBe(16);
    expect(sixteen).toBe(simulated.total);

    // One solution for the whole grappe (E07).
    await page.locator('select[name=solution]').first().selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Appliquer à tous les ESSMS' }).click();
    await page.getByText('Solution appliquée aux 16 ESSMS.').waitFor({ timeout: 60_000 });

    // The SAAD declares its hours (annex 1): its lines are prorated, the total goes down.
    const saadRow = page.getByTestId('members-table').locator(`tr[data-finess="${grappe.saad}"]`);
    await saadRow.getByRole('button', { name: 'Compléter' }).click();
    await page.locator('input[name=totalHours]').fill('10000');
    await page.locator('input[name=apaHours]').fill('5000');
    await page.locator('input[name=pchHours]').fill('2000');
    await page.locator('input[name=otherHours]').fill('500');
    await page.locator('input[name=otherFunder]').fill('Caisse de retraite');
    await page.locator('input[name=confortHours]').fill('2500');
    await page.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await page.getByText('Fiche enregistrée.').waitFor();
    const prorated = await waitForTotal(page, (t) => t < sixteen);
    expect(prorated).toBe((await simulate({ totalHours: 10_000, medicoSocialHours: 7_500 })).total);
    await screenshot(page, 'porteur-11-saad-heures');
  });

  it('answers the questions of the file', async () => {
    await goToStep(page, /Questions du dossier/);
    await tick(page.getByLabel('Personnes âgées (PA)'));
    await page.getByText('Brouillon enregistré').waitFor();
    await tick(page.getByLabel('Hors taxes (HT)'));
    await tick(page.getByLabel('Non', { exact: true }));
    await page.locator('textarea[name=governance]').fill('Comité de pilotage mensuel présidé par la direction générale ; une cheffe de projet à mi-temps.');
    await tick(page.getByLabel(/^1\.1 —/));
    await tick(page.getByLabel(/^1\.2 —/));
    await page.getByText('Brouillon enregistré').waitFor();
    await expectAccessible(page, 'editeur-questions');
    await screenshot(page, 'porteur-12-questions');
  });

  it('shows a clear conflict message when the file changed in another tab, and reloads', async () => {
    const other = await page.context().newPage();
    await other.goto(`${candidatureUrl}/questions`);
    await other.getByRole('heading', { level: 1, name: /Questions du dossier/ }).waitFor();
    await tick(other.getByLabel(/^1\.3 —/));
    await other.getByText('Brouillon enregistré').waitFor();
    await other.close();
    await page.getByLabel(/^2\.1 —/).click({ force: true });
    await page.getByText('Le dossier a été modifié entre-temps').first().waitFor();
    await screenshot(page, 'porteur-13-conflit');
    await page.getByRole('button', { name: 'Recharger le dossier' }).click();
    await page.getByRole('button', { name: 'Recharger le dossier' }).waitFor({ state: 'detached' });
    expect(await page.getByLabel(/^1\.3 —/).isChecked()).toBe(true);
  });

  it('refuses wrong files and blocks submission while a required piece is missing', async () => {
    await goToStep(page, /Pièces justificatives/);
    await page.locator('#piece-P01').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') });
    await page.getByText(/n’est pas d’un type accepté/).waitFor();
    await page.locator('#piece-P01').setInputFiles({ name: 'enorme.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 0x25) });
    await page.getByText(/la taille maximale est de 10 Mo/).waitFor();
    // A file whose content is not what its name says: the server's message is shown.
    await page.locator('#piece-P01').setInputFiles({ name: 'faux.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><body>pas un PDF</body></html>') });
    await page.locator('[data-piece="P01"] .fr-error-text').waitFor();
    await expectAccessible(page, 'editeur-pieces');
    await screenshot(page, 'porteur-14-pieces-refusees');

    await goToStep(page, /Dépôt/);
    await page.getByTestId('submission-problems').waitFor();
    await page.getByRole('button', { name: 'Déposer ma candidature' }).click();
    await page.getByTestId('submission-refusal').waitFor();
    expect(await page.getByTestId('submission-refusal').textContent()).toMatch(/P01/);
    await expect(page.getByTestId('state-badge').textContent()).resolves.toMatch(/Brouillon/i);
    await screenshot(page, 'porteur-15-depot-refuse');
  });

  it('uploads the required pieces with a progress bar', async () => {
    await goToStep(page, /Pièces justificatives/);
    const required = await page.locator('[data-piece]').filter({ hasText: 'Obligatoire' }).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-piece') as string));
    expect(required).toEqual(expect.arrayContaining(['P01', 'P10', 'P11']));
    for (const code of required) {
      await page.locator(`#piece-${code}`).setInputFiles({ name: `${code}.pdf`, mimeType: 'application/pdf', buffer: pdf(code) });
      await page.getByTestId(`piece-file-${code}`).waitFor();
    }
    await page.getByTestId('missing-pieces-count').getByText('Toutes les pièces obligatoires sont jointes').waitFor();
    await screenshot(page, 'porteur-16-pieces');
  });

  it('shows the BLOCKING funding-history rules (E03–E05), then clears them by replacing those ESSMS', async () => {
    await goToStep(page, /Grappe/);
    const blocked = async () =>
      page
        .locator('li[data-severity="BLOCKING"][data-status="KO"][data-finess]')
        .evaluateAll((nodes) => [...new Set(nodes.map((n) => n.getAttribute('data-finess') as string))]);
    let flagged = await blocked();
    expect(flagged).not.toContain(grappe.saad);
    expect(flagged).not.toContain(grappe.otherRegion);
    const reserve = [...grappe.reserve];
    let replaced = 0;
    while (flagged.length > 0 && replaced < 10) {
      const finess = flagged[0];
      const row = page.getByTestId('members-table').locator(`tr[data-finess="${finess}"]`);
      await row.getByRole('button', { name: 'Retirer' }).click();
      await row.waitFor({ state: 'detached' });
      const next = reserve.shift() as string;
      await page.locator('input[name=finess]').fill(next);
      await page.getByTestId('establishment-lookup').locator('strong').first().waitFor();
      await page.getByRole('button', { name: 'Ajouter à la grappe' }).click();
      await page.getByTestId('members-table').locator(`tr[data-finess="${next}"]`).waitFor();
      replaced += 1;
      await page.waitForTimeout(300);
      flagged = await blocked();
    }
    expect(flagged).toEqual([]);
    await expect(page.getByTestId('members-table').locator('tbody tr').count()).resolves.toBe(16);
    if (replaced > 0) {
      await page.locator('select[name=solution]').first().selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Appliquer à tous les ESSMS' }).click();
      await page.getByText('Solution appliquée aux 16 ESSMS.').waitFor({ timeout: 60_000 });
    }
    await page.getByText('Aucune règle bloquante non respectée').waitFor();
    await screenshot(page, 'porteur-17-regles-bloquantes-levees');
  });

  it('submits, freezes the file, offers the récapitulatif and e-mails it', async () => {
    await goToStep(page, /Dépôt/);
    await expectAccessible(page, 'editeur-depot');
    await screenshot(page, 'porteur-18-avant-depot');
    await page.getByRole('button', { name: 'Déposer ma candidature' }).click();
    await page.getByText('Votre candidature est déposée').waitFor();
    await expect(page.getByTestId('state-badge').textContent()).resolves.toMatch(/Déposée/i);
    // The accusé de réception: shown on the file, printed in the récapitulatif.
    const receipt = (await page.getByTestId('receipt-number').textContent()) ?? '';
    expect(receipt).toMatch(/^NOR-2026-\d{4}-AR1$/);
    const recap = page.getByRole('link', { name: /Télécharger le récapitulatif/ }).first();
    const href = await recap.getAttribute('href');
    const download = await page.request.get(`${app}${href}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(await download.body())).toContain(`Accusé de réception : ${receipt}`);
    await screenshot(page, 'porteur-19-deposee');

    const mail = await waitForMail(email, /candidature|dépôt|déposée/i, 30_000);
    expect(mail.attachments.some((a) => a.contentType === 'application/pdf' && a.content.subarray(0, 5).toString() === '%PDF-')).toBe(true);

    // Frozen: no more editing controls.
    await goToStep(page, /Grappe/);
    expect(await page.locator('input[name=finess]').count()).toBe(0);

    await goToStep(page, /Historique et statut/);
    await page.getByTestId('history-table').getByText(/Déposée/).first().waitFor();
    expect(await page.getByTestId('follow-receipt-number').textContent()).toBe(receipt);
    await expectAccessible(page, 'editeur-suivi');
    await screenshot(page, 'porteur-20-historique');

    await page.goto(`${app}/candidatures`);
    await page.getByTestId('candidatures-table').getByText('DUI commun des EHPAD et du SAAD de l’ANES').waitFor();
    await expectAccessible(page, 'candidatures');
    await screenshot(page, 'porteur-21-mes-candidatures');
  });
});

import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { gql, launchBrowser, newPage, screenshot } from './support/browser';
import { receivedMails } from './support/mailbox';
import { stackInfo } from './support/stack-file';
import { logIn } from './support/session';

/*
 * Issue 5 — the instructeur journey in headless Chromium, as a new instructeur would walk it:
 * log in, filter the queue, open a submitted file, ask for a complement, see the porteur's answer
 * (the porteur answers through the API with its own session), assign the file to a colleague and find
 * it with the queue's assignee filter, grade it with TWO instructeurs, run the committee, retain the
 * file and see the decision e-mail arrive. Screenshots in tmp/screenshots/instructeur-*.
 *
 * Two graders: the demo seeds two Normandie instructeurs (instructeur.normandie@ and
 * instructeur2.normandie@, annuaire demo accounts). The first grades and signs in this page; the
 * second logs in in a fresh browser context, grades the same file with other scores and signs; the
 * grading tab then shows each grade and the consensus of the grading-grid (median of the signed
 * grades: with two, their mean) against the grid's maturity threshold. A signed grade is final
 * (CONFLICT through the gateway), and the PACA instructeur gets the answer of a missing file.
 */

const PASSWORD = 'demo-esms-numerique-2026';
const INSTRUCTEUR = 'instructeur.normandie@demo.esms-numerique.fr';
const INSTRUCTEUR_2 = 'instructeur2.normandie@demo.esms-numerique.fr';
const PACA = 'instructeur.paca@demo.esms-numerique.fr';
/** Display names of the annuaire's demo accounts. */
const NAME_1 = 'Instructeur ARS Normandie (démo)';
const NAME_2 = 'Second instructeur ARS Normandie (démo)';
const PORTEUR = 'porteur@demo.esms-numerique.fr';
const FILE_TITLE = 'Ajoncs numériques : services du Cotentin';

async function sessionCookie(gatewayUrl: string, email: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBeLessThan(300);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('esms_session='));
  if (!cookie) throw new Error(`no session cookie for ${email}`);
  return cookie.split(';')[0];
}

/** axe-core on the page as it is: no serious or critical violation. */
async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    console.log(name, serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`));
  }
  expect(serious.map((v) => v.id)).toEqual([]);
}

/**
 * The demo files belong to the demo organismes' own porteur accounts (not porteur@demo), so the
 * e-mails are found by subject, whoever the porteur of the file is.
 */
async function waitForMailAbout(subject: RegExp, timeoutMs = 30_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const found = (await receivedMails()).reverse().find((m) => subject.test(m.subject ?? ''));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail matching ${subject} within ${timeoutMs} ms`);
}

/** Today in Paris as the app writes dates (31/05/2024). */
const parisToday = () => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());

/** Gives every criterion of the grading table `points(max)`; returns the total given. */
async function fillGrades(page: Page, points: (max: number) => number): Promise<number> {
  const inputs = page.locator('[data-testid="grading-table"] input[type="number"]');
  const count = await inputs.count();
  expect(count).toBeGreaterThan(0);
  let total = 0;
  for (let i = 0; i < count; i += 1) {
    const given = points(Number((await inputs.nth(i).getAttribute('max')) ?? '0'));
    await inputs.nth(i).fill(String(given));
    total += given;
  }
  return total;
}

async function tableReferences(page: Page): Promise<string[]> {
  return page.locator('[data-testid="queue-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reference') ?? ''));
}

describe('instructeur journey (web-instructeur → gateway → subgraphs)', () => {
  const { urls } = stackInfo();
  const app = urls['web-instructeur'];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    await logIn(page, app, INSTRUCTEUR);
  });
  afterEach(async () => {
    await screenshot(page, 'instructeur-last-state');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('filters the queue by status, in the URL, and exports the same rows to XLSX', async () => {
    await page.goto(`${app}/`);
    await page.getByTestId('queue-table').waitFor();
    await screenshot(page, 'instructeur-01-queue');
    await expectAccessible(page, 'queue');

    await page.getByText('Plus de filtres').click();
    await page.getByLabel('Déposée', { exact: true }).check({ force: true }); // DSFR draws the box on the label
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/statut=SUBMITTED/);
    // As many rows as the API counts for the same filter (other journeys may have submitted files meanwhile).
    const counted = await page.request.post(`${app}/graphql`, {
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      data: { query: '{ instructionQueue(filter: { states: [SUBMITTED] }) { total } }' },
    });
    const total = ((await counted.json()) as { data: { instructionQueue: { total: number } } }).data.instructionQueue.total;
    expect(total).toBeGreaterThan(0);
    await page.getByTestId('queue-count').filter({ hasText: new RegExp(`^${total} dossiers?$`) }).waitFor();
    const references = await tableReferences(page);
    expect(references).toHaveLength(total);
    await screenshot(page, 'instructeur-02-queue-filtered');

    // The export link carries the same filters; the browser session downloads it.
    const href = await page.getByRole('link', { name: 'Exporter (XLSX)' }).getAttribute('href');
    expect(href).toContain('states=SUBMITTED');
    const response = await page.request.get(`${app}${href}`);
    expect(response.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const exported: string[] = [];
    sheet.eachRow((row, index) => {
      if (index > 1) exported.push(String(row.getCell(1).value));
    });
    expect(exported).toEqual(references);
  });

  // Shared by the steps of the file's journey below.
  let fileId = '';
  let reference = '';

  it('opens the submitted file, asks for a complement, sees the answer and starts the instruction', async () => {
    const gateway = urls.gateway;
    await page.goto(`${app}/?statut=SUBMITTED`);
    await page.getByRole('link', { name: /NOR-2024-/ }).first().waitFor();
    const row = page.locator('[data-testid="queue-row"]', { hasText: FILE_TITLE });
    reference = (await row.getAttribute('data-reference')) ?? '';
    await row.getByRole('link', { name: reference }).click();
    await page.waitForURL(/\/dossiers\//);
    fileId = page.url().split('/dossiers/')[1].split('?')[0];
    await page.getByRole('heading', { level: 1, name: new RegExp(FILE_TITLE) }).waitFor();
    await page.getByTestId('grappe-table').waitFor();
    await page.getByTestId('history-table').waitFor();
    await screenshot(page, 'instructeur-03-file');
    await expectAccessible(page, 'file');

    // A justified decision on the grappe-size warning (E09).
    const justification = page.getByLabel(/Justification \(E09\)/).first();
    await justification.fill('Grappe de 6 ESSMS acceptée : elle rejoint le regroupement du Cotentin déjà financé.');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).first().click();
    await page.getByText('Grappe de 6 ESSMS acceptée', { exact: false }).first().waitFor();

    // Ask for a complement on the pieces only.
    await page.getByRole('tab', { name: 'Échanges' }).click();
    await page.getByLabel('Pièces jointes').check({ force: true });
    await page.getByLabel('Ce que vous demandez au porteur').fill('Merci de joindre le plan de financement détaillé (P09).');
    await page.getByRole('button', { name: 'Envoyer la demande de compléments' }).click();
    await page.getByTestId('file-state').filter({ hasText: 'Compléments demandés' }).waitFor();
    await screenshot(page, 'instructeur-04-complement-requested');
    await expectAccessible(page, 'dialogue');
    // (The complement e-mail goes to the account that filed the demo file; the demo seeds it without an address.)

    // The porteur answers with its own session (API, as its web app does). The demo porteur is first
    // attached to the file's organisme gestionnaire (a known FINESS EJ: attachment is immediate), then
    // logs in again so its session carries that organisme.
    const attach = await gql(gateway, 'mutation { attachOrganisme(finessEj: "505509521") { id } }', {}, { cookie: await sessionCookie(gateway, PORTEUR) });
    expect(attach.errors).toBeUndefined();
    const porteur = await sessionCookie(gateway, PORTEUR);
    const answer = await gql<{ answerComplement: { state: string } }>(
      gateway,
      'mutation ($id: ID!, $message: String!) { answerComplement(id: $id, message: $message) { id state } }',
      { id: fileId, message: 'Plan de financement P09 ajouté, détaillé par ESSMS.' },
      { cookie: porteur },
    );
    expect(answer.errors).toBeUndefined();

    await page.reload();
    await page.getByText('Plan de financement P09 ajouté, détaillé par ESSMS.').waitFor();
    await page.getByTestId('file-state').filter({ hasText: 'Déposée' }).waitFor();
    await screenshot(page, 'instructeur-05-complement-answered');

    // Instruction starts.
    await page.getByRole('button', { name: /Début de l.instruction/ }).click();
    await page.getByTestId('file-state').filter({ hasText: /instruction/i }).waitFor();
  });

  it('assigns the file to the second Normandie instructeur: the history says who, when, before and after; the queue filter by assignee finds it', async () => {
    const gateway = urls.gateway;
    expect(fileId).not.toBe('');
    await page.goto(`${app}/dossiers/${fileId}`);
    const assigned = page.getByTestId('assigned-instructeur');
    await assigned.waitFor();
    await page.getByRole('button', { name: 'M’attribuer' }).click();
    await assigned.filter({ hasText: NAME_1 }).waitFor();
    await page.getByRole('status').filter({ hasText: `Dossier attribué à ${NAME_1}` }).waitFor();
    await page.getByLabel('Attribuer à').selectOption({ label: NAME_2 });
    await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
    await assigned.filter({ hasText: NAME_2 }).waitFor();

    // The history (refetched): who, when, before → after.
    const entry = page.locator('[data-testid="history-table"] tr', { hasText: `Attribué à ${NAME_2} (auparavant : ${NAME_1}).` });
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain('Attribution du dossier à un instructeur');
    await expect(entry.locator('td').nth(1).textContent()).resolves.toContain(NAME_1);
    await expect(entry.locator('td').first().textContent()).resolves.toContain(parisToday());
    await expect(page.locator('[data-testid="history-table"] tr', { hasText: `Attribué à ${NAME_1} (auparavant : personne).` }).count()).resolves.toBe(1);
    await screenshot(page, 'instructeur-06-assigned');
    await expectAccessible(page, 'assignment');

    // The queue filtered by that instructeur lists the file, as many rows as the API counts.
    await page.goto(`${app}/`);
    await page.getByTestId('queue-table').waitFor();
    await page.getByText('Plus de filtres').click();
    await page.getByLabel('Instructeur assigné').selectOption({ label: NAME_2 });
    await page.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.waitForURL(/instructeur=[0-9a-f-]{36}/);
    const assigneeId = new URL(page.url()).searchParams.get('instructeur') ?? '';
    const counted = await gql<{ instructionQueue: { total: number; items: { reference: string; assignedInstructeur: { displayName: string } | null }[] } }>(
      gateway,
      'query ($a: ID) { instructionQueue(filter: { assignedTo: $a }, limit: 100) { total items { reference assignedInstructeur { displayName } } } }',
      { a: assigneeId },
      { cookie: await sessionCookie(gateway, INSTRUCTEUR) },
    );
    const listed = counted.data?.instructionQueue;
    expect(listed?.items.map((i) => i.reference)).toContain(reference);
    expect(listed?.items.every((i) => i.assignedInstructeur?.displayName === NAME_2)).toBe(true);
    await page.getByTestId('queue-count').filter({ hasText: new RegExp(`^${listed?.total} dossiers?$`) }).waitFor();
    expect((await tableReferences(page)).sort()).toEqual(listed?.items.map((i) => i.reference).sort());
    await page.locator('[data-testid="queue-row"]', { hasText: reference }).filter({ hasText: NAME_2 }).waitFor();
    await screenshot(page, 'instructeur-07-queue-by-assignee');
  });

  it('two instructeurs grade the same file: each grade and the consensus shown; a signed grade is final; PACA is answered like a missing file', async () => {
    const gateway = urls.gateway;
    expect(fileId).not.toBe('');

    // First instructeur: full marks, signed.
    await page.goto(`${app}/dossiers/${fileId}`);
    await page.getByRole('tab', { name: 'Évaluation' }).click();
    await page.getByTestId('grading-table').waitFor();
    const first = await fillGrades(page, (max) => max);
    await page.getByLabel('Commentaire d’évaluation').fill('Dossier complet, grappe cohérente avec le regroupement existant.');
    await page.getByRole('button', { name: 'Enregistrer ma note' }).click();
    await page.getByRole('button', { name: 'Signer mon évaluation' }).click();
    await page.getByText(/Évaluation signée le/).waitFor();
    await page.getByTestId('grading-summary').filter({ hasText: /1 évaluation signée sur 1/ }).waitFor();
    // One signed grade: the consensus is that grade.
    await page.getByTestId('consensus').filter({ hasText: new RegExp(`^${first}$`) }).waitFor();
    await screenshot(page, 'instructeur-08-graded-once');
    await expectAccessible(page, 'grading');

    // Second instructeur, in a fresh browser context: one point less on every criterion, signed.
    const second = await newPage(browser);
    let other = 0;
    try {
      await logIn(second, app, INSTRUCTEUR_2);
      await second.goto(`${app}/dossiers/${fileId}?onglet=evaluation`);
      await second.getByTestId('grading-table').waitFor();
      await second.getByTestId('evaluations-table').filter({ hasText: NAME_1 }).waitFor();
      other = await fillGrades(second, (max) => Math.max(0, max - 1));
      expect(other).toBeLessThan(first);
      await second.getByLabel('Commentaire d’évaluation').fill('Gouvernance à préciser ; plan de financement solide.');
      await second.getByRole('button', { name: 'Enregistrer ma note' }).click();
      await second.getByRole('button', { name: 'Signer mon évaluation' }).click();
      await second.getByText(/Évaluation signée le/).waitFor();
      await second.getByTestId('grading-summary').filter({ hasText: /2 évaluations signées sur 2/ }).waitFor();

      // Each grade, by whom, signed; the consensus is the grading-grid's median of the two signed totals — their mean —
      // mature against the Normandie 2024 grid's threshold (003 §6: note ≥ 11).
      const consensus = (first + other) / 2;
      const shown = consensus.toLocaleString('fr-FR');
      for (const view of [second, page]) {
        if (view === page) {
          await page.reload();
          await page.getByTestId('grading-summary').filter({ hasText: /2 évaluations signées sur 2/ }).waitFor();
        }
        const rows = view.locator('[data-testid="evaluation-row"]');
        await expect(rows.count()).resolves.toBe(2);
        await view.locator('[data-testid="evaluation-row"][data-status="SIGNED"]', { hasText: NAME_1 }).filter({ hasText: `${first} / 20` }).waitFor();
        await view.locator('[data-testid="evaluation-row"][data-status="SIGNED"]', { hasText: NAME_2 }).filter({ hasText: `${other} / 20` }).waitFor();
        await view.getByTestId('consensus').filter({ hasText: new RegExp(`^${shown}$`) }).waitFor();
        await view.getByTestId('grading-summary').filter({ hasText: `Médiane des notes signées (${first} et ${other})` }).waitFor();
        await view.getByTestId('grading-summary').filter({ hasText: consensus >= 11 ? 'Projet mature (≥ 11)' : 'Non mature (< 11)' }).waitFor();
      }
      expect(consensus).toBeGreaterThanOrEqual(11);
      await screenshot(second, 'instructeur-09-second-grade-and-consensus');
      await expectAccessible(second, 'grading by the second instructeur');
      await screenshot(page, 'instructeur-10-both-grades');
    } finally {
      await second.context().close();
    }

    // Through the gateway, as the API says: the same figures, and a signed grade is final.
    const cookie = await sessionCookie(gateway, INSTRUCTEUR);
    type Graded = { candidature: { evaluations: { id: string; total: number; status: string; evaluatorId: string }[]; gradingSummary: { signedCount: number; consensus: number; mature: boolean } } };
    const read = () =>
      gql<Graded>(gateway, 'query ($id: ID!) { candidature(id: $id) { evaluations { id total status evaluatorId } gradingSummary { signedCount consensus mature } } }', { id: fileId }, { cookie });
    const before = (await read()).data?.candidature;
    expect(before?.gradingSummary).toEqual({ signedCount: 2, consensus: (first + other) / 2, mature: true });
    expect(before?.evaluations.map((e) => `${e.total} ${e.status}`).sort()).toEqual([`${first} SIGNED`, `${other} SIGNED`].sort());
    const grids = await gql<{ grids: { id: string; status: string; campaignId: string }[] }>(gateway, '{ grids(regionCode: "28") { id status campaignId } }', {}, { cookie });
    const gridId = grids.data?.grids.find((g) => g.status === 'PUBLISHED' && g.campaignId === 'normandie-2024')?.id;
    expect(gridId).toBeDefined();
    const regrade = await gql(
      gateway,
      'mutation ($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { id total } }',
      { input: { candidatureId: fileId, gridId, scores: [{ criterionCode: 'GOUVERNANCE', points: 0 }], comment: 'Je change ma note.' } },
      { cookie },
    );
    expect(regrade.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(regrade.errors?.[0]?.message).toMatch(/signée.*définitive/);
    const mine = before?.evaluations.find((e) => e.total === first);
    const resign = await gql(gateway, 'mutation ($id: ID!) { signEvaluation(id: $id) { id } }', { id: mine?.id }, { cookie });
    expect(resign.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await read()).data?.candidature).toEqual(before);

    // Another region's instructeur — PACA, with its own published grid and a complete grade — is answered exactly
    // like for a file that does not exist, and nothing is written.
    const paca = await sessionCookie(gateway, PACA);
    const pacaGrids = await gql<{ grids: { id: string; status: string; criteria: { code: string; maxPoints: number }[] }[] }>(
      gateway,
      '{ grids(regionCode: "93") { id status criteria { code maxPoints } } }',
      {},
      { cookie: paca },
    );
    const pacaGrid = pacaGrids.data?.grids.find((g) => g.status === 'PUBLISHED');
    expect(pacaGrid).toBeDefined();
    const pacaGrade = (candidatureId: string) =>
      gql(
        gateway,
        'mutation ($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { id } }',
        { input: { candidatureId, gridId: pacaGrid?.id, scores: pacaGrid?.criteria.map((c) => ({ criterionCode: c.code, points: c.maxPoints })), comment: 'Intrusion' } },
        { cookie: paca },
      );
    const refused = await pacaGrade(fileId);
    const missing = await pacaGrade(randomUUID());
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect({ status: refused.status, errors: refused.errors, data: refused.data }).toEqual({ status: missing.status, errors: missing.errors, data: missing.data });
    expect((await read()).data?.candidature).toEqual(before);
  });

  it('sends the file to committee, retains it, and the porteur gets the decision e-mail', async () => {
    expect(fileId).not.toBe('');
    await page.goto(`${app}/dossiers/${fileId}`);
    await page.getByTestId('file-state').waitFor();

    // To the committee.
    await page.getByRole('tab', { name: 'Dossier' }).click();
    await page.getByRole('button', { name: /comité/i }).first().click();
    await page.getByTestId('file-state').filter({ hasText: /comité/i }).waitFor();

    // The committee of window W2: program it, see the agenda ranked with the running total, retain.
    await page.goto(`${app}/comites?campagne=normandie-2024`);
    await page.getByLabel('Fenêtre').selectOption('W2');
    await page.getByLabel('Date de la séance').fill('2024-10-15');
    await page.getByLabel('Intitulé').fill('Comité de sélection — fenêtre 2');
    await page.getByRole('button', { name: 'Programmer le comité' }).click();
    await page.getByRole('link', { name: 'Comité de sélection — fenêtre 2' }).click();
    await page.getByTestId('agenda-table').waitFor();
    const agendaRow = page.locator('[data-testid="agenda-row"]', { hasText: reference });
    await agendaRow.waitFor();
    await screenshot(page, 'instructeur-11-committee-agenda');
    await expectAccessible(page, 'committee');
    await agendaRow.getByLabel('Décision', { exact: true }).selectOption('RETAINED');
    await agendaRow.getByLabel('Motif', { exact: true }).fill('Projet mature (consensus au-dessus du seuil de 11), grappe du Cotentin, priorité PA/PH.');
    await agendaRow.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await agendaRow.getByTestId('agenda-decision').filter({ hasText: 'Retenu' }).waitFor();
    await page.getByRole('button', { name: 'Clore le comité' }).click();
    await page.getByText('Clos').first().waitFor();
    await screenshot(page, 'instructeur-12-committee-decided');

    const mail = await waitForMailAbout(new RegExp(`Décision du comité de sélection — dossier ${reference}`));
    expect(mail.attachments.some((a) => a.contentType === 'application/pdf')).toBe(true);

    // The file shows the decision once the candidature subgraph applied it.
    await page.goto(`${app}/dossiers/${fileId}`);
    await page.getByTestId('file-state').filter({ hasText: 'Retenue' }).waitFor({ timeout: 20_000 });
    await page.getByRole('tab', { name: 'Convention' }).click();
    await page.getByText('Courrier de décision (PDF)').first().waitFor();
    await screenshot(page, 'instructeur-13-file-retained');
  });

  it('shows the grids of the region', async () => {
    await page.goto(`${app}/grilles`);
    await page.getByRole('heading', { level: 2, name: /Normandie/ }).first().waitFor();
    await screenshot(page, 'instructeur-14-grids');
    await expectAccessible(page, 'grids');
  });

  it('lets the conseil départemental see only the files it was asked about, and answer', async () => {
    const gateway = urls.gateway;
    const instructeur = await sessionCookie(gateway, INSTRUCTEUR);
    const queue = await gql<{ instructionQueue: { items: { id: string; reference: string }[] } }>(
      gateway,
      '{ instructionQueue(filter: { search: "enfance et handicap" }) { items { id reference } } }',
      {},
      { cookie: instructeur },
    );
    const file = queue.data?.instructionQueue.items[0];
    expect(file).toBeDefined();
    const cd = await newPage(browser);
    await logIn(cd, app, 'cd.calvados@demo.esms-numerique.fr');
    await cd.goto(`${app}/`);
    await cd.getByTestId('queue-count').waitFor();
    const before = await tableReferences(cd);
    expect(before).not.toContain(file?.reference);

    const asked = await gql(
      gateway,
      'mutation ($id: ID!) { requestCdOpinion(id: $id, departement: "14", question: "Ce projet s’inscrit-il dans le schéma départemental ?") { id } }',
      { id: file?.id },
      { cookie: instructeur },
    );
    expect(asked.errors).toBeUndefined();
    await cd.reload();
    await cd.getByRole('link', { name: file?.reference ?? '' }).click();
    await cd.getByRole('tab', { name: 'Avis du conseil départemental' }).click();
    await cd.getByRole('radio', { name: 'Favorable', exact: true }).check({ force: true });
    await cd.getByLabel('Commentaire').fill('Projet cohérent avec le schéma départemental de l’autonomie.');
    await cd.getByRole('button', { name: 'Rendre l’avis' }).click();
    await cd.getByText('Avis favorable').waitFor();
    await screenshot(cd, 'instructeur-15-cd-opinion');
    await expectAccessible(cd, 'cd');
    await cd.context().close();
  });
});

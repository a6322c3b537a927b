import { CLAIMS_HEADER, callInternal, signClaims, startSubgraphServer, type Claims, type Database, type MailMessage, type RunningSubgraph } from '@esms/server-kit';
import { attachRequiredPieces } from '../pieces/pieces.testing';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { setDialogueMailer } from '../dialogue/dialogue.service';
import { exportHttpRoutes } from '../exports/export.service';
import { definition, entities, internalRoutes, migrations } from '../subgraph';
import { startFakeAnnuaire, type FakeAnnuaire } from '../testing/fake-annuaire';
import { finess, insertOpenCampaign } from '../testing/fixtures';

jest.setTimeout(120_000);

const PORTEUR_ID = '11111111-1111-4111-8111-111111111111';
const INSTR28_ID = '22222222-2222-4222-8222-222222222222';
const INSTR28B_ID = '33333333-3333-4333-8333-333333333333';
const INSTR93_ID = '44444444-4444-4444-8444-444444444444';
const EJ_A = finess('14', 900001);
const EJ_C = finess('13', 900003);
const porteur = testClaims.porteur([EJ_A], PORTEUR_ID);
const porteurC = testClaims.porteur([EJ_C], 'porteur-c');
const instr28 = testClaims.instructeur('28', INSTR28_ID);
const instr93 = testClaims.instructeur('93', INSTR93_ID);
const cd14 = testClaims.cd(['14'], 'cd-14');
const cd13 = testClaims.cd(['13'], 'cd-13');

const ROW = `id reference title state submittedAt essmsCount fundingTotal advanceAmount fields projectTypes readOnly
  eligibilityFlags { blocking condition warning } assignedInstructeur { accountId displayName } funding { total essmsCount }`;
interface Row {
  id: string; reference: string; title: string; state: string; essmsCount: number; fundingTotal: number; advanceAmount: number; fields: string[]; projectTypes: string[];
  readOnly: boolean; eligibilityFlags: { blocking: boolean; condition: boolean; warning: boolean }; assignedInstructeur: { accountId: string; displayName: string | null } | null;
  funding: { total: number; essmsCount: number };
}

describe('instruction: queue, exports, warning decisions, dialogue, CD opinions, events inbox', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let annuaire: FakeAnnuaire;
  let base: string;
  const mails: MailMessage[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const q = async <T = any>(query: string, variables: Record<string, unknown>, claims: Claims | null) =>
    (await querySubgraph<T>(subgraph.url, query, variables, claims)) as { data: T; errors?: { message: string; extensions?: { code?: string } }[] };
  const queue = (claims: Claims, filter: Record<string, unknown> = {}, sort?: Record<string, unknown>, limit = 50, offset = 0) =>
    q<{ instructionQueue: { total: number; items: Row[] } }>(
      `query($f: QueueFilter, $s: QueueSort, $l: Int, $o: Int) { instructionQueue(filter: $f, sort: $s, limit: $l, offset: $o) { total items { ${ROW} } } }`,
      { f: filter, s: sort, l: limit, o: offset },
      claims,
    );
  const refs = (res: { data?: { instructionQueue: { items: Row[] } } }) => res.data!.instructionQueue.items.map((i) => i.reference);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const read = (claims: Claims, id: string, fields = ROW) => q<{ candidature: any }>(`query($id: ID!) { candidature(id: $id) { ${fields} } }`, { id }, claims);
  const fire = async (claims: Claims, id: string, action: string, comment?: string) => {
    const res = await q(`mutation($id: ID!, $a: String!, $c: String) { fireCandidatureAction(id: $id, action: $a, comment: $c) { state } }`, { id, a: action, c: comment }, claims);
    expect(res.errors).toBeUndefined();
  };
  const file = async (claims: Claims, campaignId: string, ej: string, title: string, members: { finess: string; situation: string }[]) => {
    const created = await q(`mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { id } }`, { i: { campaignId, title, organismeFinessEj: ej } }, claims);
    expect(created.errors).toBeUndefined();
    const id = created.data.createCandidature.id as string;
    const added = await q(`mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { id } }`, { id, m: members.map((m) => ({ ...m, finessEj: ej })) }, claims);
    expect(added.errors).toBeUndefined();
    await attachRequiredPieces(db.dataSource, id); // E11: the required pieces (uploads are tested in src/submission)
    const submitted = await q(`mutation($id: ID!) { submitCandidature(id: $id) { state } }`, { id }, claims);
    expect(submitted.errors).toBeUndefined();
    return id;
  };
  const download = async (path: string, claims: Claims) =>
    fetch(`${base}${path}`, { headers: { [CLAIMS_HEADER]: await signClaims(claims) } });

  const A_MEMBERS = [1, 2, 3].map((n) => ({ finess: finess('14', 100 + n), situation: 'ACQUISITION' }));
  const B_MEMBERS = Array.from({ length: 16 }, (_, i) => ({ finess: finess('76', 200 + i), situation: 'UPGRADE' }));
  const C_MEMBERS = [1, 2].map((n) => ({ finess: finess('13', 300 + n), situation: 'ACQUISITION' }));
  let a: string, b: string, c: string;

  beforeAll(async () => {
    ensureTestSecret();
    annuaire = await startFakeAnnuaire();
    process.env['ESMS_ANNUAIRE_URL'] = annuaire.url;
    A_MEMBERS.forEach((m, i) => annuaire.establishments.set(m.finess, { name: i === 0 ? 'EHPAD Les Tilleuls' : `EHPAD Calvados ${i}`, category: '500', field: 'PA', departement: '14' }));
    B_MEMBERS.forEach((m, i) => annuaire.establishments.set(m.finess, { name: `IME Rouen ${i}`, category: '183', field: 'PH_ENFANTS', departement: '76' }));
    annuaire.accounts.set(PORTEUR_ID, { email: 'porteur.a@example.org', displayName: 'Alex Porteur', role: 'PORTEUR', regionCode: null });
    annuaire.accounts.set(INSTR28_ID, { email: 'instr28@ars.example.org', displayName: 'Camille Normandie', role: 'INSTRUCTEUR', regionCode: '28' });
    annuaire.accounts.set(INSTR28B_ID, { email: 'instr28b@ars.example.org', displayName: 'Dominique Normandie', role: 'INSTRUCTEUR', regionCode: '28' });
    annuaire.accounts.set(INSTR93_ID, { email: 'instr93@ars.example.org', displayName: 'Sacha PACA', role: 'INSTRUCTEUR', regionCode: '93' });
    setDialogueMailer({ destination: 'memory', send: async (m) => void mails.push(m) });
    db = await openTestDatabase({ name: 'candidature_instruction', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'test-28', '28');
    await insertOpenCampaign(db.dataSource, 'test-93', '93');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, internalRoutes, httpRoutes: exportHttpRoutes } as Parameters<typeof startSubgraphServer>[0]);
    base = `http://127.0.0.1:${subgraph.port}`;
    a = await file(porteur, 'test-28', EJ_A, 'Projet A — EHPAD du Calvados', A_MEMBERS);
    b = await file(porteur, 'test-28', EJ_A, 'Projet B — IME de Seine-Maritime', B_MEMBERS);
    c = await file(porteurC, 'test-93', EJ_C, 'Projet C — PACA', C_MEMBERS);
  });

  afterAll(async () => {
    setDialogueMailer(null);
    await subgraph?.stop();
    await db?.close();
    await annuaire?.close();
    delete process.env['ESMS_ANNUAIRE_URL'];
  });

  it('stores the domain total, ESSMS count, flags and ESSMS names; the queue filters, sorts, searches and paginates in SQL', async () => {
    const all = await queue(instr28);
    expect(all.errors).toBeUndefined();
    expect(all.data!.instructionQueue.total).toBe(2);
    for (const row of all.data!.instructionQueue.items) {
      expect(row.fundingTotal).toBe(row.funding.total); // the stored total is the domain's
      expect(row.essmsCount).toBe(row.funding.essmsCount);
      expect(row.advanceAmount).toBe(Math.ceil(row.fundingTotal / 2));
    }
    const byId = new Map(all.data!.instructionQueue.items.map((r) => [r.id, r]));
    expect(byId.get(a)).toMatchObject({ essmsCount: 3, fields: ['PA'], projectTypes: ['ACQUISITION'], eligibilityFlags: { warning: true } });
    expect(byId.get(b)).toMatchObject({ essmsCount: 16, fields: ['PH_ENFANTS'], projectTypes: ['UPGRADE'] });

    const [ra, rb] = [byId.get(a)!, byId.get(b)!];
    const asc = ra.fundingTotal <= rb.fundingTotal ? [ra.reference, rb.reference] : [rb.reference, ra.reference];
    expect(refs(await queue(instr28, {}, { field: 'AMOUNT', direction: 'ASC' }))).toEqual(asc);
    expect(refs(await queue(instr28, {}, { field: 'AMOUNT', direction: 'DESC' }))).toEqual([...asc].reverse());
    expect(refs(await queue(instr28, {}, { field: 'ESSMS_COUNT', direction: 'DESC' }))).toEqual([rb.reference, ra.reference]);
    expect(refs(await queue(instr28, {}, { field: 'REFERENCE', direction: 'ASC' }))).toEqual([ra.reference, rb.reference].sort());

    expect(refs(await queue(instr28, { essmsMin: 10 }))).toEqual([rb.reference]);
    expect(refs(await queue(instr28, { essmsMax: 3 }))).toEqual([ra.reference]);
    expect(refs(await queue(instr28, { amountMin: Math.max(ra.fundingTotal, rb.fundingTotal) }))).toHaveLength(1);
    expect(refs(await queue(instr28, { projectType: 'UPGRADE' }))).toEqual([rb.reference]);
    expect(refs(await queue(instr28, { fields: ['PH'] }))).toEqual([rb.reference]);
    expect(refs(await queue(instr28, { fields: ['PA'] }))).toEqual([ra.reference]);
    expect(refs(await queue(instr28, { search: 'tilleuls' }))).toEqual([ra.reference]);
    expect(refs(await queue(instr28, { search: B_MEMBERS[5]!.finess }))).toEqual([rb.reference]);
    expect(refs(await queue(instr28, { search: rb.reference.toLowerCase() }))).toEqual([rb.reference]);
    expect(refs(await queue(instr28, { search: '100%_' }))).toEqual([]);
    expect(refs(await queue(instr28, { states: ['SUBMITTED'], campaignId: 'test-28', windowCode: 'W1', desk: 'REGIONAL' }))).toHaveLength(2);
    expect(refs(await queue(instr28, { states: ['RETAINED'] }))).toEqual([]);
    expect(refs(await queue(instr28, { hasBlocking: true }))).toEqual([]);

    const page = await queue(instr28, {}, { field: 'REFERENCE', direction: 'ASC' }, 1, 1);
    expect(page.data!.instructionQueue.total).toBe(2);
    expect(refs(page)).toEqual([[ra.reference, rb.reference].sort()[1]]);
    const bad = await queue(instr28, { essmsMin: -1 });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('scope: another region gets nothing (list, count, search, _entities); CNSA sees all', async () => {
    const other = await queue(instr93, {});
    expect(other.data!.instructionQueue.total).toBe(1);
    expect(other.data!.instructionQueue.items[0]!.id).toBe(c);
    expect((await queue(instr93, { search: 'tilleuls' })).data!.instructionQueue.total).toBe(0);
    const entity = await q(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Candidature { id fundingTotal messages { body } cdOpinions { id } } } }`, { r: [{ __typename: 'Candidature', id: a }] }, instr93);
    expect(entity.data._entities).toEqual([null]);
    expect((await read(instr93, a)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await queue(testClaims.cnsa(), {})).data!.instructionQueue.total).toBe(3);
    expect((await queue(porteurC, {})).data!.instructionQueue.total).toBe(1);
    expect((await queue(testClaims.public(), {})).data!.instructionQueue.total).toBe(0);
  });

  it('assigns an instructeur of the pivot region only; filter by assignee; traced', async () => {
    const assign = (claims: Claims, id: string, accountId: string | null) =>
      q(`mutation($id: ID!, $a: ID) { assignInstructeur(id: $id, accountId: $a) { assignedInstructeur { accountId displayName } } }`, { id, a: accountId }, claims);
    expect((await assign(instr28, a, INSTR93_ID)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await assign(instr93, a, INSTR93_ID)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await assign(porteur, a, INSTR28_ID)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await assign(instr28, a, INSTR28B_ID);
    expect(ok.data.assignInstructeur.assignedInstructeur).toEqual({ accountId: INSTR28B_ID, displayName: 'Dominique Normandie' });
    expect(refs(await queue(instr28, { assignedTo: INSTR28B_ID }))).toHaveLength(1);
    expect((await queue(instr28, { unassigned: true })).data!.instructionQueue.items.map((i) => i.id)).toEqual([b]);
    const history = await read(instr28, a, 'history { action role actionLabel actor actorName comment }');
    expect(history.data.candidature.history.map((h: { action: string }) => h.action)).toContain('assign');
    // Who, when, before/after — named in the history the instructeurs read.
    expect(history.data.candidature.history.find((h: { action: string }) => h.action === 'assign')).toEqual({
      action: 'assign',
      role: 'INSTRUCTEUR',
      actionLabel: 'Attribution du dossier à un instructeur',
      actor: INSTR28_ID,
      actorName: 'Camille Normandie',
      comment: 'Attribué à Dominique Normandie (auparavant : personne).',
    });
    const events = await db.dataSource.query(`SELECT details FROM candidature_event WHERE candidature_id = $1 AND action = 'assign'`, [a]);
    expect(events[0].details).toMatchObject({ before: null, after: INSTR28B_ID });
    const reassigned = await assign(instr28, a, INSTR28_ID);
    expect(reassigned.data.assignInstructeur.assignedInstructeur.accountId).toBe(INSTR28_ID);
    const last = (await read(instr28, a, 'history { action comment }')).data.candidature.history.filter((h: { action: string }) => h.action === 'assign').at(-1);
    expect(last.comment).toBe('Attribué à Camille Normandie (auparavant : Dominique Normandie).');
    await assign(instr28, a, INSTR28B_ID);
    // Mass assignment: unknown input fields and arguments are refused, nothing runs.
    const extra = await q(`query { instructionQueue(filter: { pivotRegion: "93" }) { total } }`, {}, instr28);
    expect(extra.errors?.[0]).toBeDefined();
    const extraArg = await q(`mutation($id: ID!) { assignInstructeur(id: $id, accountId: null, state: "RETAINED") { id } }`, { id: a }, instr28);
    expect(extraArg.errors?.[0]).toBeDefined();
    expect((await read(instr28, a, 'state')).data.candidature.state).toBe('SUBMITTED');
  });

  it('exports the filtered list: XLSX and CSV have the same rows as the GraphQL list, scoped by claims', async () => {
    const filter = { states: ['SUBMITTED'], campaignId: 'test-28' };
    const sort = { field: 'AMOUNT', direction: 'DESC' };
    const listed = (await queue(instr28, filter, sort)).data!.instructionQueue.items;
    const params = 'states=SUBMITTED&campaignId=test-28&sort=AMOUNT&direction=DESC';

    const xlsx = await download(`/files/exports/candidatures.xlsx?${params}`, instr28);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toMatch(/attachment; filename="candidatures-.*\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.worksheets[0]!;
    const sheetRows = Array.from({ length: ws.rowCount - 1 }, (_, i) => (ws.getRow(i + 2).values as unknown[]).slice(1));
    expect(sheetRows.map((r) => [r[0], r[1], r[7], r[8], r[9]])).toEqual(listed.map((l) => [l.reference, l.title, l.essmsCount, l.fundingTotal, l.advanceAmount]));
    expect(sheetRows[0]![2]).toBe('Déposée');

    const csv = await download(`/files/exports/candidatures.csv?${params}`, instr28);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { delimiter: ';', skipEmptyLines: true });
    expect(parsed.data.slice(1).map((r) => [r[0], r[1], Number(r[7]), Number(r[8])])).toEqual(listed.map((l) => [l.reference, l.title, l.essmsCount, l.fundingTotal]));

    const other = await download(`/files/exports/candidatures.csv`, instr93);
    const otherRows = Papa.parse<string[]>((await other.text()).replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data.slice(1);
    expect(otherRows.map((r) => r[0])).toEqual([expect.stringMatching(/^PAC-/)]);
    expect((await download(`/files/exports/candidatures.csv`, porteur)).status).toBe(403);
    expect((await download(`/files/exports/candidatures.csv?states=NOPE`, instr28)).status).toBe(400);
    expect((await download(`/files/exports/candidatures.csv?regionCode=93`, instr28)).status).toBe(400);
    expect((await fetch(`${base}/files/exports/candidatures.csv`)).status).toBe(401);
  });

  it('records a justified decision on a WARNING item, shown in the report and the history', async () => {
    const record = (claims: Claims, code: string, justification: string, fin: string | null = null) =>
      q(`mutation($id: ID!, $c: String!, $f: String, $j: String!) { recordEligibilityDecision(id: $id, code: $c, finess: $f, decision: ACCEPTED, justification: $j) { id } }`, { id: a, c: code, f: fin, j: justification }, claims);
    expect((await record(instr28, 'E09', 'court')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await record(instr28, 'E01', 'Une justification suffisante.')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await record(instr93, 'E09', 'Une justification suffisante.')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await record(porteur, 'E09', 'Une justification suffisante.')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = await record(instr28, 'E09', 'Grappe de 3 ESSMS acceptée : territoire rural isolé.');
    expect(ok.errors).toBeUndefined();
    const view = await read(instr28, a, 'eligibility { warnings { code decision { decision justification decidedBy decidedAt } } } history { action comment }');
    const e09 = view.data.candidature.eligibility.warnings.find((w: { code: string }) => w.code === 'E09');
    expect(e09.decision).toMatchObject({ decision: 'ACCEPTED', justification: 'Grappe de 3 ESSMS acceptée : territoire rural isolé.', decidedBy: INSTR28_ID });
    expect(view.data.candidature.history.find((h: { action: string }) => h.action === 'eligibility_decision').comment).toContain('territoire rural');
  });

  it('a complement request reopens only the asked parts, e-mails the porteur; the answer comes back as a message', async () => {
    const res = await q(`mutation($id: ID!) { requestComplement(id: $id, parts: [pieces], message: "Merci de joindre le plan de financement (P09).") { state } }`, { id: a }, instr28);
    expect(res.errors).toBeUndefined();
    expect(res.data.requestComplement.state).toBe('COMPLEMENT_REQUESTED');
    const mail = mails.find((m) => m.to === 'porteur.a@example.org');
    expect(mail?.subject).toContain('Compléments demandés');
    expect(mail?.text).toContain('plan de financement (P09)');

    const before = await read(porteur, a, 'editableParts version members { finess } complementRequest { parts answeredAt }');
    expect(before.data.candidature.editableParts).toEqual(['pieces']);
    expect(before.data.candidature.complementRequest).toEqual({ parts: ['pieces'], answeredAt: null });
    const edit = await q(`mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { id } }`, { id: a, m: [{ finess: finess('14', 199), situation: 'ACQUISITION' }] }, porteur);
    expect(edit.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const after = await read(porteur, a, 'version members { finess }');
    expect(after.data.candidature).toEqual({ version: before.data.candidature.version, members: before.data.candidature.members });
    // The dossier answers were not reopened either: refused, nothing changed.
    const answers = await q(`mutation($id: ID!, $v: Int!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { governance: "Nouvelle gouvernance" }) { id } }`, { id: a, v: before.data.candidature.version }, porteur);
    expect(answers.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(answers.errors?.[0]?.message).toContain("n'a pas rouvert");
    expect((await read(porteur, a, 'version')).data.candidature.version).toBe(before.data.candidature.version);

    expect((await q(`mutation($id: ID!) { answerComplement(id: $id, message: "Pièce P09 ajoutée.") { state } }`, { id: a }, instr28)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const answered = await q(`mutation($id: ID!) { answerComplement(id: $id, message: "Pièce P09 ajoutée.") { state } }`, { id: a }, porteur);
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerComplement.state).toBe('SUBMITTED'); // domain: provide_complement → SUBMITTED
    const thread = await read(instr28, a, 'messages { kind body authorRole authorName } editableParts');
    expect(thread.data.candidature.messages.map((m: { kind: string }) => m.kind)).toEqual(['COMPLEMENT_REQUEST', 'COMPLEMENT_ANSWER']);
    expect(thread.data.candidature.messages[1]).toMatchObject({ body: 'Pièce P09 ajoutée.', authorRole: 'PORTEUR', authorName: 'Alex Porteur' });
    const porteurView = await read(porteur, a, 'messages { authorName } editableParts');
    expect(porteurView.data.candidature.messages[0].authorName).toBe('ARS'); // agents stay anonymous to the porteur
    expect(porteurView.data.candidature.editableParts).toEqual([]);

    const sent = await q(`mutation($id: ID!) { sendMessage(id: $id, body: "Bien reçu, merci.") { kind body mine } }`, { id: a }, instr28);
    expect(sent.data.sendMessage).toEqual({ kind: 'MESSAGE', body: 'Bien reçu, merci.', mine: true });
    expect((await q(`mutation($id: ID!) { sendMessage(id: $id, body: "x") { id } }`, { id: a }, instr93)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('reopens a late file declared non recevable (traced)', async () => {
    await fire(instr93, c, 'declare_non_recevable', 'Dépôt hors délai.');
    const reopen = (claims: Claims, reason: string) => q(`mutation($id: ID!, $r: String!) { reopenLateFile(id: $id, reason: $r) { state } }`, { id: c, r: reason }, claims);
    expect((await reopen(instr28, 'Panne de la plateforme le dernier jour.')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await reopen(instr93, 'court')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await reopen(instr93, 'Panne de la plateforme le dernier jour.');
    expect(ok.data.reopenLateFile.state).toBe('DRAFT');
    const history = (await read(instr93, c, 'history { action fromState toState comment }')).data.candidature.history;
    expect(history.at(-1)).toMatchObject({ action: 'reopen', fromState: 'NON_RECEVABLE', toState: 'DRAFT', comment: 'Panne de la plateforme le dernier jour.' });
  });

  it('CD opinions: a CD sees only the files it was asked about, read-only, and answers', async () => {
    expect((await queue(cd14, {})).data!.instructionQueue.total).toBe(0);
    const ask = (claims: Claims, dep: string) =>
      q(`mutation($id: ID!, $d: String!) { requestCdOpinion(id: $id, departement: $d, question: "Ce projet s'inscrit-il dans le schéma départemental ?") { id departement } }`, { id: a, d: dep }, claims);
    expect((await ask(instr28, '76')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await ask(cd14, '14')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asked = await ask(instr28, '14');
    expect(asked.errors).toBeUndefined();
    const requestId = asked.data.requestCdOpinion.id as string;

    const seen = await queue(cd14, {});
    expect(seen.data!.instructionQueue.items.map((i) => i.id)).toEqual([a]);
    expect(seen.data!.instructionQueue.items[0]!.readOnly).toBe(true);
    expect((await queue(cd13, {})).data!.instructionQueue.total).toBe(0);
    expect((await read(cd14, b, 'id')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await q(`mutation($id: ID!) { fireCandidatureAction(id: $id, action: "start_instruction") { id } }`, { id: a }, cd14)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await q(`mutation($id: ID!) { sendMessage(id: $id, body: "Bonjour") { id } }`, { id: a }, cd14)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await download('/files/exports/candidatures.csv', cd14)).status).toBe(200);

    const give = (claims: Claims) =>
      q(`mutation($r: ID!) { giveCdOpinion(requestId: $r, opinion: RESERVED, comment: "Réserve sur le calendrier de déploiement.") { opinion givenAt } }`, { r: requestId }, claims);
    expect((await give(cd13)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await give(instr28)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await give(cd14)).data.giveCdOpinion.opinion).toBe('RESERVED');
    expect((await give(cd14)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const shown = await read(instr28, a, 'cdOpinions { departement opinion comment }');
    expect(shown.data.candidature.cdOpinions).toEqual([{ departement: '14', opinion: 'RESERVED', comment: 'Réserve sur le calendrier de déploiement.' }]);
    expect((await read(porteur, a, 'cdOpinions { id }')).data.candidature.cdOpinions).toEqual([]);
  });

  it('events inbox: a committee decision applied once per event id, through the lifecycle; for-committee lists the window', async () => {
    await fire(instr28, b, 'start_instruction');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const listed = await callInternal<any[]>(base, 'candidatures/for-committee', { regionCode: '28', campaignId: 'test-28', windowCode: 'W1' }, 'grading-grid');
    expect(listed.map((f) => f.id)).toEqual([b]);
    expect(listed[0]).toMatchObject({ essmsCount: 16, porteurEmail: 'porteur.a@example.org', organismes: [EJ_A], fields: ['PH_ENFANTS'], situations: ['UPGRADE'], regions: ['28'], hasSaad: false });
    expect(listed[0].total).toBeGreaterThan(0);
    expect(listed[0].members[0]).toMatchObject({ name: expect.stringContaining('IME Rouen'), category: '183', departement: '76' });
    await fire(instr28, b, 'send_to_committee');

    const event = { id: 'evt-1', type: 'COMMITTEE_DECISION', candidatureId: b, decision: 'RETAINED', motive: 'Projet mature.', committeeId: 'com-1', decidedBy: INSTR28_ID, decidedAt: '2026-03-12T14:03:00.000Z' };
    expect(await callInternal(base, 'events/apply', event, 'grading-grid')).toEqual({ status: 'APPLIED', candidatureId: b, fromState: 'IN_COMMITTEE', toState: 'RETAINED' });
    expect(await callInternal(base, 'events/apply', event, 'grading-grid')).toEqual({ status: 'DUPLICATE' });
    const history = (await read(instr28, b, 'state history { action fromState toState }')).data.candidature;
    expect(history.state).toBe('RETAINED');
    expect(history.history.filter((h: { action: string }) => h.action === 'retain')).toHaveLength(1);

    await expect(callInternal(base, 'events/apply', { ...event, id: 'evt-2', decision: 'NOT_RETAINED' }, 'grading-grid')).rejects.toThrow(/409/);
    await expect(callInternal(base, 'events/apply', { ...event, id: 'evt-3', decision: 'MAYBE' }, 'grading-grid')).rejects.toThrow(/400/);
    const asPerson = await fetch(`${base}/internal/events/apply`, { method: 'POST', headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(instr28) }, body: JSON.stringify(event) });
    expect(asPerson.status).toBe(401);
    const processed = await db.dataSource.query(`SELECT id FROM processed_event ORDER BY id`);
    expect(processed).toEqual([{ id: 'evt-1' }]);
  });
});

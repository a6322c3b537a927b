import { startSubgraphServer, CLAIMS_HEADER, signClaims, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { finess, insertOpenCampaign } from '../testing/fixtures';
import { pdfText } from './pdf-text.testing';

jest.setTimeout(120_000);

const EJ = finess('14', 900001);
const EJ_OTHER = finess('14', 900002); // another organisme sharing the grappe
const EJ_STRANGER = finess('14', 900003);
const ESSMS = [finess('14', 910001), finess('14', 910002), finess('14', 910003)];
const CLOSED = finess('14', 910009);
const UNKNOWN = finess('14', 910008);
const porteur: Claims = { ...testClaims.porteur([EJ], 'porteur-a'), email: 'porteur.a@example.fr' };
const colleague: Claims = { ...testClaims.porteur([EJ], 'porteur-a2'), email: 'porteur.a2@example.fr' };
const stranger: Claims = { ...testClaims.porteur([EJ_STRANGER], 'porteur-z'), email: 'z@example.fr' };

/** A fake annuaire: the internal routes and the region query subgraph-candidature reads. */
function fakeAnnuaire(): Promise<Server> {
  const facts: Record<string, unknown> = {
    [ESSMS[0]]: { name: 'EHPAD Les Tilleuls', category: '500', finessEj: EJ, regionCode: '28', closed: false },
    [ESSMS[1]]: { name: 'SAAD Bocage', category: '460', finessEj: EJ, regionCode: '28', closed: false },
    [ESSMS[2]]: { name: 'IME La Source', category: '183', finessEj: EJ_OTHER, regionCode: '28', closed: false },
    [CLOSED]: { name: 'Foyer fermé', category: '252', finessEj: EJ, regionCode: '28', closed: true },
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    res.setHeader('content-type', 'application/json');
    if (req.url === '/internal/establishments/facts') {
      return res.end(JSON.stringify(Object.fromEntries((body.finess as string[]).filter((f) => facts[f]).map((f) => [f, facts[f]]))));
    }
    if (req.url === '/internal/organismes/sizes') return res.end(JSON.stringify({ [EJ]: 4, [EJ_OTHER]: 80 }));
    if (req.url === '/graphql') {
      return res.end(JSON.stringify({ data: { region: { name: 'Normandie', ars: { genericEmails: ['ars-normandie-esms@example.fr'], referents: [{ name: 'Claire Référente', email: 'claire@example.fr' }] } } } }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const FIELDS = `id version state windowCode submittedAt receiptNumber organismes { finessEj } recapitulatifPath
  members { finess situation regionCode finessEj saad { totalHours medicoSocialHours } }
  funding { total usages software hardware lines { finess rank usages software hardware } }
  eligibility { blocking items { code severity status message } }
  pieces { code requirement files { id fileName mediaType } }
  dossier { projectType fields otherEuFunds checklist { code done } }
  submissionCheck { canSubmit problems missingPieces onTime currentWindow arsContacts { email } }`;

interface Cand {
  id: string; version: number; state: string; windowCode: string | null; submittedAt: string | null; receiptNumber: string | null; recapitulatifPath: string | null;
  organismes: { finessEj: string }[];
  members: { finess: string; situation: 'ACQUISITION' | 'UPGRADE'; regionCode: string; finessEj: string | null; saad: { totalHours: number; medicoSocialHours: number } | null }[];
  funding: { total: number; lines: { finess: string }[] };
  eligibility: { blocking: boolean; items: { code: string; severity: string; status: string; message: string }[] };
  pieces: { code: string; requirement: string; files: { id: string; fileName: string; mediaType: string }[] }[];
  dossier: { projectType: string; fields: string[]; otherEuFunds: string[] | null; checklist: { code: string; done: boolean }[] };
  submissionCheck: { canSubmit: boolean; problems: string[]; missingPieces: string[]; onTime: boolean; currentWindow: string | null; arsContacts: { email: string }[] };
}

describe('porteur journey backend (issue 4)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let annuaire: Server;
  let base: string;
  let outbox: string;
  let cand: Cand;
  const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, claims: Claims | null = porteur) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const read = async (id: string, claims: Claims = porteur) => {
    const res = await q<{ candidature: Cand }>(`query($id: ID!) { candidature(id: $id) { ${FIELDS} } }`, { id }, claims);
    expect(res.errors).toBeUndefined();
    return res.data!.candidature;
  };
  const dbRow = async (id: string) => JSON.stringify((await db.dataSource.query(`SELECT state, version, submitted_at, window_code FROM candidature WHERE id = $1`, [id]))[0]);
  const upload = async (id: string, code: string, body: Buffer, name: string, claims: Claims = porteur, type = 'application/pdf') =>
    fetch(`${base}/files/candidatures/${id}/pieces/${code}`, { method: 'POST', body: new Uint8Array(body), headers: { [CLAIMS_HEADER]: await signClaims(claims), 'content-type': type, 'x-file-name': encodeURIComponent(name) } });
  const pdf = (label: string) => Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\n% ${label}\ntrailer <<>>\n%%EOF\n`);
  const create = async (campaignId: string, title: string) => {
    const res = await q<{ createCandidature: { id: string } }>(`mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { id } }`, { i: { campaignId, title, organismeFinessEj: EJ } });
    expect(res.errors).toBeUndefined();
    return read(res.data!.createCandidature.id);
  };
  const importText = (id: string, v: number, text: string) =>
    q<{ importGrappeMembers: { added: number; lines: { line: number; status: string; message: string }[]; candidature: Cand } }>(
      `mutation($id: ID!, $v: Int!, $t: String!) { importGrappeMembers(id: $id, expectedVersion: $v, text: $t) { added lines { line status message } candidature { ${FIELDS} } } }`,
      { id, v, t: text },
    );
  const updateMember = (id: string, f: string, v: number, input: Record<string, unknown>, claims: Claims = porteur) =>
    q<{ updateGrappeMember: Cand }>(`mutation($id: ID!, $f: String!, $v: Int!, $i: GrappeMemberUpdateInput!) { updateGrappeMember(id: $id, finess: $f, expectedVersion: $v, input: $i) { ${FIELDS} } }`, { id, f, v, i: input }, claims);
  const submit = (id: string, v: number) => q<{ submitCandidature: Cand }>(`mutation($id: ID!, $v: Int) { submitCandidature(id: $id, expectedVersion: $v) { ${FIELDS} } }`, { id, v });

  beforeAll(async () => {
    ensureTestSecret();
    annuaire = await fakeAnnuaire();
    const { port } = annuaire.address() as { port: number };
    process.env['ESMS_ANNUAIRE_URL'] = `http://127.0.0.1:${port}`;
    process.env['ESMS_DATA_DIR'] = mkdtempSync(join(tmpdir(), 'cand-pieces-'));
    outbox = mkdtempSync(join(tmpdir(), 'cand-outbox-'));
    process.env['ESMS_OUTBOX_DIR'] = outbox;
    delete process.env['SMTP_URL'];
    process.env['ESMS_ANTIVIRUS'] = 'off'; // the antivirus itself: src/pieces/antivirus.spec.ts (real clamd)
    db = await openTestDatabase({ name: 'porteur_journey', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'open-28', '28');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, httpRoutes });
    base = `http://127.0.0.1:${subgraph.port}`;
    cand = await create('open-28', 'Grappe du Bocage');
  });
  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
    await new Promise((r) => annuaire?.close(r));
    delete process.env['ESMS_ANNUAIRE_URL'];
    delete process.env['ESMS_OUTBOX_DIR'];
  });

  it('import: a malformed FINESS alone is refused line by line and changes nothing', async () => {
    const before = await dbRow(cand.id);
    const res = await importText(cand.id, cand.version, '12345\n');
    expect(res.errors).toBeUndefined();
    expect(res.data!.importGrappeMembers.added).toBe(0);
    expect(res.data!.importGrappeMembers.lines[0]).toMatchObject({ line: 1, status: 'MALFORMED' });
    expect(res.data!.importGrappeMembers.lines[0].message).toMatch(/Ligne 1 : .*9 caractères|Ligne 1 :/);
    expect(await dbRow(cand.id)).toBe(before);
  });

  it('import: CSV with a finess column, per-line results, members from another organisme join the file', async () => {
    const csv = `nom;finess\nTilleuls;${ESSMS[0]}\nBocage;${ESSMS[1]}\nSource;${ESSMS[2]}\nFaux;14000000X\nInconnu;${UNKNOWN}\nFermé;${CLOSED}\nDoublon;${ESSMS[0]}\n`;
    const res = await importText(cand.id, cand.version, csv);
    expect(res.errors).toBeUndefined();
    const r = res.data!.importGrappeMembers;
    expect(r.added).toBe(3);
    expect(r.lines.map((l) => [l.line, l.status])).toEqual([[2, 'ADDED'], [3, 'ADDED'], [4, 'ADDED'], [5, 'MALFORMED'], [6, 'UNKNOWN'], [7, 'CLOSED'], [8, 'DUPLICATE']]);
    expect(r.candidature.members.map((m) => m.finess).sort()).toEqual([...ESSMS].sort());
    expect(r.candidature.organismes.map((o) => o.finessEj)).toEqual([EJ, EJ_OTHER]);
    cand = r.candidature;
  });

  it('adding ESSMS: the organisme and region are the annuaire\'s, not the ones the client declares; a closed ESSMS is refused', async () => {
    const other = await create('open-28', 'Grappe déclarée');
    const add = (members: Record<string, unknown>[], v: number) =>
      q<{ addGrappeMembers: Cand }>(`mutation($id: ID!, $v: Int, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, expectedVersion: $v, members: $m) { ${FIELDS} } }`, { id: other.id, v, m: members });
    // The IME belongs to the large organisme EJ_OTHER: claiming the small EJ would open the small-organisme lines (hardware, AMOA).
    const res = await add([{ finess: ESSMS[2], situation: 'ACQUISITION', finessEj: EJ }, { finess: UNKNOWN, situation: 'ACQUISITION', finessEj: EJ }], other.version);
    expect(res.errors).toBeUndefined();
    const members = Object.fromEntries(res.data!.addGrappeMembers.members.map((m) => [m.finess, m.finessEj]));
    expect(members).toEqual({ [ESSMS[2]]: EJ_OTHER, [UNKNOWN]: null });
    const before = await dbRow(other.id);
    const closed = await add([{ finess: CLOSED, situation: 'ACQUISITION', finessEj: EJ }], res.data!.addGrappeMembers.version);
    expect(closed.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(closed.errors?.[0].message).toMatch(/est fermé dans le FINESS/);
    expect(await dbRow(other.id)).toBe(before);
  });

  it('the estimate on the candidature equals fundingSimulation for the same grappe (same organisme sizes)', async () => {
    const res = await updateMember(cand.id, ESSMS[1], cand.version, { saad: { totalHours: 10000, apaHours: 5000, pchHours: 2000, otherHours: 500, otherFunder: 'Caisse de retraite', confortHours: 2500 }, hardwareQuote: 4000 });
    expect(res.errors).toBeUndefined();
    cand = res.data!.updateGrappeMember;
    expect(cand.members.find((m) => m.finess === ESSMS[1])!.saad).toEqual({ totalHours: 10000, medicoSocialHours: 7500 });
    const sim = await q<{ fundingSimulation: Cand['funding'] }>(
      `query($i: FundingSimulationInput!) { fundingSimulation(input: $i) { total usages software hardware lines { finess rank usages software hardware } } }`,
      { i: { essms: cand.members.map((m) => ({ finess: m.finess, regionCode: m.regionCode, situation: m.situation, organismeFinessEj: m.finessEj, ...(m.finess === ESSMS[1] ? { hardwareQuote: 4000, saadTotalHours: 10000, saadMedicoSocialHours: 7500 } : {}) })) } },
      testClaims.public(),
    );
    expect(sim.errors).toBeUndefined();
    expect(cand.funding.total).toBeGreaterThan(0);
    expect(cand.funding).toEqual(sim.data!.fundingSimulation);
  });

  it('a concurrent edit with a stale version gets CONFLICT (who/when, reload) and changes nothing', async () => {
    const stale = cand.version;
    const first = await updateMember(cand.id, ESSMS[0], stale, { currentDui: 'Ancien logiciel' }, colleague);
    expect(first.errors).toBeUndefined();
    const before = await dbRow(cand.id);
    const second = await updateMember(cand.id, ESSMS[0], stale, { currentDui: 'Autre saisie' });
    expect(second.errors?.[0].extensions?.['code']).toBe('CONFLICT');
    expect(second.errors?.[0].message).toMatch(/modifiée entre-temps par .*compte porteur-a2.* le .*rechargez/);
    expect(await dbRow(cand.id)).toBe(before);
    cand = await read(cand.id);
  });

  it('dossier answers feed the eligibility report (E02) and are validated', async () => {
    const bad = await q(`mutation($id: ID!, $v: Int!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { projectPlan: [{ monthOffset: 30, label: "Trop tard" }] }) { id } }`, { id: cand.id, v: cand.version });
    expect(bad.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    const res = await q<{ updateCandidatureDossier: Cand }>(
      `mutation($id: ID!, $v: Int!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { fields: [PA, DOMICILE], otherEuFunds: [], governance: "Copil mensuel", projectPlan: [{ monthOffset: 0, durationMonths: 3, label: "Cadrage" }], checklist: [{ code: "1.1", done: true }] }) { ${FIELDS} } }`,
      { id: cand.id, v: cand.version },
    );
    expect(res.errors).toBeUndefined();
    cand = res.data!.updateCandidatureDossier;
    expect(cand.dossier).toMatchObject({ projectType: 'ACQUISITION', fields: ['PA', 'DOMICILE'], otherEuFunds: [] });
    expect(cand.dossier.checklist.find((c) => c.code === '1.1')!.done).toBe(true);
    expect(cand.eligibility.items.find((i) => i.code === 'E02')!.status).toBe('OK');
  });

  it('a missing required piece blocks the submission with the list, nothing changes', async () => {
    expect(cand.pieces.find((p) => p.code === 'P11')!.requirement).toBe('REQUIRED'); // SAAD
    expect(cand.pieces.find((p) => p.code === 'P15')!.requirement).toBe('REQUIRED'); // hardware
    const before = await dbRow(cand.id);
    const res = await submit(cand.id, cand.version);
    expect(res.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/Pièces obligatoires manquantes : P01 .*P11 .*P15/);
    expect((res.errors?.[0].extensions as Record<string, unknown> | undefined)?.['missingPieces']).toEqual(expect.arrayContaining(['P01', 'P11', 'P15']));
    expect(await dbRow(cand.id)).toBe(before);
  });

  it('uploads: 413 over 10 Mo, 415 for an HTML file renamed .pdf, nothing stored', async () => {
    const big = await upload(cand.id, 'P01', Buffer.alloc(10 * 1024 * 1024 + 1, 0x25), 'gros.pdf');
    expect(big.status).toBe(413);
    expect((await big.json()).message).toMatch(/10 Mo/);
    const html = await upload(cand.id, 'P01', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'), 'note.pdf');
    expect(html.status).toBe(415);
    expect((await html.json()).message).toMatch(/n'est pas d'un type accepté.*PDF/);
    expect(await upload(cand.id, 'P01', pdf('x'), 'x.pdf', stranger).then((r) => r.status)).toBe(404);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM candidature_piece`))[0].n).toBe(0);
  });

  it('a BLOCKING rule (two solutions, E07) refuses the submission with its message, nothing changes', async () => {
    const needed = (await read(cand.id)).pieces.filter((p) => p.requirement === 'REQUIRED').map((p) => p.code);
    for (const code of needed) expect((await upload(cand.id, code, pdf(code), `${code} é.pdf`)).status).toBe(201);
    const replaced = await upload(cand.id, 'P01', pdf('P01 v2'), 'P01-v2.pdf');
    expect(replaced.status).toBe(201);
    cand = await read(cand.id);
    expect(cand.pieces.find((p) => p.code === 'P01')!.files.map((f) => f.fileName)).toEqual(['P01-v2.pdf']);
    expect(cand.submissionCheck.missingPieces).toEqual([]);
    const edit = await updateMember(cand.id, ESSMS[0], cand.version, { chosenSolutionId: 'solution-a' });
    expect(edit.errors).toBeUndefined();
    cand = edit.data!.updateGrappeMember;
    const before = await dbRow(cand.id);
    const res = await submit(cand.id, cand.version);
    expect(res.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/E07 — Tous les ESSMS doivent s'équiper de la même solution/);
    expect(await dbRow(cand.id)).toBe(before);
    const fix = await updateMember(cand.id, ESSMS[0], cand.version, { chosenSolutionId: null });
    expect(fix.errors).toBeUndefined();
    cand = fix.data!.updateGrappeMember;
  });

  it('submits inside the window: frozen, window recorded, PDF récapitulatif, confirmation e-mail with the PDF', async () => {
    expect(cand.submissionCheck).toMatchObject({ canSubmit: true, problems: [], onTime: true, currentWindow: 'W1' });
    const res = await submit(cand.id, cand.version);
    expect(res.errors).toBeUndefined();
    const done = res.data!.submitCandidature;
    expect(done).toMatchObject({ state: 'SUBMITTED', windowCode: 'W1', recapitulatifPath: `/files/candidatures/${cand.id}/recapitulatif.pdf` });
    // Frozen: the dossier cannot change any more.
    const late = await updateMember(cand.id, ESSMS[0], done.version, { currentDui: 'x' });
    expect(late.errors?.[0].extensions?.['code']).toBe('CONFLICT');
    // The PDF, downloadable.
    const dl = await fetch(`${base}${done.recapitulatifPath}`, { headers: { [CLAIMS_HEADER]: await signClaims(porteur) } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    const recap = Buffer.from(await dl.arrayBuffer());
    expect(recap.subarray(0, 4).toString()).toBe('%PDF');
    // It states the receipt number, the submission date-time in Europe/Paris and the window with its dates.
    expect(done.receiptNumber).toMatch(/^[A-Z]{3}-\d{4}-\d{4}-AR1$/);
    const text = await pdfText(recap);
    expect(text).toContain(`Accusé de réception n° ${done.receiptNumber}`);
    expect(text).toContain(`Accusé de réception : ${done.receiptNumber}`);
    const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(new Date(done.submittedAt!)).replace(/\s+/g, ' ');
    expect(text).toContain(`Déposée le : ${paris} (heure de Paris)`);
    const window = (await db.dataSource.query(`SELECT calendar FROM campaign WHERE id = 'open-28'`))[0].calendar.tracks.regional.windows[0] as { opensOn: string; closesOn: string };
    const day = (iso: string) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${iso}T00:00:00Z`));
    expect(text).toContain(`Fenêtre de sélection : W1 (du ${day(window.opensOn)} au ${day(window.closesOn)})`);
    // The e-mail, to the account's address, with the PDF attached.
    // It leaves right after the answer (the submission does not wait for the outbox): wait until it is there.
    const mailFiles = () => readdirSync(outbox).filter((f) => f.includes('porteur.a@example.fr'));
    for (const until = Date.now() + 10_000; mailFiles().length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    const files = mailFiles();
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(outbox, files[0])));
    expect(mail.subject).toMatch(/déposée/);
    expect(mail.text).toMatch(/3 ESSMS/);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].contentType).toBe('application/pdf');
    expect(mail.attachments[0].content.subarray(0, 4).toString()).toBe('%PDF');
    expect(await pdfText(mail.attachments[0].content)).toContain(`Accusé de réception n° ${done.receiptNumber}`);
    // Pieces: attachment + nosniff for a reader, 404 for another porteur, no delete after submission.
    const pieceId = done.pieces.find((p) => p.code === 'P01')!.files[0].id;
    const get = await fetch(`${base}/files/pieces/${pieceId}`, { headers: { [CLAIMS_HEADER]: await signClaims(porteur) } });
    expect(get.status).toBe(200);
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
    expect(get.headers.get('content-disposition')).toMatch(/^attachment;.*P01-v2\.pdf/);
    expect((await fetch(`${base}/files/pieces/${pieceId}`, { headers: { [CLAIMS_HEADER]: await signClaims(stranger) } })).status).toBe(404);
    const del = await fetch(`${base}/files/pieces/${pieceId}`, { method: 'DELETE', headers: { [CLAIMS_HEADER]: await signClaims(porteur) } });
    expect(del.status).toBe(409);
  });

  it('a late submission (closed campaign) is non recevable, names the ARS contacts and changes nothing', async () => {
    const closed = await create('normandie-2024', 'Trop tard');
    const imp = await importText(closed.id, closed.version, ESSMS[0]);
    expect(imp.errors).toBeUndefined();
    const c = imp.data!.importGrappeMembers.candidature;
    const before = await dbRow(c.id);
    const res = await submit(c.id, c.version);
    expect(res.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((res.errors?.[0].extensions as Record<string, unknown> | undefined)?.['reason']).toBe('LATE');
    expect(res.errors?.[0].message).toMatch(/non recevable.*ars-normandie-esms@example\.fr.*Claire Référente/);
    expect(await dbRow(c.id)).toBe(before);
  });
});

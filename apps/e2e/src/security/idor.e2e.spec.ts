/**
 * Issue 8, line 1 — IDOR, generated with fast-check: role × object × operation, for callers OUTSIDE the
 * object's scope. Each case sends the operation twice: on the real object and on a random id that does
 * not exist. The two answers must be identical (HTTP status, error codes, messages, `data`), and at the
 * end nothing of the objects has changed (version, state, history, messages, pieces, evaluations).
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { gql } from '../support/browser';
import { stackInfo } from '../support/stack-file';
import { apiToken, caller, getFile, login, newPorteur, type Caller } from './actors';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

type Kind = 'candidature' | 'reference' | 'piece' | 'evaluation';
interface Operation {
  name: string;
  kind: Kind;
  run(gateway: string, who: Caller, key: string): Promise<unknown>;
}

/** The answer, with the asked key replaced (an error may repeat the id it was given). */
function normalise(answer: unknown, key: string): unknown {
  return JSON.parse(JSON.stringify(answer).split(key).join('<key>'));
}

async function graphqlAnswer(gateway: string, who: Caller, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...who.headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const graphqlOp = (name: string, kind: Kind, query: string, variables: (key: string) => Record<string, unknown>): Operation => ({
  name,
  kind,
  run: (gateway, who, key) => graphqlAnswer(gateway, who, query, variables(key)),
});

const fileOp = (name: string, kind: Kind, method: 'GET' | 'POST' | 'DELETE', path: (key: string) => string): Operation => ({
  name,
  kind,
  async run(gateway, who, key) {
    if (method === 'GET') return getFile(gateway, path(key), who.headers);
    const response = await fetch(`${gateway}${path(key)}`, {
      method,
      headers: { 'apollo-require-preflight': 'true', 'content-type': 'application/pdf', 'x-file-name': 'attaque.pdf', ...who.headers },
      body: method === 'POST' ? PDF : undefined,
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  },
});

describe('IDOR: out of scope answers exactly like a missing object (fast-check)', () => {
  const gateway = stackInfo().urls.gateway;
  const callers: Record<string, Caller> = {};
  let normandieFile: { id: string; reference: string; version: number };
  let pacaFile: { id: string; reference: string };
  let pieceId: string | null = null;
  let evaluationId: string | null = null;
  let gridId: string = randomUUID();
  let cnsa: Caller;

  const operations: Operation[] = [
    graphqlOp('read one', 'candidature', 'query($id: ID!) { candidature(id: $id) { id reference state } }', (id) => ({ id })),
    graphqlOp('read across subgraphs (evaluations, decisions)', 'candidature', 'query($id: ID!) { candidature(id: $id) { id evaluations { id total } gradingSummary { count } committeeDecisions { id decision } } }', (id) => ({ id })),
    graphqlOp('list', 'reference', 'query($f: CandidatureFilter) { candidatures(filter: $f, limit: 100) { id } candidatureCount(filter: $f) }', (reference) => ({ f: { search: reference } })),
    graphqlOp('queue', 'reference', 'query($f: QueueFilter) { instructionQueue(filter: $f, limit: 100) { total } }', (reference) => ({ f: { search: reference } })),
    fileOp('export', 'reference', 'GET', (reference) => `/files/exports/candidatures.csv?search=${encodeURIComponent(reference)}`),
    fileOp('download récapitulatif', 'candidature', 'GET', (id) => `/files/candidatures/${id}/recapitulatif.pdf`),
    fileOp('download convention PDF', 'candidature', 'GET', (id) => `/files/conventions/${id}/convention.pdf`),
    fileOp('upload a piece', 'candidature', 'POST', (id) => `/files/candidatures/${id}/pieces/P01`),
    fileOp('download a piece', 'piece', 'GET', (id) => `/files/pieces/${id}`),
    fileOp('delete a piece', 'piece', 'DELETE', (id) => `/files/pieces/${id}`),
    graphqlOp('grade', 'candidature', 'mutation($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { id } }', (id) => ({ input: { candidatureId: id, gridId, scores: [] } })),
    graphqlOp('read an evaluation', 'evaluation', 'query($id: ID!) { evaluation(id: $id) { id total } }', (id) => ({ id })),
    graphqlOp('sign an evaluation', 'evaluation', 'mutation($id: ID!) { signEvaluation(id: $id) { id } }', (id) => ({ id })),
    graphqlOp('decide (lifecycle action)', 'candidature', 'mutation($id: ID!) { fireCandidatureAction(id: $id, action: "DECLARE_ELIGIBLE", comment: "x") { id } }', (id) => ({ id })),
    graphqlOp('assign', 'candidature', 'mutation($id: ID!) { assignInstructeur(id: $id, accountId: null) { id } }', (id) => ({ id })),
    graphqlOp('write a message', 'candidature', 'mutation($id: ID!) { sendMessage(id: $id, body: "intrusion") { id } }', (id) => ({ id })),
    graphqlOp('write the dossier', 'candidature', 'mutation($id: ID!) { updateCandidatureDossier(id: $id, expectedVersion: 1, input: { governance: "intrusion" }) { id } }', (id) => ({ id })),
    graphqlOp('ask a CD opinion', 'candidature', 'mutation($id: ID!) { requestCdOpinion(id: $id, departement: "14", question: "intrusion") { id } }', (id) => ({ id })),
    graphqlOp('give a CD opinion', 'candidature', 'mutation($id: ID!) { giveCdOpinion(id: $id, opinion: FAVOURABLE, comment: "intrusion") { id } }', (id) => ({ id })),
    graphqlOp('write measurements', 'candidature', 'mutation($id: ID!) { recordMeasurements(candidatureId: $id, month: "2025-01", items: []) { __typename } }', (id) => ({ id })),
    graphqlOp('generate the convention', 'candidature', 'mutation($id: ID!) { generateConvention(candidatureId: $id) { id } }', (id) => ({ id })),
  ];

  /** What must not move, read by the CNSA (and the Normandie instructeur for evaluations). */
  async function snapshot() {
    const q = 'query($id: ID!) { candidature(id: $id) { id version state updatedAt history { at action } messages { id } cdOpinions { id } pieces { code files { id } } evaluations { id version } committeeDecisions { id } } }';
    const [a, b] = await Promise.all([gql(gateway, q, { id: normandieFile.id }, cnsa.headers), gql(gateway, q, { id: pacaFile.id }, cnsa.headers)]);
    const count = await gql(gateway, '{ candidatureCount }', {}, cnsa.headers);
    return { a: a.data, b: b.data, count: count.data };
  }

  beforeAll(async () => {
    const demo = {
      porteur: 'porteur@demo.esms-numerique.fr',
      normandie: 'instructeur.normandie@demo.esms-numerique.fr',
      paca: 'instructeur.paca@demo.esms-numerique.fr',
      cd: 'cd.calvados@demo.esms-numerique.fr',
    };
    for (const [name, email] of Object.entries(demo)) callers[name] = await caller(gateway, name, email);
    cnsa = await caller(gateway, 'cnsa', 'cnsa@demo.esms-numerique.fr');
    callers['public'] = { name: 'public', headers: {} };
    const other = await newPorteur(gateway, 'idor');
    callers['otherPorteur'] = { name: 'otherPorteur', headers: { cookie: other.cookie } };
    const token = await apiToken(gateway, (await login(gateway, 'cnsa@demo.esms-numerique.fr')) as string, ['aggregates:read']);
    callers['apiClient'] = { name: 'apiClient', headers: { authorization: `Bearer ${token.token}` } };

    type Listed = { candidatures: { id: string; reference: string; version: number; state: string; regions: { code: string }[]; pivotRegion: { code: string } | null; cdOpinions: { departement: string }[] }[] };
    const fields = '{ id reference version state regions { code } pivotRegion { code } cdOpinions { departement } }';
    const mine = await gql<Listed>(gateway, `{ candidatures(limit: 100) ${fields} }`, {}, callers['porteur'].headers);
    const all = await gql<Listed>(gateway, `{ candidatures(limit: 100) ${fields} }`, {}, cnsa.headers);
    // The porteur's own Normandie file that the CD of Calvados was not asked about; a PACA-only file.
    const own = mine.data!.candidatures.filter((c) => c.pivotRegion?.code === '28' && c.regions.every((r) => r.code === '28') && !c.cdOpinions.some((o) => o.departement === '14'));
    expect(own.length).toBeGreaterThan(0);
    normandieFile = own[0];
    const paca = all.data!.candidatures.find((c) => c.regions.length > 0 && c.regions.every((r) => r.code === '93'));
    expect(paca).toBeDefined();
    pacaFile = paca!;

    // A piece on one of the porteur's own files (a draft accepts uploads), an evaluation by Normandie.
    for (const c of own) {
      const upload = await fetch(`${gateway}/files/candidatures/${c.id}/pieces/P01`, {
        method: 'POST',
        headers: { 'apollo-require-preflight': 'true', 'content-type': 'application/pdf', 'x-file-name': 'annexe.pdf', ...callers['porteur'].headers },
        body: PDF,
      });
      if (upload.status === 201) {
        pieceId = ((await upload.json()) as { piece: { id: string } }).piece.id;
        normandieFile = c;
        break;
      }
    }
    const grids = await gql<{ grids: { id: string; status: string }[] }>(gateway, '{ grids(regionCode: "28") { id status } }', {}, callers['normandie'].headers);
    gridId = grids.data?.grids.find((g) => g.status === 'PUBLISHED')?.id ?? grids.data?.grids[0]?.id ?? gridId;
    const normandieOnly = all.data!.candidatures.filter((c) => c.regions.length > 0 && c.regions.every((r) => r.code === '28'));
    for (const c of normandieOnly) {
      const graded = await gql<{ gradeCandidature: { id: string } }>(gateway, 'mutation($input: GradeCandidatureInput!) { gradeCandidature(input: $input) { id } }', { input: { candidatureId: c.id, gridId, scores: [], comment: 'Évaluation de test (sécurité)' } }, callers['normandie'].headers);
      if (graded.data) {
        evaluationId = graded.data.gradeCandidature.id;
        break;
      }
    }
  }, 120_000);

  it('has real objects to attack', () => {
    expect(normandieFile.id).toBeTruthy();
    expect(pacaFile.id).toBeTruthy();
    expect(pieceId).not.toBeNull();
    expect(evaluationId).not.toBeNull();
  });

  it('gives callers outside the scope the answer of a missing object, for every role × object × operation', async () => {
    // Who is outside the scope of what (the CNSA and the region's instructeur are inside, and so is the owner).
    const outside: Record<string, { key: (k: Kind) => string | null; callers: string[] }> = {
      normandie: {
        key: (k) => (k === 'candidature' ? normandieFile.id : k === 'reference' ? normandieFile.reference : k === 'piece' ? pieceId : evaluationId),
        callers: ['otherPorteur', 'paca', 'cd', 'public', 'apiClient'],
      },
      paca: {
        key: (k) => (k === 'candidature' ? pacaFile.id : k === 'reference' ? pacaFile.reference : null),
        callers: ['porteur', 'otherPorteur', 'normandie', 'cd', 'public', 'apiClient'],
      },
    };
    const cases = Object.values(outside).flatMap((target) =>
      target.callers.flatMap((who) => operations.filter((op) => target.key(op.kind) !== null).map((op) => ({ who, op, key: target.key(op.kind) as string }))),
    );
    const before = await snapshot();
    const missingKey = (kind: Kind, uuid: string) => (kind === 'reference' ? `ESMS-${uuid.slice(0, 8).toUpperCase()}` : uuid);

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.uuid({ version: 4 }), async ({ who, op, key }, uuid) => {
        const missing = missingKey(op.kind, uuid);
        const real = normalise(await op.run(gateway, callers[who], key), key);
        const absent = normalise(await op.run(gateway, callers[who], missing), missing);
        expect({ who, op: op.name, answer: real }).toEqual({ who, op: op.name, answer: absent });
      }),
      { numRuns: Math.min(cases.length, 80), seed: Number(process.env['FC_SEED'] ?? Date.now() % 100000), verbose: true },
    );

    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it('lets the owner and the region read them (the cases above are not vacuous)', async () => {
    const read = 'query($id: ID!) { candidature(id: $id) { id } }';
    expect((await gql(gateway, read, { id: normandieFile.id }, callers['porteur'].headers)).data).toEqual({ candidature: { id: normandieFile.id } });
    expect((await gql(gateway, read, { id: pacaFile.id }, callers['paca'].headers)).data).toEqual({ candidature: { id: pacaFile.id } });
    // 200, or 409 SCAN_PENDING while the antivirus has not passed it (fail closed) — never the 404 of the others
    expect([200, 409]).toContain((await getFile(gateway, `/files/pieces/${pieceId}`, callers['porteur'].headers)).status);
    expect((await gql(gateway, 'query($id: ID!) { evaluation(id: $id) { id } }', { id: evaluationId }, callers['normandie'].headers)).data).toEqual({ evaluation: { id: evaluationId } });
  });
});

import { CLAIMS_HEADER, setClock, signClaims, startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { attachRequiredPieces } from '../pieces/pieces.testing';
import { definition, entities, httpRoutes, migrations } from '../subgraph';
import { finess, insertOpenCampaign } from '../testing/fixtures';
import { pdfText } from './pdf-text.testing';

jest.setTimeout(120_000);

/* Issue 8 lines 13, 14, 16: lost update, idempotent submission (receipt number), deadline judged on the server clock at commit. */
const EJ = finess('14', 700001);
const porteur: Claims = { ...testClaims.porteur([EJ], 'integrity-a'), email: 'integrity.a@example.fr' };
const colleague: Claims = { ...testClaims.porteur([EJ], 'integrity-b'), email: 'integrity.b@example.fr' };

interface Cand { id: string; version: number; state: string; submittedAt: string | null; receiptNumber: string | null; title: string; windowCode?: string | null }
const FIELDS = 'id version state submittedAt receiptNumber title windowCode';

describe('submission integrity (issue 8: 13, 14, 16)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let outbox: string;
  let n = 0;
  const q = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, claims: Claims = porteur) => querySubgraph<T>(subgraph.url, query, variables, claims);
  const draft = async (campaignId = 'integrity-28') => {
    const res = await q<{ createCandidature: Cand }>(`mutation($i: CreateCandidatureInput!) { createCandidature(input: $i) { ${FIELDS} } }`, { i: { campaignId, title: `Dossier ${++n}`, organismeFinessEj: EJ } });
    expect(res.errors).toBeUndefined();
    const added = await q<{ addGrappeMembers: Cand }>(`mutation($id: ID!, $m: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $m) { ${FIELDS} } }`, {
      id: res.data!.createCandidature.id,
      m: [{ finess: finess('14', 710000 + n), situation: 'ACQUISITION' }],
    });
    expect(added.errors).toBeUndefined();
    await attachRequiredPieces(db.dataSource, added.data!.addGrappeMembers.id);
    return added.data!.addGrappeMembers;
  };
  const submit = (id: string, v: number | null, key?: string, claims: Claims = porteur) =>
    q<{ submitCandidature: Cand }>(`mutation($id: ID!, $v: Int, $k: String) { submitCandidature(id: $id, expectedVersion: $v, idempotencyKey: $k) { ${FIELDS} } }`, { id, v, k: key }, claims);
  const count = async (sql: string, params: unknown[]) => Number((await db.dataSource.query(sql, params))[0].n);
  /** The confirmation leaves right after the answer: read until it did (or 10 s passed). */
  const eventually = async <T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> => {
    const until = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > until) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    ensureTestSecret();
    delete process.env['ESMS_ANNUAIRE_URL'];
    delete process.env['SMTP_URL'];
    process.env['ESMS_DATA_DIR'] = mkdtempSync(join(tmpdir(), 'integrity-data-'));
    outbox = mkdtempSync(join(tmpdir(), 'integrity-outbox-'));
    process.env['ESMS_OUTBOX_DIR'] = outbox;
    db = await openTestDatabase({ name: 'submission_integrity', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    await insertOpenCampaign(db.dataSource, 'integrity-28', '28');
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, httpRoutes });
  });
  afterAll(async () => {
    setClock(null);
    await subgraph?.stop();
    await db?.close();
  });

  it('13 — lost update: two members of the organisme edit the same version; the second write is a CONFLICT and overwrites nothing', async () => {
    const c = await draft();
    const first = await q<{ updateCandidatureDossier: { version: number } }>(`mutation($id: ID!, $v: Int!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { governance: "Copil A" }) { version } }`, { id: c.id, v: c.version });
    expect(first.errors).toBeUndefined();
    const second = await q(`mutation($id: ID!, $v: Int!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: { governance: "Copil B" }) { version } }`, { id: c.id, v: c.version }, colleague);
    expect(second.errors?.[0].extensions?.['code']).toBe('CONFLICT');
    expect(second.errors?.[0].message).toMatch(/modifiée entre-temps/);
    const now = await q<{ candidature: { version: number; dossier: { governance: string } } }>(`query($id: ID!) { candidature(id: $id) { version dossier { governance } } }`, { id: c.id }, colleague);
    expect(now.data!.candidature).toEqual({ version: first.data!.updateCandidatureDossier.version, dossier: { governance: 'Copil A' } });
  });

  it('14 — double click, retry and replay with one idempotency key: one submission, one receipt number, one e-mail', async () => {
    const c = await draft();
    const key = `key-${c.id}`;
    const [a, b] = await Promise.all([submit(c.id, c.version, key), submit(c.id, c.version, key)]); // double click
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const receipt = a.data!.submitCandidature.receiptNumber;
    expect(receipt).toMatch(/-AR1$/);
    expect(b.data!.submitCandidature.receiptNumber).toBe(receipt);
    // Both clicks answer the committed file (the loser of the race must not answer what it had read before).
    expect(b.data!.submitCandidature).toEqual(a.data!.submitCandidature);
    expect(a.data!.submitCandidature.state).toBe('SUBMITTED');
    const replay = await submit(c.id, c.version, key); // retry after a timeout / replayed request (stale version: still the same answer)
    expect(replay.errors).toBeUndefined();
    expect(replay.data!.submitCandidature).toMatchObject({ state: 'SUBMITTED', receiptNumber: receipt, version: a.data!.submitCandidature.version });
    expect(await count(`SELECT count(*) AS n FROM candidature_submission WHERE candidature_id = $1`, [c.id])).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM candidature_event WHERE candidature_id = $1 AND action = 'submit'`, [c.id])).toBe(1);
    expect(await eventually(() => count(`SELECT count(*) AS n FROM outbox_email WHERE ref = $1 AND sent_at IS NOT NULL`, [`${c.id}:${receipt}`]), (n) => n > 0)).toBe(1);
    expect(readdirSync(outbox).filter((f) => f.includes('integrity.a@example.fr')).length).toBeGreaterThanOrEqual(1);
    // A new key does not submit twice: transitions only from DRAFT.
    const other = await submit(c.id, a.data!.submitCandidature.version, `other-${c.id}`);
    expect(other.errors?.[0].extensions?.['code']).toBe('CONFLICT');
    expect(await count(`SELECT count(*) AS n FROM candidature_submission WHERE candidature_id = $1`, [c.id])).toBe(1);
    // The key belongs to that file.
    const d = await draft();
    const stolen = await submit(d.id, d.version, key);
    expect(stolen.errors?.[0].extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  describe('16 — deadline on the server clock at commit, Europe/Paris, on a daylight-saving change day', () => {
    // These run last: they move the test campaign's calendar (a second campaign of the same region and year would
    // collide on the candidature reference sequence).
    // 2026-03-29: Paris goes from UTC+1 to UTC+2 at 02:00; the campaign closes that day at midnight (Paris) = 21:59:59.999Z.
    const closing = async (id: string) => {
      const calendar = { id: 'dst', regionCode: '28', year: 2026, label: 'Campagne DST', source: 'test', tracks: {} as Record<string, unknown> };
      const track = { opensOn: '2026-01-01', closesOn: '2026-03-29', windows: [{ code: 'W1', opensOn: '2026-01-01', closesOn: '2026-03-29' }] };
      calendar.tracks = { regional: track, multiregional: track };
      await db.dataSource.query(`UPDATE campaign SET calendar = $2::jsonb WHERE id = (SELECT campaign_id FROM candidature WHERE id = $1)`, [id, JSON.stringify({ ...calendar, id: 'integrity-dst' })]);
    };
    afterEach(() => setClock(null));

    it('23:59:59.999 (Paris, summer time just begun) is accepted and recorded at that instant', async () => {
      const c = await draft();
      await closing(c.id);
      setClock(() => new Date('2026-03-29T21:59:59.999Z'));
      const res = await submit(c.id, c.version, `dst-ok-${c.id}`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.submitCandidature).toMatchObject({ state: 'SUBMITTED', submittedAt: '2026-03-29T21:59:59.999Z' });
    });

    it('00:00:00.000 the next day is refused as non recevable, nothing changed', async () => {
      const c = await draft();
      await closing(c.id);
      setClock(() => new Date('2026-03-29T22:00:00.000Z'));
      const res = await submit(c.id, c.version, `dst-late-${c.id}`);
      expect((res.errors?.[0].extensions as Record<string, unknown> | undefined)?.['reason']).toBe('LATE');
      expect(res.errors?.[0].message).toMatch(/non recevable/);
      expect((await db.dataSource.query(`SELECT state, version, submitted_at FROM candidature WHERE id = $1`, [c.id]))[0]).toMatchObject({ state: 'DRAFT', version: c.version, submitted_at: null });
    });

    it('the récapitulatif states what is recorded when the commit crosses into the next window (re-rendered, one PDF kept)', async () => {
      const c = await draft();
      const calendar = { id: 'integrity-windows', regionCode: '28', year: 2026, label: 'Campagne à deux fenêtres', source: 'test', tracks: {} as Record<string, unknown> };
      const track = { opensOn: '2026-01-01', closesOn: '2026-06-30', windows: [{ code: 'W1', opensOn: '2026-01-01', closesOn: '2026-03-29' }, { code: 'W2', opensOn: '2026-03-30', closesOn: '2026-06-30' }] };
      calendar.tracks = { regional: track, multiregional: track };
      await db.dataSource.query(`UPDATE campaign SET calendar = $2::jsonb WHERE id = (SELECT campaign_id FROM candidature WHERE id = $1)`, [c.id, JSON.stringify(calendar)]);
      const reads: number[] = [];
      // Rendered at 23:59:59.990 (Paris) in W1; committed at 00:00:00.000 the next day, in W2.
      setClock(() => {
        reads.push(1);
        return new Date(reads.length <= 2 ? '2026-03-29T21:59:59.990Z' : '2026-03-29T22:00:00.000Z');
      });
      const res = await submit(c.id, c.version, `windows-${c.id}`);
      expect(res.errors).toBeUndefined();
      const done = res.data!.submitCandidature;
      expect(done).toMatchObject({ state: 'SUBMITTED', submittedAt: '2026-03-29T22:00:00.000Z', windowCode: 'W2' });
      const pdf = await fetch(`http://127.0.0.1:${subgraph.port}/files/candidatures/${c.id}/recapitulatif.pdf`, { headers: { [CLAIMS_HEADER]: await signClaims(porteur) } });
      expect(pdf.status).toBe(200);
      const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
      expect(text).toContain(`Accusé de réception : ${done.receiptNumber}`);
      expect(text).toContain('Déposée le : 30 mars 2026 à 00:00 (heure de Paris)');
      expect(text).toContain('Fenêtre de sélection : W2 (du 30 mars 2026 au 30 juin 2026)');
      expect(readdirSync(join(process.env['ESMS_DATA_DIR']!, 'candidature-pieces', c.id)).filter((f) => f.startsWith('recapitulatif-'))).toHaveLength(1);
    });

    it('judged at commit: on time when the request starts, past midnight when it commits → refused', async () => {
      const c = await draft();
      await closing(c.id);
      const reads: number[] = [];
      // The first reads are before midnight; from the 3rd read on (inside the transaction) it is 00:00:00.000.
      setClock(() => {
        reads.push(1);
        return new Date(reads.length <= 2 ? '2026-03-29T21:59:59.990Z' : '2026-03-29T22:00:00.000Z');
      });
      const res = await submit(c.id, c.version, `dst-commit-${c.id}`);
      expect((res.errors?.[0].extensions as Record<string, unknown> | undefined)?.['reason']).toBe('LATE');
      expect((await db.dataSource.query(`SELECT state FROM candidature WHERE id = $1`, [c.id]))[0].state).toBe('DRAFT');
    });

    it('past midnight between the check and the transition: the same LATE answer (seen in the deadline-rush load test)', async () => {
      const c = await draft();
      await closing(c.id);
      const reads: number[] = [];
      // The submission check reads the clock before midnight; from the 2nd read on (the transition) it is 00:00:00.000.
      setClock(() => {
        reads.push(1);
        return new Date(reads.length <= 1 ? '2026-03-29T21:59:59.990Z' : '2026-03-29T22:00:00.000Z');
      });
      const res = await submit(c.id, c.version, `dst-transition-${c.id}`);
      const extensions = res.errors?.[0].extensions as Record<string, unknown> | undefined;
      expect(extensions?.['reason']).toBe('LATE');
      expect(extensions?.['arsContacts']).toEqual([]);
      expect(res.errors?.[0].message).toMatch(/non recevable/);
      expect((await db.dataSource.query(`SELECT state FROM candidature WHERE id = $1`, [c.id]))[0].state).toBe('DRAFT');
    });
  });
});

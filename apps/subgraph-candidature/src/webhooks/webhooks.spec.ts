import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { insertEvent } from '../candidatures/candidature.repository';
import { addMonths } from '../convention/convention.service';
import { measurementScope } from '../follow-up/access';
import { addMonthsToMonth, currentParisMonth } from '../measurements/months';
import { definition, entities, migrations } from '../subgraph';
import { finess } from '../testing/fixtures';
import { dispatchDueDeliveries } from './webhook.service';

/* eslint-disable @typescript-eslint/no-explicit-any */

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 answering the statuses of `plan` in turn (then the last one). */
async function receiver(plan: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = plan[Math.min(received.length - 1, plan.length - 1)];
      res.end('ok');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

const apiClient = (scopes: string[]): Claims => ({ sub: randomUUID(), role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes });
const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id url events active regions } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(subscriptionId: $id) { id event candidatureId status attempts lastError lastStatusCode deliveredAt nextAttemptAt } }`;
const SUBSCRIPTIONS = `{ webhookSubscriptions { id active consecutiveFailures deactivatedAt } }`;

describe('webhooks (outbox in the same transaction, signed deliveries, retries, deactivation)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const servers: Server[] = [];
  const cnsa = testClaims.cnsa();
  let candidatureId: string;
  const previous = process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'];
  const q = <T = any>(query: string, variables: Record<string, unknown>, claims: Claims = cnsa) => querySubgraph<T>(subgraph.url, query, variables, claims);

  /** The state change of a submission, as the services write it: state update + event (+ outbox) in one transaction. */
  const submit = (id: string) =>
    db.dataSource.transaction(async (m) => {
      await m.query(`UPDATE candidature SET state = 'SUBMITTED', submitted_at = now(), version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await insertEvent(m, { candidatureId: id, actorId: 'porteur-x', actorRole: 'PORTEUR', action: 'submit', fromState: 'DRAFT', toState: 'SUBMITTED' });
    });
  const newDraft = async (pivot = '28') => {
    const id = randomUUID();
    await db.dataSource.query(
      `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, version, created_at, updated_at)
       VALUES ($1, $2, 'normandie-2024', 'porteur-x', $3, 'Projet webhook', 'DRAFT', 'REGIONAL', $4, 'regional', 1, now(), now())`,
      [id, `WH-${id.slice(0, 8)}`, ['140000001'], pivot],
    );
    return id;
  };

  beforeAll(async () => {
    ensureTestSecret();
    process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'] = '1';
    db = await openTestDatabase({ name: 'candidature_webhooks', entities, migrations });
    await ensureShippedCampaigns(db.dataSource);
    candidatureId = await newDraft();
    subgraph = await startSubgraphServer({ definition, db: db.dataSource, port: 0 });
  }, 120_000);

  afterAll(async () => {
    if (previous === undefined) delete process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'];
    else process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'] = previous;
    servers.forEach((s) => s.close());
    await subgraph?.stop();
    await db?.close();
  });

  it('delivers a signed POST, retried with backoff until the receiver accepts it, with a visible log', async () => {
    const target = await receiver([500, 503, 200]);
    servers.push(target.server);
    const created = await q(CREATE, { input: { url: target.url, events: ['CANDIDATURE_SUBMITTED', 'DECISION_RECORDED'] } });
    expect(created.errors).toBeUndefined();
    const { secret, subscription } = created.data.createWebhookSubscription;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await q(SUBSCRIPTIONS, {})).data)).not.toContain(secret);

    await submit(candidatureId);
    for (let i = 0; i < 3; i++) {
      expect(await dispatchDueDeliveries(db.dataSource, { baseBackoffMs: 1 })).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await dispatchDueDeliveries(db.dataSource, { baseBackoffMs: 1 })).toBe(0);
    expect(target.received).toHaveLength(3);

    const [log] = (await q(DELIVERIES, { id: subscription.id })).data.webhookDeliveries;
    expect(log).toMatchObject({ event: 'CANDIDATURE_SUBMITTED', candidatureId, status: 'DELIVERED', attempts: 3, lastError: null, lastStatusCode: 200, nextAttemptAt: null });
    for (const hit of target.received) {
      expect(hit.headers['x-esms-event']).toBe('CANDIDATURE_SUBMITTED');
      expect(hit.headers['x-esms-delivery']).toBe(log.id);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hit.headers['x-esms-signature'])) ?? [];
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex'));
      expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    }
    expect(JSON.parse(target.received[0].body)).toMatchObject({ id: log.id, event: 'CANDIDATURE_SUBMITTED', data: { candidatureId, pivotRegion: '28', toState: 'SUBMITTED' } });
  });

  it('writes the outbox in the same transaction: a failing outbox insert rolls the state change back', async () => {
    const id = await newDraft();
    await db.dataSource.query(`ALTER TABLE webhook_delivery ADD CONSTRAINT test_refuse CHECK (event <> 'CANDIDATURE_SUBMITTED') NOT VALID`);
    try {
      await expect(submit(id)).rejects.toThrow();
    } finally {
      await db.dataSource.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT test_refuse`);
    }
    const [row] = await db.dataSource.query(`SELECT state, submitted_at FROM candidature WHERE id = $1`, [id]);
    expect(row).toEqual({ state: 'DRAFT', submitted_at: null });
    expect(await db.dataSource.query(`SELECT 1 FROM candidature_event WHERE candidature_id = $1`, [id])).toEqual([]);
    expect(await db.dataSource.query(`SELECT 1 FROM webhook_delivery WHERE candidature_id = $1`, [id])).toEqual([]);
    // …and a rolled-back state change leaves no delivery either
    await expect(
      db.dataSource.transaction(async (m) => {
        await insertEvent(m, { candidatureId: id, actorId: 'x', actorRole: 'PORTEUR', action: 'submit', fromState: 'DRAFT', toState: 'SUBMITTED' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.dataSource.query(`SELECT 1 FROM webhook_delivery WHERE candidature_id = $1`, [id])).toEqual([]);
  });

  it('deactivates a subscription after repeated failures, and keeps the last error', async () => {
    const target = await receiver([500]);
    servers.push(target.server);
    const created = (await q(CREATE, { input: { url: target.url, events: ['CANDIDATURE_SUBMITTED'] } })).data.createWebhookSubscription;
    await submit(await newDraft());
    await submit(await newDraft());
    for (let i = 0; i < 6; i++) {
      await dispatchDueDeliveries(db.dataSource, { baseBackoffMs: 1, maxConsecutiveFailures: 3 });
      await new Promise((r) => setTimeout(r, 5));
    }
    const subs = (await q(SUBSCRIPTIONS, {})).data.webhookSubscriptions;
    expect(subs.find((s: any) => s.id === created.subscription.id)).toMatchObject({ active: false, consecutiveFailures: 3, deactivatedAt: expect.any(String) });
    expect(target.received).toHaveLength(3);
    const log = (await q(DELIVERIES, { id: created.subscription.id })).data.webhookDeliveries;
    expect(log).toHaveLength(2);
    expect(log.every((d: any) => d.status === 'PENDING' && d.lastError === 'HTTP 500' && d.lastStatusCode === 500)).toBe(true);
    // reactivated, it is delivered again
    const again = await q(`mutation($id: ID!) { setWebhookSubscriptionActive(id: $id, active: true) { active consecutiveFailures } }`, { id: created.subscription.id });
    expect(again.data.setWebhookSubscriptionActive).toEqual({ active: true, consecutiveFailures: 0 });
  });

  describe('USAGE_TARGET_MISSED (measurement write → domain missedUsageTargets → outbox, same transaction)', () => {
    const EJ = finess('14', 740001);
    const [A, B] = [finess('14', 740101), finess('14', 740102)];
    const RECORD = `mutation ($id: ID!, $month: String!, $items: [EssmsUsageCountsInput!]!) { recordMeasurements(candidatureId: $id, month: $month, items: $items) { created corrected unchanged } }`;
    // Every target reached (MSSanté 150 %, DMP 72 %, active 95 %, PP 94.7 %, agenda 92.6 %).
    const REACHED = { personsAccompanied: 100, mssanteMessagesSent: 150, dmpFed: 72, activeDossiers: 95, activeDossiersWithProjetPersonnalise: 90, activeDossiersWithAgendaEvent: 88 };
    const signedMonth = addMonthsToMonth(currentParisMonth(), -14);
    const signedOn = `${signedMonth}-10`;
    const expectedEnd = addMonths(signedOn, 9); // a 9-month project, ended 5 months ago
    const beforeEnd = addMonthsToMonth(signedMonth, 3); // targets not due yet
    const afterEnd = addMonthsToMonth(currentParisMonth(), -1); // targets due

    /** A funded project in deployment (convention signed 14 months ago, 9 months), two ESSMS, written as the services leave it. */
    async function fundedProject(): Promise<string> {
      const id = randomUUID();
      await db.dataSource.query(
        `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, version, created_at, updated_at)
         VALUES ($1, $2, 'normandie-2024', 'porteur-x', $3, 'Projet suivi webhook', 'IN_DEPLOYMENT', 'REGIONAL', '28', 'regional', 1, now(), now())`,
        [id, `WH-${id.slice(0, 8)}`, [EJ]],
      );
      for (const f of [A, B]) {
        await db.dataSource.query(`INSERT INTO grappe_member (candidature_id, finess, situation, region_code, finess_ej) VALUES ($1, $2, 'UPGRADE', '28', $3)`, [id, f, EJ]);
      }
      await db.dataSource.query(
        `INSERT INTO convention (id, candidature_id, status, total, advance, balance, duration_months, project_start, expected_end, pdf, generated_by, signed_on, signed_by, signed_at)
         VALUES ($1, $2, 'SIGNED', 10000, 5000, 5000, 9, $3, $4, '\\x00', 'instr-28', $3, 'instr-28', now())`,
        [randomUUID(), id, signedOn, expectedEnd],
      );
      return id;
    }
    const editor = (id: string): Claims => ({ sub: 'editeur-dui', role: 'API_CLIENT', organismes: [], regionCode: null, departements: [], scopes: [measurementScope(id)] });
    const record = async (id: string, month: string, items: Record<string, unknown>[], claims: Claims = editor(id)) => {
      const res = await q(RECORD, { id, month, items }, claims);
      expect(res.errors).toBeUndefined();
      return res.data.recordMeasurements;
    };
    const outbox = async (id: string) =>
      (await db.dataSource.query(`SELECT payload FROM webhook_delivery WHERE candidature_id = $1 AND event = 'USAGE_TARGET_MISSED' ORDER BY created_at`, [id])).map((r: any) => r.payload.data);

    it('sends one signed delivery when a due month misses a target, none when reached, none twice', async () => {
      const target = await receiver([200]);
      servers.push(target.server);
      const { secret, subscription } = (await q(CREATE, { input: { url: target.url, events: ['USAGE_TARGET_MISSED'] } })).data.createWebhookSubscription;
      const id = await fundedProject();

      // Before the expected end the targets are not due: a low DMP emits nothing.
      await record(id, beforeEnd, [{ finess: A, ...REACHED, dmpFed: 40 }]);
      // A due month: A misses DMP (52 % for 70 %), B reaches every target.
      expect(await record(id, afterEnd, [{ finess: A, ...REACHED, dmpFed: 52 }, { finess: B, ...REACHED }])).toEqual({ created: 2, corrected: 0, unchanged: 0 });
      await dispatchDueDeliveries(db.dataSource);
      expect(target.received).toHaveLength(1);
      const [hit] = target.received;
      const [log] = (await q(DELIVERIES, { id: subscription.id })).data.webhookDeliveries;
      expect(log).toMatchObject({ event: 'USAGE_TARGET_MISSED', candidatureId: id, status: 'DELIVERED', attempts: 1 });
      expect(hit.headers['x-esms-event']).toBe('USAGE_TARGET_MISSED');
      expect(hit.headers['x-esms-delivery']).toBe(log.id);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hit.headers['x-esms-signature'])) ?? [];
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${hit.body}`).digest('hex'));
      const body = JSON.parse(hit.body);
      expect(body).toEqual({ id: log.id, event: 'USAGE_TARGET_MISSED', occurredAt: expect.any(String), data: {
        candidatureId: id, reference: `WH-${id.slice(0, 8)}`, pivotRegion: '28', action: 'usage_target_missed', fromState: 'IN_DEPLOYMENT', toState: 'IN_DEPLOYMENT',
        finess: A, month: afterEnd, periodFrom: `${afterEnd}-01`, periodTo: expect.stringMatching(new RegExp(`^${afterEnd}-\\d{2}$`)), expectedEnd,
        indicator: 'DMP', expectedRate: 70, measuredRate: 52,
      } });
      expect(hit.body).not.toContain('editeur-dui'); // no actor, no personal data

      // A correction that still misses, one that reaches, one that misses again: the (ESSMS, target, month) was told once.
      for (const dmpFed of [60, 75, 50]) expect((await record(id, afterEnd, [{ finess: A, ...REACHED, dmpFed }])).corrected).toBe(1);
      // …also through the porteur's form: nothing new either.
      const porteur = testClaims.porteur([EJ], 'porteur-x');
      expect((await record(id, afterEnd, [{ finess: A, ...REACHED, dmpFed: 51 }], porteur)).corrected).toBe(1);
      await dispatchDueDeliveries(db.dataSource);
      expect(target.received).toHaveLength(1);
      expect((await outbox(id)).map((d: any) => [d.finess, d.month, d.indicator])).toEqual([[A, afterEnd, 'DMP']]);

      // Another target of the same month (B's agenda 80 of 95 → 84.2 %) is a new (ESSMS, target, month): told once.
      await record(id, afterEnd, [{ finess: B, ...REACHED, activeDossiersWithAgendaEvent: 80 }], porteur);
      await dispatchDueDeliveries(db.dataSource);
      expect(target.received).toHaveLength(2);
      expect(JSON.parse(target.received[1].body).data).toMatchObject({ finess: B, month: afterEnd, indicator: 'AGENDA', expectedRate: 90, measuredRate: 84.2 });
      const history: any[] = await db.dataSource.query(`SELECT actor_role, details FROM candidature_event WHERE candidature_id = $1 AND action = 'usage_target_missed' ORDER BY id`, [id]);
      expect(history.map((h) => [h.actor_role, h.details.finess, h.details.indicator])).toEqual([['API_CLIENT', A, 'DMP'], ['PORTEUR', B, 'AGENDA']]);
    });

    it('a failing outbox insert refuses the measurement itself (same transaction): nothing stored', async () => {
      const id = await fundedProject();
      await db.dataSource.query(`ALTER TABLE webhook_delivery ADD CONSTRAINT test_refuse_missed CHECK (event <> 'USAGE_TARGET_MISSED') NOT VALID`);
      try {
        const res = await q(RECORD, { id, month: afterEnd, items: [{ finess: A, ...REACHED, dmpFed: 10 }] }, editor(id));
        expect(res.errors?.[0]?.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
      } finally {
        await db.dataSource.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT test_refuse_missed`);
      }
      expect(await db.dataSource.query(`SELECT 1 FROM usage_measurement WHERE candidature_id = $1`, [id])).toEqual([]);
      expect(await db.dataSource.query(`SELECT action FROM candidature_event WHERE candidature_id = $1`, [id])).toEqual([]);
      // the same write, once the outbox accepts it, is stored with its event
      await record(id, afterEnd, [{ finess: A, ...REACHED, dmpFed: 10 }]);
      expect((await outbox(id)).map((d: any) => [d.finess, d.indicator, d.measuredRate])).toEqual([[A, 'DMP', 10]]);
    });

    it('a project without an expected end (national desk) never misses; other events carry no extra data', async () => {
      const id = await fundedProject();
      await db.dataSource.query(`UPDATE convention SET duration_months = NULL, expected_end = NULL WHERE candidature_id = $1`, [id]);
      await record(id, afterEnd, [{ finess: A, ...REACHED, dmpFed: 0 }]);
      expect(await outbox(id)).toEqual([]);
      expect(await db.dataSource.query(`SELECT 1 FROM candidature_event WHERE candidature_id = $1 AND action = 'usage_target_missed'`, [id])).toEqual([]);
      // with an expected end, the same counts miss
      await db.dataSource.query(`UPDATE convention SET duration_months = 9, expected_end = $2 WHERE candidature_id = $1`, [id, expectedEnd]);
      await record(id, afterEnd, [{ finess: B, ...REACHED, dmpFed: 0 }]);
      expect((await outbox(id)).map((d: any) => [d.finess, d.indicator, d.measuredRate])).toEqual([[B, 'DMP', 0]]);
      const [submitted] = await db.dataSource.query(`SELECT payload FROM webhook_delivery WHERE event = 'CANDIDATURE_SUBMITTED' LIMIT 1`);
      expect(Object.keys(submitted.payload.data).sort()).toEqual(['action', 'candidatureId', 'fromState', 'pivotRegion', 'reference', 'toState']);
    });
  });

  it('is managed by the CNSA or a webhooks:manage token (its regions only); refuses non-HTTPS and private targets in production', async () => {
    expect((await q(CREATE, { input: { url: 'https://example.org/h', events: ['DECISION_RECORDED'] } }, apiClient(['files:read:28']))).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await q(CREATE, { input: { url: 'https://example.org/h', events: ['DECISION_RECORDED'] } }, testClaims.instructeur('28'))).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const target = await receiver([200]);
    servers.push(target.server);
    const paca = apiClient(['webhooks:manage', 'files:read:93']);
    const created = (await q(CREATE, { input: { url: target.url, events: ['CANDIDATURE_SUBMITTED'] } }, paca)).data.createWebhookSubscription;
    expect(created.subscription.regions).toEqual(['93']);
    await submit(await newDraft('28'));
    const pacaFile = await newDraft('93');
    await submit(pacaFile);
    const log = (await q(DELIVERIES, { id: created.subscription.id }, paca)).data.webhookDeliveries;
    expect(log.map((d: any) => d.candidatureId)).toEqual([pacaFile]);
    // another client's subscription: same answer as non-existent
    expect((await q(DELIVERIES, { id: created.subscription.id }, apiClient(['webhooks:manage']))).errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    delete process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'];
    try {
      for (const url of ['http://example.org/h', 'https://127.0.0.1/h', 'https://10.1.2.3/h', 'https://[::1]/h', 'https://169.254.169.254/latest', 'https://localhost/h']) {
        const refused = await q(CREATE, { input: { url, events: ['CANDIDATURE_SUBMITTED'] } });
        expect([url, refused.errors?.[0]?.extensions?.['code']]).toEqual([url, 'BAD_USER_INPUT']);
      }
    } finally {
      process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'] = '1';
    }
  });
});

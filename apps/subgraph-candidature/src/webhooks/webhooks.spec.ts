import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { insertEvent } from '../candidatures/candidature.repository';
import { definition, entities, migrations } from '../subgraph';
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

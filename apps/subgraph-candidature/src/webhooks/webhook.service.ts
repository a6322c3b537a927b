import { badInput, forbidden, notFound, type Claims, type Logger, type SubgraphContext } from '@esms/server-kit';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { DataSource } from 'typeorm';
import { fileReadRegions } from '../authorization/candidature-scope';
import { WEBHOOK_EVENTS } from './webhook-outbox';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const WEBHOOK_SCOPE = 'webhooks:manage';
/** Deliveries are retried with exponential backoff: 30 s, 1 min, 2 min… capped at 1 h, at most MAX_ATTEMPTS times. */
export const MAX_ATTEMPTS = 8;
/** A subscription is deactivated after this many consecutive failed attempts (any delivery). */
export const MAX_CONSECUTIVE_FAILURES = 10;
export const backoffMs = (attempts: number, baseMs = 30_000) => Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);

const allowLocal = () => process.env['ESMS_WEBHOOKS_ALLOW_LOCAL'] === '1';

/** CNSA, or an API client with `webhooks:manage`; the others get FORBIDDEN. */
export function webhookManager(ctx: SubgraphContext): Claims {
  const c = ctx.claims;
  if (c.role === 'CNSA' && c.sub) return c;
  if (c.role === 'API_CLIENT' && c.sub && (c.scopes ?? []).includes(WEBHOOK_SCOPE)) return c;
  throw forbidden('Les abonnements webhooks sont gérés par la CNSA ou avec un jeton d’API portant la permission webhooks:manage.');
}

function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 6) {
    const v = ip.toLowerCase();
    if (v === '::1' || v === '::' || v.startsWith('fc') || v.startsWith('fd') || v.startsWith('fe80')) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
    return mapped ? isPrivateAddress(mapped[1]) : false;
  }
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

/**
 * SSRF guard: HTTPS only, and a host that resolves to public addresses only — unless ESMS_WEBHOOKS_ALLOW_LOCAL=1
 * (tests, development), which admits http:// and 127.0.0.1. Checked at registration and before each delivery.
 */
export async function checkWebhookUrl(raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput('Adresse de webhook invalide : indiquez une URL complète, par exemple https://exemple.fr/esms/webhooks.', { field: 'url' });
  }
  if (url.username || url.password) throw badInput("L'adresse du webhook ne doit pas contenir d'identifiants.", { field: 'url' });
  if (allowLocal()) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput('Le webhook doit être une adresse http(s).', { field: 'url' });
    return url;
  }
  if (url.protocol !== 'https:') throw badInput('Le webhook doit être une adresse HTTPS.', { field: 'url' });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (!addresses.length) throw badInput("L'adresse du webhook ne se résout pas : vérifiez le nom d'hôte.", { field: 'url' });
  if (addresses.some(isPrivateAddress)) throw badInput("L'adresse du webhook doit être publique (adresses privées, locales et de lien refusées).", { field: 'url' });
  return url;
}

export interface SubscriptionRow {
  id: string;
  ownerId: string;
  ownerRole: string;
  url: string;
  events: string[];
  regions: string[] | null;
  active: boolean;
  consecutiveFailures: number;
  deactivatedAt: Date | null;
  createdAt: Date;
}

const mapSubscription = (r: any): SubscriptionRow => ({
  id: r.id,
  ownerId: r.owner_id,
  ownerRole: r.owner_role,
  url: r.url,
  events: r.events,
  regions: r.regions ?? null,
  active: r.active,
  consecutiveFailures: Number(r.consecutive_failures),
  deactivatedAt: r.deactivated_at ? new Date(r.deactivated_at) : null,
  createdAt: new Date(r.created_at),
});

export async function createSubscription(ctx: SubgraphContext, input: { url: string; events: string[] }): Promise<{ secret: string; subscription: SubscriptionRow }> {
  const owner = webhookManager(ctx);
  const url = await checkWebhookUrl(String(input.url ?? '').trim());
  const events = [...new Set(input.events ?? [])];
  if (!events.length || events.some((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e))) {
    throw badInput(`Choisissez au moins un événement parmi ${WEBHOOK_EVENTS.join(', ')}.`, { field: 'events' });
  }
  // An API client only hears about the files it may read (its files:read:<region> scopes); the CNSA about all.
  const regions = owner.role === 'API_CLIENT' ? fileReadRegions(owner) : null;
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  const rows: any[] = await ctx.db.query(
    `INSERT INTO webhook_subscription (id, owner_id, owner_role, url, events, regions, secret) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [id, owner.sub, owner.role, url.toString(), events, regions, secret],
  );
  return { secret, subscription: mapSubscription(rows[0]) };
}

/** The caller's subscriptions (the CNSA sees all); another owner's answers NOT_FOUND. */
export async function listSubscriptions(ctx: SubgraphContext): Promise<SubscriptionRow[]> {
  const owner = webhookManager(ctx);
  const rows: any[] =
    owner.role === 'CNSA'
      ? await ctx.db.query(`SELECT * FROM webhook_subscription ORDER BY created_at DESC`)
      : await ctx.db.query(`SELECT * FROM webhook_subscription WHERE owner_id = $1 ORDER BY created_at DESC`, [owner.sub]);
  return rows.map(mapSubscription);
}

export async function ownedSubscription(ctx: SubgraphContext, id: string): Promise<SubscriptionRow> {
  const owner = webhookManager(ctx);
  const rows: any[] = /^[0-9a-f-]{36}$/i.test(id) ? await ctx.db.query(`SELECT * FROM webhook_subscription WHERE id = $1`, [id]) : [];
  const row = rows[0] ? mapSubscription(rows[0]) : null;
  if (!row || (owner.role !== 'CNSA' && row.ownerId !== owner.sub)) throw notFound("Cet abonnement n'existe pas ou vous n'y avez pas accès.");
  return row;
}

export async function setSubscriptionActive(ctx: SubgraphContext, id: string, active: boolean): Promise<SubscriptionRow> {
  await ownedSubscription(ctx, id);
  const rows: any[] = await ctx.db.query(
    `UPDATE webhook_subscription SET active = $2, consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures END,
       deactivated_at = CASE WHEN $2 THEN NULL ELSE now() END WHERE id = $1 RETURNING *`,
    [id, active],
  );
  const updated = Array.isArray(rows[0]) ? rows[0] : rows;
  return mapSubscription(updated[0]);
}

export async function deleteSubscription(ctx: SubgraphContext, id: string): Promise<boolean> {
  await ownedSubscription(ctx, id);
  await ctx.db.query(`DELETE FROM webhook_subscription WHERE id = $1`, [id]);
  return true;
}

export async function listDeliveries(ctx: SubgraphContext, subscriptionId: string, limit: number) {
  await ownedSubscription(ctx, subscriptionId);
  const rows: any[] = await ctx.db.query(`SELECT * FROM webhook_delivery WHERE subscription_id = $1 ORDER BY created_at DESC LIMIT $2`, [
    subscriptionId,
    Math.min(Math.max(limit, 1), 200),
  ]);
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    event: r.event,
    candidatureId: r.candidature_id,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
    createdAt: new Date(r.created_at),
    lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at) : null,
    nextAttemptAt: r.status === 'PENDING' ? new Date(r.next_attempt_at) : null,
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Delivery

/** `X-ESMS-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signPayload(secret: string, body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

export interface DispatchOptions {
  logger?: Logger;
  baseBackoffMs?: number;
  timeoutMs?: number;
  maxConsecutiveFailures?: number;
  maxAttempts?: number;
  batch?: number;
}

/** Sends the due deliveries once (POST, signed); returns how many were attempted. */
export async function dispatchDueDeliveries(db: DataSource, options: DispatchOptions = {}): Promise<number> {
  const due: any[] = await db.query(
    `SELECT d.id, d.event, d.payload, d.attempts, s.id AS subscription_id, s.url, s.secret
       FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
      WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND s.active
      ORDER BY d.next_attempt_at LIMIT $1`,
    [options.batch ?? 50],
  );
  const deactivated = new Set<string>();
  for (const d of due) {
    if (deactivated.has(d.subscription_id)) continue;
    const body = JSON.stringify({ id: d.id, ...(typeof d.payload === 'string' ? JSON.parse(d.payload) : d.payload) });
    let error: string | null = null;
    let status: number | null = null;
    try {
      await checkWebhookUrl(d.url);
      const response = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ESMS-numerique-webhooks/1',
          'x-esms-event': d.event,
          'x-esms-delivery': d.id,
          'x-esms-signature': signPayload(d.secret, body),
        },
        body,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error ? e.message.slice(0, 300) : 'erreur inconnue';
    }
    const attempts = Number(d.attempts) + 1;
    if (!error) {
      await db.query(`UPDATE webhook_delivery SET status = 'DELIVERED', attempts = $2, last_status_code = $3, last_error = NULL, last_attempt_at = now(), delivered_at = now() WHERE id = $1`, [d.id, attempts, status]);
      await db.query(`UPDATE webhook_subscription SET consecutive_failures = 0 WHERE id = $1`, [d.subscription_id]);
      continue;
    }
    const giveUp = attempts >= (options.maxAttempts ?? MAX_ATTEMPTS);
    await db.query(
      `UPDATE webhook_delivery SET status = $2, attempts = $3, last_status_code = $4, last_error = $5, last_attempt_at = now(),
         next_attempt_at = now() + ($6::int * interval '1 millisecond') WHERE id = $1`,
      [d.id, giveUp ? 'FAILED' : 'PENDING', attempts, status, error, backoffMs(attempts, options.baseBackoffMs)],
    );
    const rows: any[] = await db.query(
      `UPDATE webhook_subscription SET consecutive_failures = consecutive_failures + 1,
         active = CASE WHEN consecutive_failures + 1 >= $2 THEN false ELSE active END,
         deactivated_at = CASE WHEN consecutive_failures + 1 >= $2 THEN now() ELSE deactivated_at END
       WHERE id = $1 RETURNING active`,
      [d.subscription_id, options.maxConsecutiveFailures ?? MAX_CONSECUTIVE_FAILURES],
    );
    const updated = Array.isArray(rows[0]) ? rows[0] : rows;
    if (updated[0] && !updated[0].active) deactivated.add(d.subscription_id);
    if (updated[0] && !updated[0].active) options.logger?.warn({ subscriptionId: d.subscription_id }, 'webhook subscription deactivated after repeated failures');
  }
  return due.length;
}

/** The background sender (every `intervalMs`); stop() when the server stops. */
export function startWebhookDispatcher(db: DataSource, options: DispatchOptions & { intervalMs?: number } = {}): { stop(): void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await dispatchDueDeliveries(db, options);
    } catch (error) {
      options.logger?.error({ err: error }, 'webhook dispatch failed');
    } finally {
      running = false;
    }
  }, options.intervalMs ?? 2000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { createLogger, type Logger } from './logger';
import { createMailer, type Mailer, type MailMessage } from './mailer';

/**
 * E-mail outbox (transactional): `enqueueEmail(m, …)` writes the message in the SAME transaction as the change
 * that causes it; `EmailOutboxDispatcher` sends due rows and marks them sent. At least once: a crash after the
 * SMTP accepted a message but before it is marked sent re-sends it with the SAME Message-ID
 * (`<id@esms-numerique>`), so the receiving side can dedupe; a crash never loses one (the row is committed with
 * the change, or neither is). Attachments are stored by reference (`storageKey`), read when sending.
 * Each subgraph adds the table with `OUTBOX_EMAIL_DDL` in one of its migrations.
 */
export const OUTBOX_EMAIL_DDL = [
  `CREATE TABLE outbox_email (
    id uuid PRIMARY KEY,
    to_address text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
    kind text,
    ref text,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    last_error text
  )`,
  `CREATE INDEX outbox_email_due ON outbox_email (next_attempt_at) WHERE sent_at IS NULL`,
  `CREATE UNIQUE INDEX outbox_email_kind_ref ON outbox_email (kind, ref) WHERE ref IS NOT NULL`,
];

export interface OutboxAttachmentRef {
  filename: string;
  contentType?: string;
  storageKey: string;
}

export interface OutboxEmail {
  to: string;
  subject: string;
  text: string;
  attachments?: OutboxAttachmentRef[];
  /** What it is (e.g. `submission_confirmation`) and for what (`<candidatureId>:<receipt>`): unique together. */
  kind?: string;
  ref?: string;
}

export const outboxMessageId = (id: string) => `<${id}@esms-numerique>`;

/**
 * A recipient known only by its account id (`account:<id>`), resolved to an address when the message is sent —
 * for changes made while the directory that knows the address does not answer: the message waits in the outbox
 * (retried with backoff) instead of being lost. See `EmailDispatcherOptions.resolveRecipient`.
 */
export const ACCOUNT_RECIPIENT = 'account:';
export const accountRecipient = (accountId: string) => `${ACCOUNT_RECIPIENT}${accountId}`;

let mailerOverride: Mailer | null = null;
/** Tests may route every outbox dispatcher built without a mailer to this one (null: back to `createMailer()`). */
export function setOutboxMailer(mailer: Mailer | null): void {
  mailerOverride = mailer;
}

/** Polling interval of the e-mail outboxes: `ESMS_OUTBOX_INTERVAL_MS` (crash tests set it long), default 2 s. */
export function outboxIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env['ESMS_OUTBOX_INTERVAL_MS']);
  return Number.isFinite(value) && value > 0 ? value : 2000;
}

export async function enqueueEmail(m: EntityManager | DataSource, email: OutboxEmail, id: string = randomUUID()): Promise<string> {
  await m.query(
    `INSERT INTO outbox_email (id, to_address, subject, body, attachments, kind, ref) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
    [id, email.to, email.subject, email.text, JSON.stringify(email.attachments ?? []), email.kind ?? null, email.ref ?? null],
  );
  return id;
}

/** Like `enqueueEmail`, but a message of the same `kind` and `ref` already in the outbox is kept as is: false then. */
export async function enqueueEmailOnce(m: EntityManager | DataSource, email: OutboxEmail & { kind: string; ref: string }, id: string = randomUUID()): Promise<boolean> {
  const rows: unknown = await m.query(
    `INSERT INTO outbox_email (id, to_address, subject, body, attachments, kind, ref) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
     ON CONFLICT (kind, ref) WHERE ref IS NOT NULL DO NOTHING RETURNING id`,
    [id, email.to, email.subject, email.text, JSON.stringify(email.attachments ?? []), email.kind, email.ref],
  );
  const inserted = Array.isArray(rows) && Array.isArray(rows[0]) ? rows[0] : rows;
  return Array.isArray(inserted) && inserted.length > 0;
}

export interface EmailDispatcherOptions {
  mailer?: Mailer;
  /** Reads an attachment by storage key (null: missing — the message waits and is retried). */
  readAttachment?: (storageKey: string) => Promise<Buffer | null>;
  /**
   * Resolves an `account:<id>` recipient to an e-mail address when sending. Throwing (directory down) retries later;
   * null (no such account, or no address) sets the message aside for good (`last_error`, never retried).
   */
  resolveRecipient?: (accountId: string) => Promise<string | null>;
  intervalMs?: number;
  batchSize?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  logger?: Logger;
}

/* eslint-disable @typescript-eslint/no-explicit-any */

export class EmailOutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;
  private readonly logger: Logger;

  constructor(
    private readonly db: DataSource,
    private readonly options: EmailDispatcherOptions = {},
  ) {
    this.logger = options.logger ?? createLogger('outbox-email');
  }

  /** Sends the due messages once (no transaction held while sending); returns how many were sent. */
  dispatchOnce(): Promise<number> {
    // Runs are serialised in the process (a row is never sent by two overlapping runs); each call gets a run that
    // starts after its commit, so what it committed is sent.
    const next: Promise<number> = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.run());
    this.running = next;
    void next.finally(() => {
      if (this.running === next) this.running = null;
    }).catch(() => undefined);
    return next;
  }

  private async run(): Promise<number> {
    const mailer = this.options.mailer ?? mailerOverride ?? createMailer();
    const rows: any[] = await this.db.query(
      `SELECT * FROM outbox_email WHERE sent_at IS NULL AND next_attempt_at <= now() ORDER BY created_at LIMIT $1`,
      [this.options.batchSize ?? 50],
    );
    let sent = 0;
    for (const row of rows) {
      try {
        const refs: OutboxAttachmentRef[] = typeof row.attachments === 'string' ? JSON.parse(row.attachments) : row.attachments ?? [];
        const attachments: NonNullable<MailMessage['attachments']> = [];
        for (const ref of refs) {
          const content = this.options.readAttachment ? await this.options.readAttachment(ref.storageKey) : null;
          if (!content) throw new Error(`attachment ${ref.storageKey} not available yet`);
          attachments.push({ filename: ref.filename, content, contentType: ref.contentType });
        }
        const to = await this.recipientOf(String(row.to_address));
        if (to === null) {
          this.logger.warn({ outbox: row.id, to: row.to_address }, 'e-mail set aside: the account has no address');
          await this.db.query(`UPDATE outbox_email SET attempts = attempts + 1, last_error = $2, next_attempt_at = 'infinity' WHERE id = $1`, [
            row.id,
            `no e-mail address for ${row.to_address}`,
          ]);
          continue;
        }
        await mailer.send({ to, subject: row.subject, text: row.body, messageId: outboxMessageId(String(row.id)), ...(attachments.length ? { attachments } : {}) });
        await this.db.query(`UPDATE outbox_email SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [row.id]);
        sent++;
      } catch (error) {
        const attempts = Number(row.attempts) + 1;
        const delay = Math.min(this.options.maxDelayMs ?? 5 * 60_000, (this.options.baseDelayMs ?? 2000) * 2 ** (attempts - 1));
        this.logger.warn({ err: error, outbox: row.id, attempts }, 'e-mail not sent, will retry');
        await this.db.query(`UPDATE outbox_email SET attempts = $2, last_error = $3, next_attempt_at = now() + ($4 || ' milliseconds')::interval WHERE id = $1`, [
          row.id,
          attempts,
          String((error as Error)?.message ?? error).slice(0, 500),
          String(delay),
        ]);
      }
    }
    return sent;
  }

  private async recipientOf(to: string): Promise<string | null> {
    if (!to.startsWith(ACCOUNT_RECIPIENT)) return to;
    if (!this.options.resolveRecipient) throw new Error(`no resolver for the recipient ${to}`);
    return this.options.resolveRecipient(to.slice(ACCOUNT_RECIPIENT.length));
  }

  start(): this {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.dispatchOnce()
        .catch((err) => this.logger.error({ err }, 'outbox tick failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? outboxIntervalMs());
        });
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  /** Sends soon (after a commit) without waiting for the next tick. */
  kick(): void {
    if (!this.stopped) void this.dispatchOnce().catch((err) => this.logger.error({ err }, 'outbox kick failed'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }
}

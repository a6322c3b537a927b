import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { createLogger, type Logger } from '@esms/server-kit';

/**
 * Transactional outbox: a row is written in the SAME transaction as the change that produces it, then
 * delivered AT LEAST ONCE by the dispatcher (receivers apply idempotently by id). A failed delivery is
 * retried with exponential backoff until acknowledged. The dispatcher polls (started by main.ts) and is
 * also kicked right after a commit. No transaction is held open during a delivery (PGlite is one session).
 */
export type OutboxHandler = (payload: Record<string, unknown>, id: string) => Promise<void>;

export async function enqueue(m: EntityManager, topic: string, payload: Record<string, unknown>, id: string = randomUUID()): Promise<string> {
  await m.query(`INSERT INTO outbox (id, topic, payload) VALUES ($1, $2, $3::jsonb)`, [id, topic, JSON.stringify(payload)]);
  return id;
}

export interface DispatcherOptions {
  intervalMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  batchSize?: number;
  logger?: Logger;
}

export function backoffMs(attempts: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly logger: Logger;
  private readonly opts: Required<Omit<DispatcherOptions, 'logger'>>;

  constructor(
    private readonly db: DataSource,
    private readonly handlers: Record<string, OutboxHandler>,
    options: DispatcherOptions = {},
  ) {
    this.logger = options.logger ?? createLogger('grading-grid-outbox');
    this.opts = { intervalMs: options.intervalMs ?? 2000, baseDelayMs: options.baseDelayMs ?? 1000, maxDelayMs: options.maxDelayMs ?? 5 * 60_000, batchSize: options.batchSize ?? 20 };
  }

  start(): this {
    this.stopped = false;
    activeDispatchers.add(this);
    const tick = () => {
      if (this.stopped) return;
      this.kick()
        .catch((err) => this.logger.error({ err }, 'outbox tick failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.opts.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    activeDispatchers.delete(this);
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Delivers what is due now; concurrent kicks coalesce into one more pass. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.runOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** One pass over the due rows; returns the number delivered. */
  async runOnce(): Promise<number> {
    const rows = (await this.db.query(
      `SELECT id, topic, payload, attempts FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now() ORDER BY created_at, id LIMIT ${this.opts.batchSize}`,
    )) as { id: string; topic: string; payload: Record<string, unknown>; attempts: number }[];
    let delivered = 0;
    for (const row of rows) {
      if (this.stopped) break;
      const handler = this.handlers[row.topic];
      try {
        if (!handler) throw new Error(`no handler for topic ${row.topic}`);
        await handler(row.payload, row.id);
        await this.db.query(`UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [row.id]);
        delivered += 1;
      } catch (error) {
        const attempts = Number(row.attempts) + 1;
        const delay = backoffMs(attempts, this.opts.baseDelayMs, this.opts.maxDelayMs);
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn({ outboxId: row.id, topic: row.topic, attempts, retryInMs: delay, error: message }, 'outbox delivery failed, will retry');
        await this.db.query(`UPDATE outbox SET attempts = $2, next_attempt_at = now() + ($3::int * interval '1 millisecond'), last_error = $4 WHERE id = $1`, [
          row.id,
          attempts,
          delay,
          message.slice(0, 1000),
        ]);
      }
    }
    return delivered;
  }
}

const activeDispatchers = new Set<OutboxDispatcher>();

/** Called right after a commit that wrote outbox rows: deliver now rather than at the next poll. */
export function kickOutbox(): void {
  for (const d of activeDispatchers) void d.kick().catch(() => undefined);
}

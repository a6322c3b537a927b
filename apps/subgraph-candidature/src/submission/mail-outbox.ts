import { EmailOutboxDispatcher, type Logger } from '@esms/server-kit';
import type { DataSource } from 'typeorm';
import { accountEmail } from '../dialogue/dialogue-mail';
import { pieceStorage } from '../pieces/piece-storage';

/**
 * The candidature subgraph's e-mail outbox (server-kit `outbox_email`): rows are written in the transaction of the
 * change (submission, complement request…); this dispatcher sends them (polling, started by main.ts) and is kicked
 * after each commit. Attachments are read from the piece storage by key.
 */
const dispatchers = new WeakMap<DataSource, EmailOutboxDispatcher>();

export function mailOutbox(db: DataSource, logger?: Logger): EmailOutboxDispatcher {
  let d = dispatchers.get(db);
  if (!d) {
    // `account:<id>` recipients (queued while the annuaire did not answer) are resolved when sending.
    d = new EmailOutboxDispatcher(db, { readAttachment: (key) => pieceStorage().get(key), resolveRecipient: accountEmail, logger });
    dispatchers.set(db, d);
  }
  return d;
}

/** Sends what is due now (after a commit); a failure stays in the outbox for the next attempt. */
export async function flushMailOutbox(db: DataSource, logger?: Logger): Promise<void> {
  try {
    await mailOutbox(db, logger).dispatchOnce();
  } catch (error) {
    logger?.warn({ err: error }, 'outbox flush failed (the poller retries)');
  }
}

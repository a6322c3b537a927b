import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from './database';
import { createMailer } from './mailer';
import {
  accountRecipient,
  EmailOutboxDispatcher,
  enqueueEmail,
  enqueueEmailOnce,
  OUTBOX_EMAIL_DDL,
  outboxIntervalMs,
  outboxMessageId,
  setOutboxMailer,
} from './outbox-email';
import { openTestDatabase } from './testing';

jest.setTimeout(60_000);

/** A real SMTP server keeping what it receives; `refuse` makes it answer 451 (temporary failure). */
async function smtpCapture() {
  const received: ParsedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push(mail);
          callback();
        });
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return { received, state, url, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text;

describe('e-mail outbox (server-kit outbox_email)', () => {
  let db: Database;
  let smtp: Awaited<ReturnType<typeof smtpCapture>>;
  let dispatcher: EmailOutboxDispatcher;
  const row = async (id: string) => (await db.dataSource.query(`SELECT * FROM outbox_email WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    db = await openTestDatabase({ name: 'outbox_email', entities: [], migrations: [] });
    for (const ddl of OUTBOX_EMAIL_DDL) await db.dataSource.query(ddl);
    smtp = await smtpCapture();
    dispatcher = new EmailOutboxDispatcher(db.dataSource, {
      mailer: createMailer(smtp.url),
      baseDelayMs: 60_000,
      resolveRecipient: async (accountId) => {
        if (accountId === 'directory-down') throw new Error('annuaire injoignable');
        return accountId === 'known' ? 'known@example.fr' : null;
      },
    });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await smtp?.stop();
    await db?.close();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.state.refuse = false;
    await db.dataSource.query(`DELETE FROM outbox_email`);
  });

  it('a message enqueued in a transaction that rolls back is never sent', async () => {
    await expect(
      db.dataSource.transaction(async (m) => {
        await enqueueEmail(m, { to: 'rollback@example.fr', subject: 'Jamais', text: 'x' });
        throw new Error('the change fails after the enqueue');
      }),
    ).rejects.toThrow('the change fails');
    expect(await dispatcher.dispatchOnce()).toBe(0);
    expect(await db.dataSource.query(`SELECT count(*)::int AS n FROM outbox_email`)).toEqual([{ n: 0 }]);
    expect(smtp.received).toHaveLength(0);
  });

  it('a committed message leaves once, with the Message-ID of its row, and is marked sent', async () => {
    const id = await db.dataSource.transaction((m) => enqueueEmail(m, { to: 'once@example.fr', subject: 'Une fois', text: 'Bonjour', kind: 'test', ref: 'r1' }));
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(await dispatcher.dispatchOnce()).toBe(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].messageId).toBe(outboxMessageId(id));
    expect(toOf(smtp.received[0])).toBe('once@example.fr');
    expect((await row(id)).sent_at).not.toBeNull();
  });

  it('a refused delivery stays in the outbox with its error and a later attempt, then leaves', async () => {
    const id = await enqueueEmail(db.dataSource, { to: 'retry@example.fr', subject: 'Réessai', text: 'x' });
    smtp.state.refuse = true;
    expect(await dispatcher.dispatchOnce()).toBe(0);
    const failed = await row(id);
    expect(failed).toMatchObject({ sent_at: null, attempts: 1 });
    expect(failed.last_error).toMatch(/451|try again/);
    expect(new Date(failed.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await dispatcher.dispatchOnce()).toBe(0); // not due yet
    smtp.state.refuse = false;
    await db.dataSource.query(`UPDATE outbox_email SET next_attempt_at = now() WHERE id = $1`, [id]);
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(smtp.received.map((m) => m.messageId)).toEqual([outboxMessageId(id)]);
  });

  it('account recipients are resolved when sending: resolved, retried while the directory is down, set aside without an address', async () => {
    const known = await enqueueEmail(db.dataSource, { to: accountRecipient('known'), subject: 'Compte connu', text: 'x' });
    const down = await enqueueEmail(db.dataSource, { to: accountRecipient('directory-down'), subject: 'Annuaire injoignable', text: 'x' });
    const none = await enqueueEmail(db.dataSource, { to: accountRecipient('no-address'), subject: 'Sans adresse', text: 'x' });
    expect(await dispatcher.dispatchOnce()).toBe(1);
    expect(smtp.received.map(toOf)).toEqual(['known@example.fr']);
    expect(await row(known)).toMatchObject({ to_address: 'account:known' });
    expect((await row(down)).last_error).toMatch(/annuaire injoignable/);
    expect((await row(down)).sent_at).toBeNull();
    const aside = await row(none);
    expect(aside.sent_at).toBeNull();
    expect(aside.last_error).toMatch(/no e-mail address/);
    expect(String(aside.next_attempt_at)).toMatch(/infinity/i);
    await db.dataSource.query(`UPDATE outbox_email SET next_attempt_at = now() WHERE id = $1`, [down]);
    expect(await dispatcher.dispatchOnce()).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('enqueueEmailOnce keeps the first message of a kind and ref', async () => {
    const email = { to: 'dedupe@example.fr', subject: 'Premier', text: 'x', kind: 'decision_letter', ref: 'decision-1' };
    expect(await enqueueEmailOnce(db.dataSource, email)).toBe(true);
    expect(await enqueueEmailOnce(db.dataSource, { ...email, subject: 'Second' })).toBe(false);
    expect(await db.dataSource.query(`SELECT subject FROM outbox_email`)).toEqual([{ subject: 'Premier' }]);
  });

  it('a dispatcher built without a mailer uses the test mailer set by setOutboxMailer', async () => {
    const plain = new EmailOutboxDispatcher(db.dataSource);
    setOutboxMailer(createMailer(smtp.url));
    try {
      await enqueueEmail(db.dataSource, { to: 'override@example.fr', subject: 'Par le mailer de test', text: 'x' });
      expect(await plain.dispatchOnce()).toBe(1);
      expect(smtp.received.map(toOf)).toEqual(['override@example.fr']);
    } finally {
      setOutboxMailer(null);
    }
  });

  it('reads its polling interval from ESMS_OUTBOX_INTERVAL_MS', () => {
    expect(outboxIntervalMs({})).toBe(2000);
    expect(outboxIntervalMs({ ESMS_OUTBOX_INTERVAL_MS: '3600000' })).toBe(3_600_000);
    expect(outboxIntervalMs({ ESMS_OUTBOX_INTERVAL_MS: 'abc' })).toBe(2000);
  });
});

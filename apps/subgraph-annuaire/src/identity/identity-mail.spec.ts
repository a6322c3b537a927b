import { createMailer, outboxMessageId, REDACTED_PATHS } from '@esms/server-kit';
import { querySubgraph, testClaims } from '@esms/server-kit/testing';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { startAnnuaireForTest, type AnnuaireTestServer } from '../demo/start-for-tests';
import { SENT_BODY_PLACEHOLDER } from '../migrations/1767225600200-outbox-email';
import { identityMailOutbox } from './identity-mail';
import { configureIdentity, SIGN_UP_MESSAGE } from './identity.service';

jest.setTimeout(60_000);

/** A real SMTP server keeping what it receives; `refuse` makes it answer 451 (temporary failure) and counts it. */
async function smtpCapture() {
  const received: ParsedMail[] = [];
  const state = { refuse: false, refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) {
          state.refused++;
          return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
        }
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

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text;
const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)?.[1];

interface OutboxRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  kind: string;
  ref: string | null;
  attempts: number;
  sent_at: Date | null;
  last_error: string | null;
}

describe('account e-mails through the outbox (annuaire)', () => {
  let server: AnnuaireTestServer;
  let smtp: Awaited<ReturnType<typeof smtpCapture>>;
  const logs: string[] = [];
  const rowsTo = async (to: string): Promise<OutboxRow[]> =>
    server.db.dataSource.query(`SELECT * FROM outbox_email WHERE to_address = $1 ORDER BY created_at`, [to]);
  const mailsTo = (to: string) => smtp.received.filter((m) => toOf(m) === to);
  const gql = <T>(query: string, variables: Record<string, unknown>) => querySubgraph<T>(server.subgraph.url, query, variables, testClaims.public());
  const signUp = (email: string) =>
    gql<{ signUp: { ok: boolean; message: string } }>('mutation($input: SignUpInput!) { signUp(input: $input) { ok message } }', {
      input: { email, password: 'un mot de passe solide', displayName: 'Camille Durand' },
    });
  const requestReset = (email: string) => gql<{ requestPasswordReset: boolean }>('mutation($email: String!) { requestPasswordReset(email: $email) }', { email });

  beforeAll(async () => {
    smtp = await smtpCapture();
    configureIdentity({ mailer: createMailer(smtp.url) });
    server = await startAnnuaireForTest();
    // The poller of main.ts, with short delays; its logs go through the same redaction as the services' logger.
    const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[masqué]' } }, { write: (line: string) => void logs.push(line) });
    identityMailOutbox(server.db.dataSource, { logger, intervalMs: 50, baseDelayMs: 200, maxDelayMs: 400 }).start();
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });
  beforeEach(() => {
    smtp.state.refuse = false;
  });

  it('an SMTP refusal then a success delivers exactly one activation e-mail; the answer and the logs do not change', async () => {
    const email = 'refus.smtp@exemple.fr';
    smtp.state.refuse = true;
    const refusedBefore = smtp.state.refused;
    const answer = await signUp(email);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.signUp).toEqual({ ok: true, message: SIGN_UP_MESSAGE });

    // refused by the SMTP server, then recorded on the row (after the SMTP answer reached the dispatcher)
    await waitFor('a refused attempt', () => smtp.state.refused > refusedBefore);
    await waitFor('the failure recorded', async () => (await rowsTo(email))[0]?.last_error != null);
    const [pending] = await rowsTo(email);
    expect(pending).toMatchObject({ kind: 'account_activation', sent_at: null });
    expect(pending?.last_error).toMatch(/451|try again/);
    const token = tokenIn(pending?.body ?? '', '/activation') as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // the row points at its token row (ref), which stores only the hash
    const [tokenRow] = await server.db.dataSource.query(`SELECT token_hash FROM account_token WHERE id = $1`, [pending?.ref]);
    expect(tokenRow.token_hash).not.toContain(token);
    expect(mailsTo(email)).toHaveLength(0);

    smtp.state.refuse = false;
    await waitFor('the activation e-mail', () => mailsTo(email).length > 0);
    await identityMailOutbox(server.db.dataSource).dispatchOnce();
    await new Promise((r) => setTimeout(r, 300)); // a few more poller ticks: nothing more is sent
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('ESMS numérique — activez votre compte');
    expect(mails[0]?.messageId).toBe(outboxMessageId(String(pending?.id)));
    expect(tokenIn(mails[0]?.text ?? '', '/activation')).toBe(token);

    // sent: marked once, its body (the one-time link) erased; the retries were logged without the link
    const [sent] = await rowsTo(email);
    expect(sent?.sent_at).not.toBeNull();
    expect(sent?.last_error).toBeNull();
    expect(sent?.body).toBe(SENT_BODY_PLACEHOLDER);
    expect(logs.join('\n')).toContain('will retry');
    expect(logs.join('\n')).not.toContain(token);

    const activated = await gql<{ activateAccount: boolean }>('mutation($token: String!) { activateAccount(token: $token) }', { token });
    expect(activated.data).toEqual({ activateAccount: true });
  });

  it('a sign-up whose transaction fails at commit answers an error and neither creates the account nor sends an e-mail', async () => {
    const email = 'commit.impossible@exemple.fr';
    // A deferred constraint trigger: checked at COMMIT, after the account, the token and the e-mail row were written.
    await server.db.dataSource.query(`
      CREATE FUNCTION refuse_doomed_account() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.email = '${email}' THEN RAISE EXCEPTION 'commit refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await server.db.dataSource.query(`
      CREATE CONSTRAINT TRIGGER refuse_doomed_account AFTER INSERT ON account DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION refuse_doomed_account()`);
    try {
      const answer = await signUp(email);
      expect(answer.errors?.length).toBeGreaterThan(0);
      expect(answer.data?.signUp ?? null).toBeNull();
      await identityMailOutbox(server.db.dataSource).dispatchOnce();
      await new Promise((r) => setTimeout(r, 300)); // a few poller ticks
      expect(await rowsTo(email)).toEqual([]);
      expect(await server.db.dataSource.query(`SELECT id FROM account WHERE email = $1`, [email])).toEqual([]);
      expect(mailsTo(email)).toHaveLength(0);
    } finally {
      await server.db.dataSource.query(`DROP TRIGGER refuse_doomed_account ON account`);
      await server.db.dataSource.query(`DROP FUNCTION refuse_doomed_account()`);
    }
  });

  it('a password reset answers the same for a known and an unknown address even when the SMTP server refuses; the link follows', async () => {
    const known = 'reinit.connu@exemple.fr';
    await signUp(known);
    await waitFor('the activation e-mail', () => mailsTo(known).length === 1);

    smtp.state.refuse = true;
    const forKnown = await requestReset(known);
    const forUnknown = await requestReset('reinit.inconnu@exemple.fr');
    expect(forKnown).toEqual(forUnknown);
    expect(forKnown.errors).toBeUndefined();
    expect(forKnown.data).toEqual({ requestPasswordReset: true });
    expect(await rowsTo('reinit.inconnu@exemple.fr')).toEqual([]);
    await waitFor('a refused reset e-mail', async () => (await rowsTo(known)).some((r) => r.kind === 'password_reset' && r.attempts > 0));

    smtp.state.refuse = false;
    await waitFor('the reset e-mail', () => mailsTo(known).length === 2);
    const mail = mailsTo(known)[1];
    expect(mail?.subject).toBe('ESMS numérique — réinitialisation de votre mot de passe');
    const token = tokenIn(mail?.text ?? '', '/reinitialisation') as string;
    const reset = await gql<{ resetPassword: boolean }>('mutation($token: String!, $password: String!) { resetPassword(token: $token, password: $password) }', {
      token,
      password: 'un tout nouveau mot de passe',
    });
    expect(reset.data).toEqual({ resetPassword: true });
  });
});

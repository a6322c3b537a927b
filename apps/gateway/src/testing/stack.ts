/**
 * Test harness: real subgraph processes (`node -r @swc-node/register apps/<x>/src/main.ts`, the gateway
 * cannot import the subgraph apps), a real SMTP server, and the gateway in-process.
 */
import { ensureTestSecret } from '@esms/server-kit/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { startGateway, type GatewayOptions, type RunningGateway } from '../server';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface SubgraphProcess {
  name: string;
  baseUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** The process's output, for diagnosis. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `apps/<app>/src/main.ts` on a free port with a throwaway data folder; resolves when /health answers. */
export async function startSubgraphProcess(
  name: string,
  app: string,
  env: Record<string, string | undefined> = {},
  timeoutMs = 120_000,
): Promise<SubgraphProcess> {
  ensureTestSecret();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `esms-${name}-`));
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // the child uses its own PGlite database, never a test PostgreSQL URL, and no jest flags
    if (value !== undefined && !key.startsWith('DATABASE_URL') && key !== 'NODE_OPTIONS') childEnv[key] = value;
  }
  Object.assign(childEnv, {
    PORT: String(port),
    ESMS_DATA_DIR: dataDir,
    ESMS_OUTBOX_DIR: join(dataDir, 'outbox'),
    ESMS_GATEWAY_SECRET: process.env['ESMS_GATEWAY_SECRET'],
    SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    LOG_LEVEL: 'warn',
  });
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${app}/src/main.ts`], { cwd: WORKSPACE_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((done) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${name} stopped during start-up (code ${child.exitCode}):\n${output}`);
    }
    try {
      if ((await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${name} did not answer /health within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { name, baseUrl, dataDir, child, output: () => output, stop };
}

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Decoded text (quoted-printable undone, UTF-8). */
  text: string;
}

/** Decodes a quoted-printable message body (enough to read links and French text in tests). */
export function decodeMail(raw: string): string {
  const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server on a free port (no TLS, no auth) collecting the messages. */
export async function startSmtpServer(): Promise<{ url: string; mails: ReceivedMail[]; waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>; stop(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeMail(raw) });
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(predicate, timeoutMs = 15_000) {
      const started = Date.now();
      for (;;) {
        const found = mails.find(predicate);
        if (found) return found;
        if (Date.now() - started > timeoutMs) throw new Error('no matching e-mail received');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface TestStack {
  annuaire: SubgraphProcess;
  gateway: RunningGateway;
  smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  stop(): Promise<void>;
}

/** The annuaire (demo accounts, mails to a real SMTP server) behind an in-process gateway. */
export async function startTestStack(gatewayOptions: Partial<GatewayOptions> = {}): Promise<TestStack> {
  const smtp = await startSmtpServer();
  let annuaire: SubgraphProcess | undefined;
  try {
    annuaire = await startSubgraphProcess('annuaire', 'subgraph-annuaire', { ESMS_DEMO: '1', SMTP_URL: smtp.url, ESMS_PORTEUR_URL: 'http://127.0.0.1:4200' });
    const gateway = await startGateway({ subgraphs: [{ name: 'annuaire', url: annuaire.baseUrl }], ...gatewayOptions });
    const started = annuaire;
    return {
      annuaire: started,
      gateway,
      smtp,
      async stop() {
        await gateway.stop();
        await started.stop();
        await smtp.stop();
      },
    };
  } catch (error) {
    await annuaire?.stop();
    await smtp.stop();
    throw error;
  }
}

/** A browser-like client of the gateway: keeps the session cookie, sends the CSRF preflight header. */
export class GatewayClient {
  cookie: string | null = null;
  lastSetCookie: string | null = null;
  constructor(readonly baseUrl: string, readonly extraHeaders: Record<string, string> = {}) {}

  private remember(response: Response) {
    const setCookie = response.headers.get('set-cookie');
    if (!setCookie) return;
    this.lastSetCookie = setCookie;
    const [pair] = setCookie.split(';');
    const value = pair.slice(pair.indexOf('=') + 1);
    this.cookie = value ? pair : null;
  }

  async post(path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: Record<string, unknown> | null }> {
    const headers: Record<string, string> = { ...this.extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers['cookie'] = this.cookie;
    const response = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    this.remember(response);
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  async graphql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    const all: Record<string, string> = { 'content-type': 'application/json', 'apollo-require-preflight': 'true', ...this.extraHeaders, ...headers };
    if (this.cookie) all['cookie'] = this.cookie;
    const response = await fetch(`${this.baseUrl}/graphql`, { method: 'POST', headers: all, body: JSON.stringify({ query, variables }) });
    this.remember(response);
    const text = await response.text();
    const body = JSON.parse(text) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    return { status: response.status, text, ...body };
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The workspace root (this file is tools/stack/src/stack.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export const SUBGRAPHS = ['annuaire', 'candidature', 'grading-grid'] as const;
export const WEB_APPS = ['web-porteur', 'web-instructeur', 'web-cnsa'] as const;
export type ServiceName = (typeof SUBGRAPHS)[number] | 'gateway' | (typeof WEB_APPS)[number];

/** The fixed ports of `npm start` (README). Tests pass 0 to get free ports. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 4000,
  annuaire: 4001,
  candidature: 4002,
  'grading-grid': 4003,
  'web-porteur': 4200,
  'web-instructeur': 4201,
  'web-cnsa': 4202,
};

export interface StackOptions {
  /** Root data folder: one PGlite folder per subgraph, the e-mail outbox, the logs. */
  dataDir: string;
  /** Load the demo data (once) and the demo accounts. */
  demo: boolean;
  /** Ports per service; 0 = a free port. Defaults to DEFAULT_PORTS. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Also serve the three web apps (Vite). */
  webApps?: boolean;
  /** Extra environment for every process (SMTP_URL, DATABASE_URL_…, LOG_LEVEL…). */
  env?: Record<string, string | undefined>;
  /** Called when a process stops on its own (crash). */
  onExit?: (service: ServiceName, code: number | null) => void;
}

export interface RunningStack {
  urls: Record<ServiceName, string>;
  gatewayGraphqlUrl: string;
  outboxDir: string;
  logDir: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * One GET on a fresh connection (no keep-alive): a pooled fetch socket would outlive the server's
 * keep-alive timeout and fail the caller's next request with "other side closed".
 */
function answersOk(url: string): Promise<boolean> {
  return new Promise((done) => {
    const request = get(url, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      done((response.statusCode ?? 500) < 400);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => done(false));
  });
}

async function waitFor(url: string, child: ChildProcess, service: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`${service} stopped during start-up (exit code ${child.exitCode}); see its log.`);
    if (await answersOk(url)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service} did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s; see its log.`);
}

const ENTRY: Record<(typeof SUBGRAPHS)[number] | 'gateway', string> = {
  annuaire: 'apps/subgraph-annuaire/src/main.ts',
  candidature: 'apps/subgraph-candidature/src/main.ts',
  'grading-grid': 'apps/subgraph-grading-grid/src/main.ts',
  gateway: 'apps/gateway/src/main.ts',
};

/**
 * Starts the whole platform as separate processes, as in production: three subgraphs (each with its
 * own database), then the gateway composing them, then the web apps. Used by `npm start` and by the
 * end-to-end tests (with free ports and a temporary data folder).
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = resolve(options.dataDir);
  const logDir = join(dataDir, 'logs');
  const outboxDir = join(dataDir, 'outbox');
  mkdirSync(logDir, { recursive: true });

  const ports = {} as Record<ServiceName, number>;
  for (const name of Object.keys(DEFAULT_PORTS) as ServiceName[]) {
    const wanted = options.ports?.[name] ?? DEFAULT_PORTS[name];
    ports[name] = wanted === 0 ? await freePort() : wanted;
  }
  const base = (name: ServiceName) => `http://127.0.0.1:${ports[name]}`;

  const secret = process.env['ESMS_GATEWAY_SECRET'] ?? randomBytes(32).toString('hex');
  const sharedEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    // @swc-node/register reads this tsconfig for the path aliases (@esms/*) and decorator metadata.
    SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    ESMS_GATEWAY_SECRET: secret,
    ESMS_DATA_DIR: dataDir,
    ESMS_OUTBOX_DIR: outboxDir,
    ESMS_DEMO: options.demo ? '1' : '0',
    ESMS_ANNUAIRE_URL: base('annuaire'),
    ESMS_CANDIDATURE_URL: base('candidature'),
    ESMS_GRADING_URL: base('grading-grid'),
    ESMS_PORTEUR_URL: base('web-porteur'),
    ESMS_INSTRUCTEUR_URL: base('web-instructeur'),
    ESMS_CNSA_URL: base('web-cnsa'),
    GATEWAY_URL: base('gateway'),
    // Antivirus: clamd when ESMS_CLAMD_SOCKET/HOST is set (CI), else the explicit dev mode (pieces SAFE_UNSCANNED, shown as such).
    ...(process.env['ESMS_CLAMD_SOCKET'] || process.env['ESMS_CLAMD_HOST'] || process.env['ESMS_ANTIVIRUS'] ? {} : { ESMS_ANTIVIRUS: 'off' }),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete sharedEnv[key];
    else sharedEnv[key] = value;
  }

  const children: { name: ServiceName; child: ChildProcess; log: WriteStream }[] = [];
  let stopping = false;

  const launch = (name: ServiceName, args: string[]) => {
    const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, args, {
      cwd: WORKSPACE_ROOT,
      env: { ...sharedEnv, PORT: String(ports[name]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.on('exit', (code) => {
      if (!stopping) options.onExit?.(name, code);
    });
    children.push({ name, child, log });
    return child;
  };

  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...children].reverse().map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    children.forEach(({ log }) => log.end());
  };

  try {
    const register = ['-r', '@swc-node/register'];
    const subgraphChildren = SUBGRAPHS.map((name) => ({ name, child: launch(name, [...register, ENTRY[name]]) }));
    await Promise.all(subgraphChildren.map(({ name, child }) => waitFor(`${base(name)}/health`, child, name, 240_000)));

    const gateway = launch('gateway', [...register, ENTRY.gateway]);
    await waitFor(`${base('gateway')}/health`, gateway, 'gateway', 180_000);

    if (options.webApps) {
      const vite = join(WORKSPACE_ROOT, 'node_modules/vite/bin/vite.js');
      const apps = WEB_APPS.map((name) => ({
        name,
        child: launch(name, [vite, '--config', `apps/${name}/vite.config.mts`, '--port', String(ports[name]), '--strictPort', '--host', '127.0.0.1']),
      }));
      await Promise.all(apps.map(({ name, child }) => waitFor(`${base(name)}/`, child, name, 120_000)));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const urls = Object.fromEntries((Object.keys(ports) as ServiceName[]).map((name) => [name, base(name)])) as Record<ServiceName, string>;
  return { urls, gatewayGraphqlUrl: `${base('gateway')}/graphql`, outboxDir, logDir, stop };
}

/**
 * One subgraph run as its own process, as `npm start` runs it (`node -r @swc-node/register <main.ts>`), for the
 * crash tests: started with test pause points (`ESMS_TEST_PAUSE_AT`, server-kit `testPause`), killed with SIGKILL
 * while it waits there, restarted on the same database.
 */
import { WORKSPACE_ROOT } from '@esms/stack';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

const ENTRY = { candidature: 'apps/subgraph-candidature/src/main.ts', 'grading-grid': 'apps/subgraph-grading-grid/src/main.ts' } as const;
export type CrashSubgraph = keyof typeof ENTRY;

function healthy(url: string): Promise<boolean> {
  return new Promise((done) => {
    const request = get(`${url}/health`, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      done(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => done(false));
  });
}

export class SubgraphProcess {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: CrashSubgraph,
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts `name` on `port` with `env` (added to this process's environment; undefined removes a key), waits for /health. */
  static async start(name: CrashSubgraph, port: number, env: Record<string, string | undefined>, logFile: string, timeoutMs = 300_000): Promise<SubgraphProcess> {
    const childEnv: Record<string, string> = { ...(process.env as Record<string, string>), SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'tsconfig.base.json'), PORT: String(port) };
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete childEnv[key];
      else childEnv[key] = value;
    }
    const child = spawn(process.execPath, ['-r', '@swc-node/register', ENTRY[name]], { cwd: WORKSPACE_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new SubgraphProcess(name, `http://127.0.0.1:${port}`, child);
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n--- ${new Date().toISOString()} start ${name} pause=${env['ESMS_TEST_PAUSE_AT'] ?? ''}\n`);
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        proc.output += chunk.toString('utf8');
        log.write(chunk);
      });
    }
    void proc.exited.then(() => log.end());
    const started = Date.now();
    while (!(await healthy(proc.url))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} stopped during start-up (${child.exitCode ?? child.signalCode}); see ${logFile}`);
      if (Date.now() - started > timeoutMs) {
        await proc.kill9();
        throw new Error(`${name} did not answer within ${timeoutMs / 1000} s; see ${logFile}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return proc;
  }

  /** Resolves once the process logged that it waits at `point` (server-kit `testPause`). */
  async pausedAt(point: string, timeoutMs = 120_000): Promise<void> {
    const started = Date.now();
    while (!this.output.includes(`ESMS_TEST_PAUSED ${point}\n`)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`${this.name} stopped before pausing at ${point}`);
      if (Date.now() - started > timeoutMs) throw new Error(`${this.name} did not pause at ${point} within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** kill -9: no shutdown hook runs, open transactions and sockets are cut where they are. */
  async kill9(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The ordinary stop (SIGTERM: dispatchers stopped, database closed), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    this.child.kill('SIGTERM');
    await this.exited;
    clearTimeout(timer);
  }
}

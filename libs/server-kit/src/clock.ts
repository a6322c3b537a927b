/**
 * The server's clock. Everything that judges time (deadlines, submission instants) reads `now()` — never the
 * client's time, never `new Date()` scattered around — so tests and load runs can place the stack at a chosen
 * instant: `setClock(() => new Date('…'))` in-process, or `ESMS_CLOCK_OFFSET_MS` (milliseconds added to the
 * system clock) for a stack run as processes. The offset is refused in production.
 */
let override: (() => Date) | null = null;

export function setClock(clock: (() => Date) | null): void {
  override = clock;
}

export function clockOffsetMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['ESMS_CLOCK_OFFSET_MS'];
  if (!raw) return 0;
  if (env['NODE_ENV'] === 'production') throw new Error('ESMS_CLOCK_OFFSET_MS is a test setting: refused when NODE_ENV=production');
  const offset = Number(raw);
  if (!Number.isFinite(offset)) throw new Error(`ESMS_CLOCK_OFFSET_MS must be a number of milliseconds, got "${raw}"`);
  return offset;
}

export function now(): Date {
  if (override) return override();
  return new Date(Date.now() + clockOffsetMs());
}

/**
 * Test-only pause points (crash-consistency tests kill the process while it waits there):
 * `ESMS_TEST_PAUSE_AT=submission:after-commit` makes `testPause('submission:after-commit')` log a line
 * `ESMS_TEST_PAUSED <point>` on stderr and never resolve. Ignored in production.
 */
export async function testPause(point: string): Promise<void> {
  const wanted = process.env['ESMS_TEST_PAUSE_AT'];
  if (!wanted || process.env['NODE_ENV'] === 'production') return;
  if (!wanted.split(',').includes(point)) return;
  process.stderr.write(`ESMS_TEST_PAUSED ${point}\n`);
  await new Promise<never>(() => undefined);
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '@esms/stack';
import { STACK_FILE } from './stack-file';

/** One stack for all journeys: real processes on free ports, demo data, a throwaway data folder. */
export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'esms-e2e-'));
  const stack = await startStack({
    dataDir,
    demo: true,
    webApps: true,
    ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0, 'web-porteur': 0, 'web-instructeur': 0, 'web-cnsa': 0 },
    env: { ESMS_INSECURE_COOKIES: '1', LOG_LEVEL: 'warn' },
  });
  (globalThis as { __ESMS_STACK__?: unknown }).__ESMS_STACK__ = stack;
  writeFileSync(STACK_FILE, JSON.stringify({ urls: stack.urls, outboxDir: stack.outboxDir, logDir: stack.logDir, dataDir }));
}

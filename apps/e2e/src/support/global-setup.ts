import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';
import type * as Stack from '@esms/stack';
import { startSmtpCapture } from './smtp-capture';
import { STACK_FILE } from './stack-file';

/** One stack for all journeys: real processes on free ports, demo data, a throwaway data folder. */
export default async function globalSetup() {
  // jest's moduleNameMapper does not reach globalSetup: resolve the @esms/* aliases here.
  const config = loadConfig(join(__dirname, '../../../../tsconfig.base.json'));
  if (config.resultType === 'success') register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startStack } = require('@esms/stack') as typeof Stack;

  // Known to the specs that sign claims themselves (security/federation: valid claims sent around the gateway).
  process.env['ESMS_GATEWAY_SECRET'] ??= randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'esms-e2e-'));
  const smtp = await startSmtpCapture(join(dataDir, 'smtp'));
  (globalThis as { __ESMS_SMTP__?: unknown }).__ESMS_SMTP__ = smtp;
  const stack = await startStack({
    dataDir,
    demo: true,
    webApps: true,
    ports: { gateway: 0, annuaire: 0, candidature: 0, 'grading-grid': 0, 'web-porteur': 0, 'web-instructeur': 0, 'web-cnsa': 0 },
    env: { SMTP_URL: smtp.url, ESMS_INSECURE_COOKIES: '1', ESMS_TRUST_PROXY: '1', LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' },
  });
  (globalThis as { __ESMS_STACK__?: unknown }).__ESMS_STACK__ = stack;
  writeFileSync(STACK_FILE, JSON.stringify({ urls: stack.urls, outboxDir: stack.outboxDir, logDir: stack.logDir, dataDir }));
}

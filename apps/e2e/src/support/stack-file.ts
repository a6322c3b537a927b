import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceName } from '@esms/stack';

/** ESMS_E2E_STACK_FILE: run a spec against an already running stack (same JSON shape). */
export const STACK_FILE = process.env['ESMS_E2E_STACK_FILE'] ?? join(tmpdir(), `esms-e2e-stack-${process.ppid}-${process.env['USER'] ?? 'ci'}.json`);

export interface StackInfo {
  urls: Record<ServiceName, string>;
  outboxDir: string;
  logDir: string;
  dataDir: string;
}

export function stackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo;
}

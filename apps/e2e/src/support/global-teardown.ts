import type { RunningStack } from '@esms/stack';

export default async function globalTeardown() {
  const stack = (globalThis as { __ESMS_STACK__?: RunningStack }).__ESMS_STACK__;
  await stack?.stop();
  await (globalThis as { __ESMS_SMTP__?: { stop(): Promise<void> } }).__ESMS_SMTP__?.stop();
}

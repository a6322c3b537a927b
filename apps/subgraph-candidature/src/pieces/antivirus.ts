import { createLogger } from '@esms/server-kit';
import { Readable } from 'node:stream';

/**
 * Antivirus (ClamAV clamd, through the `clamscan` npm client: INSTREAM over a unix socket or TCP).
 *
 * - `ESMS_CLAMD_SOCKET=/run/clamav/clamd.ctl` or `ESMS_CLAMD_HOST` + `ESMS_CLAMD_PORT` (default 3310): scan every piece.
 * - `ESMS_ANTIVIRUS=off`: explicit development mode — pieces are marked SAFE_UNSCANNED (shown as « non analysé »), never SAFE.
 *   `npm start` (tools/stack) sets it when no clamd is configured.
 * - Nothing set: the scanner is unreachable → pieces stay PENDING (fail closed: not downloadable, not counted for
 *   the submission) until the rescan job reaches a scanner. That is the production default.
 */
export type ScanStatus = 'PENDING' | 'SAFE' | 'INFECTED' | 'SAFE_UNSCANNED';
export type ScanResult = { status: 'SAFE' | 'SAFE_UNSCANNED' | 'PENDING' } | { status: 'INFECTED'; signature: string };

/** Statuses whose files may be downloaded and counted. */
export const USABLE_SCAN_STATUSES: readonly ScanStatus[] = ['SAFE', 'SAFE_UNSCANNED'];

export type AntivirusMode = { kind: 'clamd'; socket?: string; host?: string; port?: number } | { kind: 'off' } | { kind: 'unconfigured' };

export function antivirusMode(env: NodeJS.ProcessEnv = process.env): AntivirusMode {
  if (env['ESMS_CLAMD_SOCKET']) return { kind: 'clamd', socket: env['ESMS_CLAMD_SOCKET'] };
  if (env['ESMS_CLAMD_HOST']) return { kind: 'clamd', host: env['ESMS_CLAMD_HOST'], port: Number(env['ESMS_CLAMD_PORT'] ?? 3310) };
  if (env['ESMS_ANTIVIRUS'] === 'off') return { kind: 'off' };
  return { kind: 'unconfigured' };
}

const logger = createLogger('antivirus');

interface ClamClient {
  scanStream(stream: Readable): Promise<{ isInfected: boolean | null; viruses: string[] }>;
}

let client: { key: string; promise: Promise<ClamClient> } | null = null;

async function clamClient(mode: Extract<AntivirusMode, { kind: 'clamd' }>): Promise<ClamClient> {
  const key = JSON.stringify(mode);
  if (!client || client.key !== key) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const NodeClam = require('clamscan');
    const promise: Promise<ClamClient> = new NodeClam().init({
      removeInfected: false,
      debugMode: false,
      clamscan: { active: false },
      clamdscan: { socket: mode.socket ?? false, host: mode.host ?? false, port: mode.port ?? false, timeout: 30_000, localFallback: false, active: true },
      preference: 'clamdscan',
    });
    client = { key, promise };
    promise.catch(() => {
      if (client?.promise === promise) client = null; // retried at the next scan
    });
  }
  return client.promise;
}

/** Scans a buffer: INFECTED with the signature name, SAFE, or PENDING when the scanner cannot answer (never « safe » by default). */
export async function scanBuffer(data: Buffer, env: NodeJS.ProcessEnv = process.env): Promise<ScanResult> {
  const mode = antivirusMode(env);
  if (mode.kind === 'off') return { status: 'SAFE_UNSCANNED' };
  if (mode.kind === 'unconfigured') return { status: 'PENDING' };
  try {
    const result = await (await clamClient(mode)).scanStream(Readable.from([data]));
    if (result.isInfected === true) return { status: 'INFECTED', signature: result.viruses[0] ?? 'inconnu' };
    if (result.isInfected === false) return { status: 'SAFE' };
    return { status: 'PENDING' };
  } catch (error) {
    client = null;
    logger.warn({ err: error }, 'clamd unreachable: piece left PENDING');
    return { status: 'PENDING' };
  }
}

export const SCAN_LABELS: Record<ScanStatus, string> = {
  PENDING: 'analyse antivirus en attente',
  SAFE: 'analysé, sans virus',
  INFECTED: 'virus détecté, mis en quarantaine',
  SAFE_UNSCANNED: 'non analysé (antivirus désactivé en développement)',
};

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** The EICAR antivirus test string (harmless by design; every antivirus detects it). */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * Local EICAR signatures (no signature database can be downloaded here; production uses freshclam):
 * an MD5 signature from `sigtool --md5` (detects the bare file and a zip holding it) and a body signature
 * (.ndb, any offset: also detects EICAR embedded in another file, e.g. inside a PDF).
 */
export function buildEicarSignatures(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const sample = join(dir, '..', 'eicar.txt');
  writeFileSync(sample, EICAR);
  const md5 = execFileSync('sigtool', ['--md5', sample], { encoding: 'utf8' }).trim().replace(/:[^:]*$/, ':Eicar-Test-Signature-Local-MD5');
  writeFileSync(join(dir, 'eicar.hdb'), `${md5}\n`);
  writeFileSync(join(dir, 'eicar.ndb'), `Eicar-Test-Signature-Local:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(socket);
    let out = '';
    c.on('connect', () => c.write('zPING\0'));
    c.on('data', (d) => (out += d.toString()));
    c.on('end', () => resolve(out.startsWith('PONG')));
    c.on('error', () => resolve(false));
  });
}

/** Starts clamd on a unix socket under `dir` with the local EICAR signatures (or uses ESMS_CLAMD_SOCKET when CI started one). */
export async function startTestClamd(dir: string): Promise<{ socket: string; stop(): Promise<void> }> {
  const given = process.env['ESMS_CLAMD_SOCKET'];
  if (given && (await ping(given))) return { socket: given, stop: async () => undefined };
  const db = join(dir, 'signatures');
  buildEicarSignatures(db);
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [`LocalSocket ${socket}`, `DatabaseDirectory ${db}`, 'Foreground yes', `PidFile ${join(dir, 'clamd.pid')}`, 'StreamMaxLength 12M', ...(process.getuid?.() === 0 ? ['User root'] : [])].join('\n') + '\n',
  );
  const child = spawn('clamd', ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (existsSync(socket) && (await ping(socket))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await ping(socket))) throw new Error('clamd did not start: install clamav clamav-daemon (see .ci/run)');
  return {
    socket,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
    },
  };
}

/** A minimal stored zip (one or more entries), with optionally lying declared sizes (zip bombs). */
export function zipOf(entries: { name: string; data: Buffer; declaredSize?: number; deflate?: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ?? e.data;
    const method = e.deflate ? 8 : 0;
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * Whether this machine can run the antivirus suite: clamd and sigtool installed (Debian `clamav
 * clamav-daemon`), or a running clamd given by ESMS_CLAMD_SOCKET. CI always has it (`.ci/run`).
 */
export function clamavAvailable(): boolean {
  if (process.env['ESMS_CLAMD_SOCKET']) return true;
  try {
    execFileSync('sh', ['-c', 'command -v clamd && command -v sigtool'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/* CPU time of a process from /proc (Linux), and which process listens on a port. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcCpu {
  /** Clock ticks spent in user mode (field 14 of /proc/<pid>/stat). */
  utime: number;
  /** Clock ticks spent in kernel mode (field 15). */
  stime: number;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself
 * contain spaces and parentheses, so fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcCpu {
  const end = text.lastIndexOf(')');
  if (end < 0) throw new Error('Not a /proc/<pid>/stat line.');
  const fields = text.slice(end + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('Malformed /proc/<pid>/stat line.');
  return { utime, stime };
}

let cachedClockTicks: number | null = null;

/** Clock ticks per second (USER_HZ), 100 on almost every Linux. */
export function clockTicksPerSecond(): number {
  if (cachedClockTicks === null) {
    try {
      cachedClockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      cachedClockTicks = 100;
    }
  }
  return cachedClockTicks;
}

/** User + system CPU time of a process so far, in milliseconds. */
export function processCpuMs(pid: number): number {
  const { utime, stime } = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

export interface TcpSocket {
  localAddress: string;
  port: number;
  /** Kernel socket state; 0x0A = LISTEN. */
  state: number;
  inode: number;
}

/** Parses /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string): TcpSocket[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 10)
    .map((fields) => {
      const [address, port] = fields[1].split(':');
      return { localAddress: address, port: parseInt(port, 16), state: parseInt(fields[3], 16), inode: Number(fields[9]) };
    });
}

export const TCP_LISTEN = 0x0a;

/** The process id that listens on the TCP port (searching /proc), or null. */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set<number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const socket of parseProcNetTcp(readFileSync(file, 'utf8'))) {
        if (socket.port === port && socket.state === TCP_LISTEN) inodes.add(socket.inode);
      }
    } catch {
      // no IPv6 table
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(Number(match[1]))) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

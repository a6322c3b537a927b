/* CPU time of the stack's processes during the rush (Linux /proc): where the minute went. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in clock ticks; the name (field 2) may hold spaces. */
export function parseCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(/\s+/);
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error('Malformed /proc/<pid>/stat line.');
  return ticks;
}

/** CPU seconds used so far by a process (USER_HZ = 100 on Linux), or NaN when it cannot be read. */
export function cpuSeconds(pid: number | null): number {
  if (pid === null) return NaN;
  try {
    return parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / 100;
  } catch {
    return NaN;
  }
}

/** Inodes of the sockets listening on a TCP port, from /proc/net/tcp(6) text. */
export function listeningInodes(tables: readonly string[], port: number): Set<number> {
  const inodes = new Set<number>();
  for (const text of tables) {
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 10 && parseInt(f[1].split(':')[1], 16) === port && parseInt(f[3], 16) === 0x0a) inodes.add(Number(f[9]));
    }
  }
  return inodes;
}

/** The process listening on a TCP port, or null. */
export function pidListeningOn(port: number): number | null {
  const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  });
  const inodes = listeningInodes(tables, port);
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let fds: string[] = [];
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
        // closed meanwhile
      }
    }
  }
  return null;
}

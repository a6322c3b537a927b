import { clockTicksPerSecond, parseProcNetTcp, parseProcStat, pidListeningOn, processCpuMs, TCP_LISTEN } from './proc';
import { createServer } from 'node:net';

describe('/proc parsing', () => {
  it('reads utime and stime, even when the command name has spaces and parentheses', () => {
    const line = '12345 (node (my) app) S 1 12345 12345 0 -1 4194560 5000 0 0 0 1523 287 0 0 20 0 11 0 1000 1000000 20000 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ utime: 1523, stime: 287 });
    expect(() => parseProcStat('garbage')).toThrow();
  });

  it('reads listening sockets from /proc/net/tcp', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 424242 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:A0B2 0100007F:0FA0 01 00000000:00000000 00:00000000 00000000     0        0 434343 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    expect(parseProcNetTcp(text)).toEqual([
      { localAddress: '0100007F', port: 4000, state: TCP_LISTEN, inode: 424242 },
      { localAddress: '0100007F', port: 41138, state: 1, inode: 434343 },
    ]);
  });

  it('finds this process listening on a port and reads its CPU time', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(pidListeningOn(port)).toBe(process.pid);
    } finally {
      server.close();
    }
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
    expect(processCpuMs(process.pid)).toBeGreaterThan(0);
  });
});

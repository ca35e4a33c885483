// `nfsim trace` on the emulated IPVS state: services made with `nfsim ipvsadm` are traced without --ipvs, and
// --update-counters writes the session's connections back (ipvsadm -Ln shows ActiveConn, -Lnc the entries).
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { MemoryStore } from '../src/cli/state.js';

async function run(store: MemoryStore, prog: string, ...argv: string[]) {
  const io = memoryIo('', { NO_COLOR: '1' });
  const code = await main(argv, io, prog, store);
  return { code, out: io.out, err: io.err };
}

describe('nfsim trace with the emulated IPVS state', () => {
  it('reads the services nfsim ipvsadm stored and updates their counters', async () => {
    const store = new MemoryStore();
    expect((await run(store, 'ipvsadm', '-A', '-t', '192.0.2.1:80', '-s', 'rr')).code).toBe(0);
    expect((await run(store, 'ipvsadm', '-a', '-t', '192.0.2.1:80', '-r', '10.9.0.1:8080', '-m')).code).toBe(0);
    const t = await run(store, 'nfsim', 'trace', '--packet', 'tcp 192.0.2.2:1000 > 192.0.2.1:80 in=eth0 flags=S', '--update-counters');
    expect(t.code).toBe(0);
    expect(t.out).toContain('IPVS TCP 192.0.2.1:80 rr → 10.9.0.1:8080 Masq');
    const l = await run(store, 'ipvsadm', '-Ln');
    expect(l.out).toMatch(/-> 10\.9\.0\.1:8080\s+Masq\s+1\s+1\s+0/);
    const c = await run(store, 'ipvsadm', '-Lnc');
    expect(c.out).toMatch(/TCP\s+\S+\s+SYN_RECV\s+192\.0\.2\.2:1000\s+192\.0\.2\.1:80\s+10\.9\.0\.1:8080/);
  });
  it('--ipvs with an unreadable file is an error (exit 2)', async () => {
    const store = new MemoryStore();
    const t = await run(store, 'nfsim', 'trace', '--ipvs', '/nonexistent/ipvs.txt', '--packet', 'tcp 192.0.2.2:1000 > 192.0.2.1:80');
    expect(t.code).toBe(2);
    expect(t.err).toContain('cannot read /nonexistent/ipvs.txt');
  });
});

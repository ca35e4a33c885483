// The persisted IPVS document: every field round-trips (counters, connections, tunnels, IPv6, fwmarks, the hash salt,
// fields a later model adds), the file store keeps state between processes, and -S output restores to the same table.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { MemoryStore, StateStore } from '../src/cli/state.js';
import type { Store } from '../src/cli/state.js';
import type { IpvsState } from '../src/model/ipvs.js';
import { newIpvsState, zeroIpvsStats } from '../src/model/ipvs.js';
import { ipvsStateText, loadIpvsState } from '../src/ops/ipvs-state.js';

function sample(): IpvsState {
  const s = newIpvsState();
  s.timeouts = { tcp: 1000, tcpFin: 60, udp: 30 };
  s.svcHashSalt = 96;
  s.services.push({
    key: { kind: 'addr', protocol: 'tcp', family: 'ipv4', addr: 0x0a600001, port: 443 },
    scheduler: 'rr', schedFlags: 0, persistent: { timeout: 600, netmask: 0xffffff00 },
    realServers: [
      { family: 'ipv4', addr: 0x0af40106, port: 6443, forward: 'masq', weight: 3, upperThreshold: 10, lowerThreshold: 5, activeConns: 2, inactConns: 7, persistConns: 1,
        stats: { conns: 9n, inPkts: 100n, outPkts: 90n, inBytes: 123456789012n, outBytes: 5n }, ...({ overloaded: true } as object) },
      { family: 'ipv6', addr: 0x20010db8000000000000000000000009n, port: 443, forward: 'tunnel', weight: 1, upperThreshold: 0, lowerThreshold: 0,
        tunnel: { type: 'gue', port: 6080, csum: 'remcsum' }, activeConns: 0, inactConns: 0, persistConns: 0, stats: zeroIpvsStats() },
    ],
    stats: { conns: 9n, inPkts: 100n, outPkts: 90n, inBytes: 123456789012n, outBytes: 5n },
  });
  s.services.push({ key: { kind: 'fwmark', family: 'ipv6', fwmark: 0xffffffff }, scheduler: 'mh', schedFlags: 0x18, persistent: { timeout: 5, netmask: 64 },
    onePacket: true, pe: 'sip', realServers: [], stats: zeroIpvsStats() });
  s.services.push({ key: { kind: 'addr', protocol: 'sctp', family: 'ipv6', addr: 1n, port: 0 }, scheduler: 'sh', schedFlags: 0, realServers: [], stats: zeroIpvsStats() });
  s.connections.push({ protocol: 'tcp', family: 'ipv4', client: { addr: 0xac100001, port: 40000 }, virtual: { addr: 0x0a600001, port: 443 },
    dest: { addr: 0x0af40106, port: 6443 }, state: 'SYN_RECV', expires: 59, template: false, forward: 'masq' });
  return s;
}

describe('IPVS state document', () => {
  it('round-trips every field', () => {
    const text = ipvsStateText(sample());
    expect(loadIpvsState(text)).toEqual(sample());
    expect(ipvsStateText(loadIpvsState(text))).toBe(text);
  });
  it('an absent document is a fresh kernel', () => {
    expect(loadIpvsState(undefined)).toEqual(newIpvsState());
  });
});

async function run(store: Store, line: string, stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const [tool, ...args] = line.split(' ');
  const io = memoryIo(stdin);
  const code = await main(args, io, tool, store);
  return { code, out: io.out, err: io.err };
}

describe('nfsim ipvsadm on the file store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nfsim-ipvs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('keeps the table between commands and writes only on change', async () => {
    expect((await run(new StateStore(dir), 'ipvsadm -A -t 10.0.0.1:80 -s rr')).code).toBe(0);
    expect((await run(new StateStore(dir), 'ipvsadm -a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 2')).code).toBe(0);
    const doc = readFileSync(join(dir, 'ipvs.state'), 'utf8');
    expect(doc).toContain('-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 2');
    expect((await run(new StateStore(dir), 'ipvsadm-save -n')).out).toBe('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 2\n');
    expect(readFileSync(join(dir, 'ipvs.state'), 'utf8')).toBe(doc);
    const dup = await run(new StateStore(dir), 'ipvsadm -A -t 10.0.0.1:80');
    expect(dup).toEqual({ code: 255, out: '', err: 'Service already exists\n' });
  });
  it('is listed by the nfsim command too (nfsim ipvsadm ...)', async () => {
    const io = memoryIo();
    expect(await main(['--state', dir, 'ipvsadm', '-Ln'], io)).toBe(0);
    expect(io.out).toContain('TCP  10.0.0.1:80 rr\n  -> 10.1.0.1:8080                Masq    2      0          0         \n');
  });
});

describe('ipvsadm -S | ipvsadm-restore', () => {
  it('restores the same table (sorted save, real servers re-added newest first)', async () => {
    const a = new MemoryStore();
    for (const l of ['-A -t 10.0.0.1:80 -s wrr -p 30 -M 255.255.0.0', '-a -t 10.0.0.1:80 -r 10.1.0.2 -m -w 3', '-a -t 10.0.0.1:80 -r 10.1.0.1 -i',
      '-A -f 7 -6 -s mh -b mh-port', '-a -f 7 -6 -r [2001:db8::1]:0 -m', '-A -u [fd00::1]:53 -s sh -b sh-fallback', '--set 100 20 30']) {
      expect((await run(a, `ipvsadm ${l}`)).code).toBe(0);
    }
    const saved = (await run(a, 'ipvsadm -S -n')).out;
    const b = new MemoryStore();
    expect((await run(b, 'ipvsadm-restore', `# a comment\n${saved}`)).code).toBe(0);
    expect((await run(b, 'ipvsadm -S -n')).out).toBe(saved);
    expect((await run(b, 'ipvsadm -Ln')).out).toBe((await run(a, 'ipvsadm -Ln')).out);
    // --set is not part of a save
    expect((await run(b, 'ipvsadm -L --timeout')).out).toBe('Timeout (tcp tcpfin udp): 900 120 300\n');
  });
});

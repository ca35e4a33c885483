// IPVS in the trace: where it runs (hook data table), what it does to a packet per forwarding method, connections
// across packets, fwmark services fed by MARK, persistence, no real server, twos under --all-paths, and every format.
import { describe, expect, it } from 'vitest';
import { newRuleset, type Ruleset } from '../../src/model/ruleset.js';
import { restore } from '../../src/ops/restore.js';
import { parsePacketSpec } from '../../src/syntax/packet.js';
import { defaultHost } from '../../src/syntax/host.js';
import { HostView } from '../../src/engine/host.js';
import { HOOK_STEPS } from '../../src/engine/hooks.js';
import { Session, type TraceOptions } from '../../src/engine/trace.js';
import { allPaths } from '../../src/engine/paths.js';
import { headerText, renderKernelLines, renderText, renderXtables, traceToJson } from '../../src/render/trace.js';
import { ipvsStateFromRules } from '../../src/ops/ipvs-state.js';
import type { IpvsEvent, PacketTrace } from '../../src/engine/events.js';

function load(text: string): Ruleset {
  const out = restore(text, newRuleset('ipv4'), { family: 'ipv4', flavor: 'nft', counters: false, noflush: false, test: false, verbose: 0 });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.ruleset;
}

// the default host (eth0 192.0.2.1/24, eth1 198.51.100.1/24 with the default route) plus a VIP on kube-ipvs0
function host(sysctls: Record<string, string> = {}): HostView {
  const h = defaultHost();
  h.interfaces.push({ name: 'kube-ipvs0', kind: 'dummy', addrs: ['10.96.0.10/32', '10.96.0.11/32'] });
  h.routes.push({ dst: '10.244.0.0/16', via: '192.0.2.254', dev: 'eth0' });
  Object.assign(h.sysctls, sysctls);
  return new HostView(h);
}

function opts(ipvs: string, rules = '', over: Partial<TraceOptions> = {}): TraceOptions {
  return { rules: { ipv4: load(rules || '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n') }, host: host(), flavor: 'nft', seed: 1, assume: 'nomatch', recordMisses: true, useIndex: true, ipvs: ipvsStateFromRules(ipvs, 'ipvs.txt'), ...over };
}

const ipvsEvents = (t: PacketTrace) => t.events.filter((e): e is IpvsEvent => e.kind === 'ipvs');
const spec = (s: string) => parsePacketSpec(s);

const SVC = '-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 10.244.1.1:8080 -m\n-a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m\n';

describe('IPVS hooks', () => {
  it('LOCAL_IN: after filter and security INPUT, before nat INPUT; LOCAL_OUT: after nat OUTPUT, before filter OUTPUT', () => {
    const order = (hook: 'INPUT' | 'OUTPUT') => HOOK_STEPS[hook].map((s) => (s.kind === 'table' ? s.table : s.kind === 'ipvs' ? `ipvs-${s.fn}` : s.kind));
    expect(order('INPUT')).toEqual(['mangle', 'filter', 'security', 'ipvs-reply', 'ipvs-request', 'nat', 'conntrack-confirm']);
    expect(HOOK_STEPS.INPUT.filter((s) => s.kind === 'ipvs').map((s) => s.priority)).toEqual([98, 99]);
    expect(HOOK_STEPS.OUTPUT.filter((s) => s.kind === 'ipvs').map((s) => s.priority)).toEqual([-99, -98]);
    expect(order('OUTPUT').indexOf('ipvs-request')).toBe(order('OUTPUT').indexOf('filter') - 1);
  });
  it('a filter INPUT DROP stops the packet before IPVS sees it', () => {
    const s = new Session(opts(SVC, '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -d 10.96.0.10/32 -j DROP\nCOMMIT\n'));
    const t = s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=S'));
    expect(t.result.outcome).toBe('dropped');
    expect(ipvsEvents(t)).toEqual([]);
  });
});

describe('IPVS in the trace', () => {
  it('masq: rr picks the newest real server, the packet goes out through OUTPUT and POSTROUTING rewritten; the connection keeps it', () => {
    const s = new Session(opts(SVC));
    const t1 = s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=S'));
    expect(ipvsEvents(t1)[0]).toMatchObject({ action: 'scheduled', hook: 'INPUT', scheduler: 'rr', dest: '10.244.1.2:8080', forward: 'masq', state: 'SYN_RECV', counts: { active: 1, inactive: 0 } });
    expect(t1.events.filter((e) => e.kind === 'hook').map((e) => e.kind === 'hook' && e.hook)).toEqual(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
    expect(t1.result).toMatchObject({ verdict: 'ACCEPT', outcome: 'transmitted' });
    expect(headerText(t1.result.pkt)).toBe('192.0.2.2:1000 > 10.244.1.2:8080 [SYN]');
    expect(t1.result.pkt.oif).toBe('eth0');
    const t2 = s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=A'));
    expect(ipvsEvents(t2)[0]).toMatchObject({ action: 'connection', dest: '10.244.1.2:8080', state: 'ESTABLISHED' });
    const t3 = s.trace(spec('tcp 192.0.2.2:1001 > 10.96.0.10:80 in=eth0 flags=S'));
    expect(ipvsEvents(t3)[0]).toMatchObject({ action: 'scheduled', dest: '10.244.1.1:8080' });
    // the reply from the real server gets the virtual address back (ip_vs_out at FORWARD)
    const t4 = s.trace(spec('tcp 10.244.1.1:8080 > 192.0.2.2:1001 in=eth0 flags=SA'));
    expect(ipvsEvents(t4)[0]).toMatchObject({ action: 'reply', hook: 'FORWARD' });
    expect(headerText(t4.result.pkt)).toBe('10.96.0.10:80 > 192.0.2.2:1001 [SYN,ACK]');
  });
  it('a non-SYN packet without a connection is not scheduled; a port without a service is not IPVS traffic', () => {
    const s = new Session(opts(SVC));
    const t = s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=A'));
    expect(ipvsEvents(t)[0]).toMatchObject({ action: 'pass' });
    expect(t.result.outcome).toBe('local');
    expect(ipvsEvents(s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:81 in=eth0 flags=S')))).toEqual([]);
  });
  it('no real server (all quiesced): ICMP port unreachable, dropped', () => {
    const s = new Session(opts('-A -t 10.96.0.10:80 -s wlc\n-a -t 10.96.0.10:80 -r 10.244.1.1:8080 -m -w 0\n'));
    const t = s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=S'));
    expect(ipvsEvents(t)[0]).toMatchObject({ action: 'unreachable' });
    expect(t.result).toMatchObject({ verdict: 'DROP', outcome: 'dropped' });
  });
  it('DR keeps the virtual address and routes to the real server as next hop; tunnel sends IPIP to it', () => {
    const dr = new Session(opts('-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 192.0.2.50 -g\n')).trace(spec('tcp 198.51.100.7:1000 > 10.96.0.10:80 in=eth1 flags=S'));
    expect(ipvsEvents(dr)[0]).toMatchObject({ forward: 'droute', dest: '192.0.2.50:80' });
    expect(dr.events.some((e) => e.kind === 'route' && e.via === 0xc0000232)).toBe(true);
    expect(headerText(dr.result.pkt)).toBe('198.51.100.7:1000 > 10.96.0.10:80 [SYN]');
    expect(dr.result.pkt.oif).toBe('eth0');
    const tun = new Session(opts('-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 192.0.2.50 -i\n')).trace(spec('tcp 198.51.100.7:1000 > 10.96.0.10:80 in=eth1 flags=S'));
    expect(ipvsEvents(tun)[0]).toMatchObject({ forward: 'tunnel' });
    expect(tun.result.pkt).toMatchObject({ proto: 4, src: 0xc0000201, dst: 0xc0000232, oif: 'eth0' });
  });
  it('a fwmark service is fed by a mangle MARK rule; persistence pins the client across ports', () => {
    const rules = '*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -d 10.96.0.11/32 -p tcp -m multiport --dports 80,443 -j MARK --set-mark 7\nCOMMIT\n';
    const s = new Session(opts('-A -f 7 -s rr -p 60\n-a -f 7 -r 10.244.1.1:0 -m\n-a -f 7 -r 10.244.1.2:0 -m\n', rules));
    const a = ipvsEvents(s.trace(spec('tcp 192.0.2.2:1000 > 10.96.0.11:80 in=eth0 flags=S')))[0];
    const b = ipvsEvents(s.trace(spec('tcp 192.0.2.2:1001 > 10.96.0.11:443 in=eth0 flags=S')))[0];
    expect(a).toMatchObject({ service: 'FWM 7', dest: '10.244.1.2:80', templateHit: false, persistent: true });
    expect(b).toMatchObject({ service: 'FWM 7', dest: '10.244.1.2:443', templateHit: true });
  });
  it('locally generated traffic is scheduled at LOCAL_OUT; without vs/conntrack the conntrack entry is detached', () => {
    const t = new Session(opts(SVC, '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n')).trace(spec('tcp 192.0.2.1:5000 > 10.96.0.10:80 in=local flags=S'));
    expect(ipvsEvents(t)[0]).toMatchObject({ hook: 'OUTPUT', conntrack: 'untracked' });
    // untracked: nat POSTROUTING does not run, no MASQUERADE
    expect(t.events.some((e) => e.kind === 'nat')).toBe(false);
    const t2 = new Session(opts(SVC, '*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n', { host: host({ 'net.ipv4.vs.conntrack': '1' }) })).trace(spec('tcp 192.0.2.1:5000 > 10.96.0.10:80 in=local flags=S'));
    expect(ipvsEvents(t2)[0]).toMatchObject({ conntrack: 'kept' });
    expect(t2.conntrack?.reply).toMatchObject({ src: (10 << 24 | 244 << 16 | 1 << 8 | 2) >>> 0, sport: 8080 });
  });
  it('twos: --all-paths gives each real server its share; the seeded trace picks one', () => {
    const o = opts('-A -t 10.96.0.10:80 -s twos\n-a -t 10.96.0.10:80 -r 10.244.1.1:8080 -m -w 1\n-a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m -w 2\n');
    const paths = allPaths(o, [spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=S')]);
    const share = new Map<string, number>();
    for (const p of paths) {
      const d = ipvsEvents(p.traces[0])[0].dest!;
      share.set(d, (share.get(d) ?? 0) + Number(p.probability.num) / Number(p.probability.den));
    }
    // no connections yet: the first draw wins; list newest first (.2 w2, .1 w1), r in [0, 3]: .2 gets 3/4
    expect(Object.fromEntries(share)).toEqual({ '10.244.1.2:8080': 0.75, '10.244.1.1:8080': 0.25 });
    expect(ipvsEvents(paths[0].traces[0])[0].random).toBe(true);
    const one = new Session(o).trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=S'));
    expect(['10.244.1.1:8080', '10.244.1.2:8080']).toContain(ipvsEvents(one)[0].dest);
  });
  it('every format shows the chosen real server', () => {
    const t = new Session(opts(SVC)).trace(spec('tcp 192.0.2.2:1000 > 10.96.0.10:80 in=eth0 flags=S'));
    expect(renderText(t, 1, 'nft')).toMatch(/IPVS TCP 10\.96\.0\.10:80 rr → 10\.244\.1\.2:8080 Masq \(new connection, scheduled; SYN_RECV; ActiveConn 1 InActConn 0; conntrack detached\): 192\.0\.2\.2:1000 > 10\.96\.0\.10:80 → 192\.0\.2\.2:1000 > 10\.244\.1\.2:8080/);
    expect(renderKernelLines(t).find((l) => l.startsWith('  IPVS'))).toContain('→ 10.244.1.2:8080 Masq');
    expect(renderXtables([t], 'nft')).toMatch(/^# IPVS: 2 00000001 TCP 10\.96\.0\.10:80 rr → 10\.244\.1\.2:8080 Masq/m);
    const j = traceToJson(t, 'nft') as { events: Record<string, unknown>[] };
    const ev = j.events.find((e) => e.kind === 'ipvs')!;
    expect(ev).toMatchObject({ action: 'scheduled', dest: '10.244.1.2:8080', forward: 'masq', after: { dst: '10.244.1.2', dport: 8080 } });
    expect(() => JSON.stringify(j)).not.toThrow();
  });
});

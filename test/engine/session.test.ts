// The trace engine over sessions: chain walking (goto, RETURN in a base chain), conntrack across packets (replies,
// ESTABLISHED, reverse NAT), per-rule state (nth), undecided and unsupported matches, the index, --all-paths.
import { describe, expect, it } from 'vitest';
import { newRuleset, type Ruleset } from '../../src/model/ruleset.js';
import { restore } from '../../src/ops/restore.js';
import { parsePacketSpec } from '../../src/syntax/packet.js';
import { defaultHost } from '../../src/syntax/host.js';
import { HostView } from '../../src/engine/host.js';
import { Session, type TraceOptions } from '../../src/engine/trace.js';
import { allPaths } from '../../src/engine/paths.js';
import { renderKernelLines, renderXtables, traceToJson, headerText } from '../../src/render/trace.js';
import type { PacketTrace } from '../../src/engine/events.js';

function load(text: string, family: 'ipv4' | 'ipv6' = 'ipv4'): Ruleset {
  const out = restore(text, newRuleset(family), { family, flavor: 'nft', counters: false, noflush: false, test: false, verbose: 0 });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.ruleset;
}

function opts(rs: Ruleset, over: Partial<TraceOptions> = {}): TraceOptions {
  return { rules: { [rs.family]: rs }, host: new HostView(defaultHost()), flavor: 'nft', seed: 1, assume: 'nomatch', recordMisses: true, useIndex: true, ...over };
}

const matched = (t: PacketTrace) => t.events.flatMap((e) => (e.kind === 'rule' && e.matched ? [`${e.table}:${e.chain}:${e.num}:${e.verdict}`] : []));

const FILTER = (rules: string, chains = '') => `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${chains}${rules}COMMIT\n`;

describe('chain walk', () => {
  it('goto returns to the caller of the chain that jumped; RETURN in a base chain applies the policy', () => {
    const rs = load(FILTER('-A INPUT -j A\n-A INPUT -j DROP\n-A A -g B\n-A A -j DROP\n-A B -p udp -j DROP\n', ':A - [0:0]\n:B - [0:0]\n'));
    const t = new Session(opts(rs)).trace(parsePacketSpec('tcp 192.0.2.2:1000 > 192.0.2.1:22 in=eth0'));
    // B ends → back to INPUT (the caller of A), not to A
    expect(matched(t)).toEqual(['filter:INPUT:1:JUMP A', 'filter:A:1:GOTO B', 'filter:INPUT:2:DROP']);
    expect(t.events.some((e) => e.kind === 'return' && e.chain === 'B' && e.to === 'INPUT' && !e.explicit)).toBe(true);
    const rs2 = load(FILTER('-A INPUT -j RETURN\n-A INPUT -j ACCEPT\n').replace(':INPUT ACCEPT', ':INPUT DROP'));
    const t2 = new Session(opts(rs2)).trace(parsePacketSpec('tcp 192.0.2.2:1000 > 192.0.2.1:22 in=eth0'));
    expect(t2.result).toMatchObject({ verdict: 'DROP', outcome: 'dropped', table: 'filter', chain: 'INPUT' });
    expect(renderKernelLines(t2)).toContain('  POLICY filter INPUT DROP');
  });
  it('records why rules did not match', () => {
    const rs = load(FILTER('-A INPUT -p tcp --dport 443 -j DROP\n-A INPUT -s 10.0.0.0/8 -j DROP\n-A INPUT -i eth1 -j DROP\n'));
    const t = new Session(opts(rs)).trace(parsePacketSpec('tcp 192.0.2.2:1000 > 192.0.2.1:80 in=eth0'));
    const whys = t.events.flatMap((e) => (e.kind === 'rule' && !e.matched ? [e.why] : []));
    expect(whys[0]).toMatch(/443/);
    expect(whys[0]).toMatch(/80/);
    expect(whys[1]).toBe('src 192.0.2.2 ∉ 10.0.0.0/8');
    expect(whys[2]).toBe('in eth0 ≠ eth1');
  });
});

describe('sessions', () => {
  const NAT = `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -d 192.0.2.1/32 -p tcp --dport 80 -j DNAT --to-destination 198.51.100.2:8080\n-A POSTROUTING -o eth1 -j MASQUERADE\nCOMMIT\n`;
  const FWD = FILTER('-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n-A FORWARD -m conntrack --ctstate NEW -m conntrack --ctstate DNAT -j ACCEPT\n-A FORWARD -j DROP\n');
  it('a reply is ESTABLISHED and reverse-NATed; nat chains are not consulted again', () => {
    const rs = load(NAT + FWD);
    const s = new Session(opts(rs));
    const first = s.trace(parsePacketSpec('tcp 192.0.2.2:40000 > 192.0.2.1:80 in=eth0'));
    expect(headerText(first.result.pkt)).toBe('198.51.100.1:40000 > 198.51.100.2:8080 [SYN]');
    expect(first.conntrack).toMatchObject({ confirmed: true, srcNat: true, dstNat: true });
    const reply = s.trace(parsePacketSpec('tcp 198.51.100.2:8080 > 198.51.100.1:40000 in=eth1 flags=SA'));
    expect(reply.events.find((e) => e.kind === 'conntrack')).toMatchObject({ state: 'ESTABLISHED', reply: true });
    expect(headerText(reply.result.pkt)).toBe('192.0.2.1:80 > 192.0.2.2:40000 [SYN,ACK]');
    expect(reply.result.pkt.oif).toBe('eth0');
    expect(matched(reply)).toEqual(['filter:FORWARD:1:ACCEPT']);
    expect(reply.events.some((e) => e.kind === 'table' && e.table === 'nat')).toBe(false);
    const again = s.trace(parsePacketSpec('tcp 192.0.2.2:40000 > 192.0.2.1:80 in=eth0 flags=A'));
    expect(again.events.find((e) => e.kind === 'conntrack')).toMatchObject({ state: 'ESTABLISHED', reply: false });
    expect(headerText(again.result.pkt)).toBe('198.51.100.1:40000 > 198.51.100.2:8080 [ACK]');
  });
  it('a packet dropped before confirmation leaves no connection behind', () => {
    const rs = load(NAT + FILTER('-A FORWARD -j DROP\n'));
    const s = new Session(opts(rs));
    s.trace(parsePacketSpec('tcp 192.0.2.2:40000 > 192.0.2.1:80 in=eth0'));
    const t = s.trace(parsePacketSpec('tcp 192.0.2.2:40000 > 192.0.2.1:80 in=eth0'));
    expect(t.events.find((e) => e.kind === 'conntrack')).toMatchObject({ state: 'NEW', created: true });
    expect(s.conntrack.ipv4.all).toHaveLength(0);
  });
  it('statistic nth counts per rule over the session', () => {
    const rs = load(FILTER('-A INPUT -m statistic --mode nth --every 3 --packet 0 -j DROP\n'));
    const s = new Session(opts(rs));
    const v = [1, 2, 3, 4, 5, 6].map((i) => s.trace(parsePacketSpec(`udp 192.0.2.2:${i} > 192.0.2.1:53 in=eth0`)).result.verdict);
    expect(v).toEqual(['DROP', 'ACCEPT', 'ACCEPT', 'DROP', 'ACCEPT', 'ACCEPT']);
  });
  it('an extension without trace semantics is reported, never silently decided', () => {
    const rs = load(FILTER('-A INPUT -m socket -j DROP\n'));
    const t = new Session(opts(rs)).trace(parsePacketSpec('tcp 192.0.2.2:1000 > 192.0.2.1:22 in=eth0'));
    expect(t.result.verdict).toBe('ACCEPT');
    expect(t.warnings.join('\n')).toMatch(/-m socket: .*assumed no match/);
    const t2 = new Session(opts(rs, { assume: 'match' })).trace(parsePacketSpec('tcp 192.0.2.2:1000 > 192.0.2.1:22 in=eth0'));
    expect(t2.result.verdict).toBe('DROP');
    expect(t2.warnings.join('\n')).toMatch(/assumed match/);
  });
  it('IPv6 packets walk the ip6tables ruleset', () => {
    const rs = load(FILTER('-A INPUT -s 2001:db8:1::/64 -p tcp --dport 22 -j DROP\n'), 'ipv6');
    const t = new Session(opts(rs)).trace(parsePacketSpec('tcp [2001:db8:1::2]:1000 > [2001:db8:1::1]:22 in=eth0'));
    expect(t.result).toMatchObject({ verdict: 'DROP', chain: 'INPUT', num: 1 });
  });
});

describe('the index and --all-paths', () => {
  it('the compiled index gives the same verdicts and matched rules as the linear walk', () => {
    let rules = '';
    for (let i = 0; i < 200; i++) rules += `-A INPUT -d 10.1.${i >> 8}.${i & 255}/32 -p tcp --dport ${1000 + (i % 7)} -j ${i % 3 ? 'ACCEPT' : 'DROP'}\n`;
    rules += '-A INPUT -p tcp --dport 1003 -j DROP\n';
    const rs = load(FILTER(rules).replace(':INPUT ACCEPT', ':INPUT DROP'));
    const host = defaultHost();
    host.interfaces.push({ name: 'dummy0', kind: 'dummy', addrs: ['10.1.0.0/16'] });
    for (let i = 0; i < 300; i += 7) {
      const spec = parsePacketSpec(`tcp 192.0.2.2:1000 > 10.1.0.${i % 256}:${1000 + (i % 8)} in=eth0`);
      const a = new Session(opts(rs, { host: new HostView(host), useIndex: true, recordMisses: false })).trace(spec);
      const b = new Session(opts(rs, { host: new HostView(host), useIndex: false, recordMisses: false })).trace(spec);
      expect(matched(a)).toEqual(matched(b));
      expect(a.result).toEqual(b.result);
    }
  });
  it('a 1/3, 1/2, rest cascade: three outcomes, each the kernel fixed-point share', () => {
    const rs = load(FILTER('-A INPUT -m statistic --mode random --probability 0.33333333349 -j A\n-A INPUT -m statistic --mode random --probability 0.5 -j B\n-A INPUT -j C\n-A A -j ACCEPT\n-A B -j DROP\n-A C -j ACCEPT\n', ':A - [0:0]\n:B - [0:0]\n:C - [0:0]\n'));
    const paths = allPaths(opts(rs, { recordMisses: false }), [parsePacketSpec('udp 192.0.2.2:1 > 192.0.2.1:53 in=eth0')]);
    expect(paths.map((p) => `${p.probability.num}/${p.probability.den}`)).toEqual(['715827883/2147483648', '1431655765/4294967296', '1431655765/4294967296']);
    expect(paths.map((p) => p.traces[0].result.verdict)).toEqual(['ACCEPT', 'DROP', 'ACCEPT']);
  });
});

describe('renderers', () => {
  it('xtables-monitor lines: matched rules with numbers, policies; json events', () => {
    const rs = load(FILTER('-A INPUT -p udp -j ACCEPT\n-A INPUT -p tcp -j X\n-A X -j RETURN\n', ':X - [0:0]\n'));
    const t = new Session(opts(rs)).trace(parsePacketSpec('tcp 192.0.2.2:1000 > 192.0.2.1:22 in=eth0'));
    expect(renderXtables([t], 'nft')).toBe(
      'PACKET: 2 00000001 IN=eth0 SRC=192.0.2.2 DST=192.0.2.1 LEN=40 TOS=0x0 TTL=64 ID=20306 SPORT=1000 DPORT=22 SYN \n' +
        ' TRACE: 2 00000001 filter:INPUT:rule:0x2:JUMP:X  -4 -t filter -A INPUT -p tcp -j X\n' +
        ' TRACE: 2 00000001 filter:X:rule:0x1:RETURN  -4 -t filter -A X -j RETURN\n' +
        ' TRACE: 2 00000001 filter:X:return:INPUT\n' +
        ' TRACE: 2 00000001 filter:INPUT:policy:ACCEPT \n',
    );
    const j = traceToJson(t, 'nft') as { events: { kind: string }[]; result: { verdict: string; outcome: string } };
    expect(j.result).toMatchObject({ verdict: 'ACCEPT', outcome: 'local' });
    // conntrack is not active (no rule needs it): the packet is untracked from PREROUTING on
    expect(j.events.map((e) => e.kind)).toEqual(['hook', 'conntrack', 'leave', 'route', 'hook', 'table', 'rule', 'rule', 'rule', 'return', 'policy', 'leave']);
    expect(j.events[1]).toMatchObject({ kind: 'conntrack', state: 'UNTRACKED' });
    expect(j.events[6]).toMatchObject({ kind: 'rule', table: 'filter', chain: 'INPUT', rule: 1, matched: false, text: '-A INPUT -p udp -j ACCEPT' });
  });
});

describe('RELATED', () => {
  it('an icmp error back to a connection\'s sender is RELATED and reverse-NATed', () => {
    const rs = load(`*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth1 -j MASQUERADE\nCOMMIT\n` + FILTER('-A FORWARD -m conntrack --ctstate RELATED -j ACCEPT\n-A FORWARD -m conntrack --ctstate NEW -j ACCEPT\n-A FORWARD -j DROP\n'));
    const s = new Session(opts(rs));
    s.trace(parsePacketSpec('udp 192.0.2.2:5000 > 203.0.113.9:53 in=eth0'));
    const err = s.trace(parsePacketSpec('icmp 203.0.113.9 > 198.51.100.1 icmp-type=3 icmp-code=3 in=eth1'));
    expect(err.events.find((e) => e.kind === 'conntrack')).toMatchObject({ state: 'RELATED', reply: true });
    expect(headerText(err.result.pkt)).toBe('203.0.113.9 > 192.0.2.2');
    expect(matched(err)).toEqual(['filter:FORWARD:1:ACCEPT']);
    const stray = new Session(opts(rs)).trace(parsePacketSpec('icmp 203.0.113.9 > 198.51.100.1 icmp-type=3 icmp-code=3 in=eth1'));
    expect(stray.events.find((e) => e.kind === 'conntrack')).toMatchObject({ state: 'INVALID' });
  });
});

// Match semantics (the kernel ->match functions) of the match modules: rules are parsed from the text users write,
// then each module's match() runs on packets built by test/support/packet-env.ts. Expected values follow the
// kernel sources (xt_*.c / ipt_*.c / ip6t_*.c of Linux 6.1).
import { describe, expect, it } from 'vitest';
import { isUndecided } from '../../src/extensions/types.js';
import { registerIpset, unregisterIpset } from '../../src/extensions/match/set.js';
import type { IpSetView, MatchResult } from '../../src/extensions/types.js';
import type { Packet } from '../../src/model/packet.js';
import { ip4, makeConn, makeEnv, makePacket, matchOf } from '../support/packet-env.js';
import type { EnvOpts, PacketOver } from '../support/packet-env.js';

/** the result of the last match of `line` on a packet with `over` (and env options) */
function m(line: string, over: PacketOver = {}, env: EnvOpts = {}): MatchResult {
  const pkt = makePacket(over);
  const fam = pkt.family;
  return matchOf(line, undefined, fam).run(makeEnv({ pkt, ...env }));
}
const undecided = (r: MatchResult) => isUndecided(r);

describe('tcp', () => {
  it('ports: range ends, inversion per range', () => {
    expect(m('-A INPUT -p tcp --dport 22', { dport: 22 })).toBe(true);
    expect(m('-A INPUT -p tcp --dport 22', { dport: 23 })).toBe(false);
    expect(m('-A INPUT -p tcp --dport 1000:2000', { dport: 1000 })).toBe(true);
    expect(m('-A INPUT -p tcp --dport 1000:2000', { dport: 2000 })).toBe(true);
    expect(m('-A INPUT -p tcp --dport 1000:2000', { dport: 999 })).toBe(false);
    expect(m('-A INPUT -p tcp --dport 1000:2000', { dport: 2001 })).toBe(false);
    expect(m('-A INPUT -p tcp ! --dport 22', { dport: 22 })).toBe(false);
    expect(m('-A INPUT -p tcp ! --dport 22', { dport: 80 })).toBe(true);
    expect(m('-A INPUT -p tcp ! --sport 1024: --dport 22', { sport: 80, dport: 22 })).toBe(true);
    expect(m('-A INPUT -p tcp ! --sport 1024: --dport 22', { sport: 5000, dport: 22 })).toBe(false);
  });
  it('flags: (flags & mask) == cmp, inverted on its own; --syn', () => {
    expect(m('-A INPUT -p tcp --syn', { tcpFlags: 0x02 })).toBe(true);
    expect(m('-A INPUT -p tcp --syn', { tcpFlags: 0x12 })).toBe(false);
    expect(m('-A INPUT -p tcp ! --syn', { tcpFlags: 0x12 })).toBe(true);
    expect(m('-A INPUT -p tcp --tcp-flags ALL NONE', { tcpFlags: 0 })).toBe(true);
    expect(m('-A INPUT -p tcp --tcp-flags SYN,ACK SYN,ACK --dport 22', { tcpFlags: 0x12, dport: 22 })).toBe(true);
    expect(m('-A INPUT -p tcp ! --tcp-flags SYN,ACK SYN,ACK --dport 22', { tcpFlags: 0x12, dport: 22 })).toBe(false);
  });
  it('a non-first fragment or another protocol is false even inverted; options are undecided', () => {
    expect(m('-A INPUT -p tcp ! --dport 22', { dport: 80, fragment: true })).toBe(false);
    expect(m('-A INPUT -p tcp ! --dport 22', { proto: 17, dport: 80 })).toBe(false);
    expect(undecided(m('-A INPUT -p tcp --tcp-option 2', {}))).toBe(true);
    expect(m('-A INPUT -p tcp --dport 80 --tcp-option 2', { dport: 22 })).toBe(false);
  });
  it('why not', () => {
    const t = matchOf('-A INPUT -p tcp --dport 80');
    expect(t.why(makeEnv({ pkt: makePacket({ dport: 443 }) }))).toBe('dport 443 ≠ 80');
    const s = matchOf('-A INPUT -p tcp --syn');
    expect(s.why(makeEnv({ pkt: makePacket({ tcpFlags: 0x10 }) }))).toContain('≠ SYN');
  });
});

describe('udp', () => {
  it('ports and inversion', () => {
    expect(m('-A INPUT -p udp --dport 53', { proto: 17, dport: 53 })).toBe(true);
    expect(m('-A INPUT -p udp --dport 53', { proto: 17, dport: 54 })).toBe(false);
    expect(m('-A INPUT -p udp ! --sport 0:1023', { proto: 17, sport: 1023 })).toBe(false);
    expect(m('-A INPUT -p udp ! --sport 0:1023', { proto: 17, sport: 1024 })).toBe(true);
    expect(m('-A INPUT -p udp --dport 53', { proto: 17, dport: 53, fragment: true })).toBe(false);
  });
});

describe('icmp / icmp6', () => {
  const icmp = (type: number, code: number, o: PacketOver = {}) => ({ proto: 1, icmpType: type, icmpCode: code, ...o });
  it('type and code ranges, any, inversion, fragments', () => {
    expect(m('-A INPUT -p icmp --icmp-type echo-request', icmp(8, 0))).toBe(true);
    expect(m('-A INPUT -p icmp --icmp-type echo-request', icmp(0, 0))).toBe(false);
    expect(m('-A INPUT -p icmp --icmp-type 3/4', icmp(3, 4))).toBe(true);
    expect(m('-A INPUT -p icmp --icmp-type 3/4', icmp(3, 3))).toBe(false);
    expect(m('-A INPUT -p icmp --icmp-type destination-unreachable', icmp(3, 255))).toBe(true);
    expect(m('-A INPUT -p icmp --icmp-type any', icmp(42, 7))).toBe(true);
    expect(m('-A INPUT -p icmp ! --icmp-type echo-request', icmp(8, 0))).toBe(false);
    expect(m('-A INPUT -p icmp ! --icmp-type echo-request', icmp(0, 0))).toBe(true);
    expect(m('-A INPUT -p icmp ! --icmp-type echo-request', icmp(0, 0, { fragment: true }))).toBe(false);
  });
  it('icmpv6', () => {
    const p6 = (type: number, code: number): PacketOver => ({ family: 'ipv6', proto: 58, icmpType: type, icmpCode: code });
    expect(m('-A INPUT -p icmpv6 --icmpv6-type echo-request', p6(128, 0))).toBe(true);
    expect(m('-A INPUT -p icmpv6 --icmpv6-type 1/3', p6(1, 4))).toBe(false);
    expect(m('-A INPUT -p icmpv6 ! --icmpv6-type neighbour-solicitation', p6(135, 0))).toBe(false);
    expect(m('-A INPUT -p icmpv6 ! --icmpv6-type neighbour-solicitation', p6(136, 0))).toBe(true);
  });
});

describe('sctp / dccp', () => {
  it('ports decide; chunk types and dccp types are undecided', () => {
    expect(m('-A INPUT -p sctp --dport 5000:5010', { proto: 132, dport: 5010 })).toBe(true);
    expect(m('-A INPUT -p sctp ! --dport 5000:5010', { proto: 132, dport: 5010 })).toBe(false);
    expect(undecided(m('-A INPUT -p sctp --chunk-types any INIT', { proto: 132 }))).toBe(true);
    expect(m('-A INPUT -p sctp --dport 1 --chunk-types any INIT', { proto: 132, dport: 2 })).toBe(false);
    expect(m('-A INPUT -p dccp --sport 100', { proto: 33, sport: 100 })).toBe(true);
    expect(undecided(m('-A INPUT -p dccp --dccp-types REQUEST', { proto: 33 }))).toBe(true);
  });
});

describe('multiport', () => {
  it('ports, ranges, either direction, inversion', () => {
    const l = '-A INPUT -p tcp -m multiport --dports 22,80,8000:8080';
    expect(m(l, { dport: 80 })).toBe(true);
    expect(m(l, { dport: 8000 })).toBe(true);
    expect(m(l, { dport: 8080 })).toBe(true);
    expect(m(l, { dport: 8081 })).toBe(false);
    expect(m(l, { dport: 23 })).toBe(false);
    expect(m('-A INPUT -p tcp -m multiport ! --dports 22,80', { dport: 80 })).toBe(false);
    expect(m('-A INPUT -p tcp -m multiport ! --dports 22,80', { dport: 81 })).toBe(true);
    expect(m('-A INPUT -p tcp -m multiport --sports 1024:65535', { sport: 1023 })).toBe(false);
    expect(m('-A INPUT -p tcp -m multiport --ports 22', { sport: 22, dport: 999 })).toBe(true);
    expect(m('-A INPUT -p tcp -m multiport --ports 22', { sport: 999, dport: 22 })).toBe(true);
    expect(m('-A INPUT -p tcp -m multiport ! --dports 22', { dport: 80, fragment: true })).toBe(false);
    const b = matchOf(l);
    expect(b.why(makeEnv({ pkt: makePacket({ dport: 23 }) }))).toBe('dport 23 not in 22,80,8000:8080');
  });
});

describe('conntrack / state', () => {
  const est = (o: EnvOpts = {}) => {
    const pkt = makePacket();
    return { ct: makeConn(pkt), ctState: 'ESTABLISHED' as const, ...o };
  };
  it('--ctstate / --state with ESTABLISHED, NEW, INVALID, UNTRACKED, SNAT, DNAT', () => {
    expect(m('-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED', {}, est())).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED', {}, { ct: makeConn(), ctState: 'NEW' })).toBe(false);
    expect(m('-A INPUT -m conntrack ! --ctstate ESTABLISHED,RELATED', {}, { ct: makeConn(), ctState: 'NEW' })).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate INVALID', {}, { ctState: 'INVALID' })).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate NEW', {}, { ctState: 'INVALID' })).toBe(false);
    expect(m('-A INPUT -m conntrack ! --ctstate NEW', {}, { ctState: 'INVALID' })).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate UNTRACKED', {}, { ctState: 'UNTRACKED' })).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate INVALID', {}, { ctState: 'UNTRACKED' })).toBe(false);
    expect(m('-A INPUT -m conntrack --ctstate DNAT', {}, est({ ct: makeConn(makePacket(), { dstNat: true }) }))).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate SNAT', {}, est({ ct: makeConn(makePacket(), { dstNat: true }) }))).toBe(false);
    expect(m('-A INPUT -m state --state ESTABLISHED', {}, est())).toBe(true);
    expect(m('-A INPUT -m state ! --state ESTABLISHED', {}, est())).toBe(false);
    expect(m('-A INPUT -m state --state NEW', {}, { ctState: 'UNTRACKED' })).toBe(false);
  });
  it('without a conntrack entry only a passing state test matches', () => {
    expect(m('-A INPUT -m conntrack --ctproto tcp', {}, { ctState: 'INVALID' })).toBe(false);
    expect(m('-A INPUT -m conntrack ! --ctproto tcp', {}, { ctState: 'INVALID' })).toBe(false);
    expect(m('-A INPUT -m conntrack --ctstate INVALID --ctproto udp', {}, { ctState: 'INVALID' })).toBe(true);
  });
  it('tuples, ports, proto, status, direction', () => {
    const pkt = makePacket({ src: '10.0.0.5', dst: '192.0.2.1', sport: 40000, dport: 80 });
    const ct = makeConn(pkt, { seenReply: true, assured: true, confirmed: true });
    const e = { ct, ctState: 'ESTABLISHED' as const };
    expect(m('-A INPUT -m conntrack --ctorigsrc 10.0.0.0/24', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctorigsrc 10.0.1.0/24', {}, e)).toBe(false);
    expect(m('-A INPUT -m conntrack ! --ctorigsrc 10.0.1.0/24', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctrepldst 10.0.0.5', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctorigdstport 80', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctorigdstport 81:90', {}, e)).toBe(false);
    expect(m('-A INPUT -m conntrack --ctreplsrcport 80', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctproto tcp', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack ! --ctproto tcp', {}, e)).toBe(false);
    expect(m('-A INPUT -m conntrack --ctstatus ASSURED', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstatus EXPECTED', {}, e)).toBe(false);
    expect(m('-A INPUT -m conntrack ! --ctstatus EXPECTED', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctdir ORIGINAL', {}, e)).toBe(true);
    expect(m('-A INPUT -m conntrack --ctdir REPLY', {}, e)).toBe(false);
    expect(m('-A INPUT -m conntrack --ctdir REPLY', {}, { ...e, ctReply: true })).toBe(true);
    expect(undecided(m('-A INPUT -m conntrack --ctexpire 10:20', {}, e))).toBe(true);
    expect(m('-A INPUT -m conntrack --ctstate NEW --ctexpire 10:20', {}, e)).toBe(false);
    const b = matchOf('-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED');
    expect(b.why(makeEnv({ ct, ctState: 'NEW' }))).toBe('ctstate NEW not in RELATED,ESTABLISHED');
  });
});

describe('comment, mark, connmark', () => {
  it('comment is always true', () => {
    expect(m('-A INPUT -m comment --comment "x y"')).toBe(true);
  });
  it('mark: (mark & mask) == value, mask edges, inversion', () => {
    expect(m('-A INPUT -m mark --mark 0x1', { mark: 1 })).toBe(true);
    expect(m('-A INPUT -m mark --mark 0x1', { mark: 0x101 })).toBe(false);
    expect(m('-A INPUT -m mark --mark 0x1/0xff', { mark: 0x101 })).toBe(true);
    expect(m('-A INPUT -m mark --mark 0x0/0x0', { mark: 0xffffffff })).toBe(true);
    expect(m('-A INPUT -m mark --mark 0xffffffff', { mark: 0xffffffff })).toBe(true);
    expect(m('-A INPUT -m mark --mark 0x80000000/0x80000000', { mark: 0x80000001 })).toBe(true);
    expect(m('-A INPUT -m mark ! --mark 0x2/0x3', { mark: 0x2 })).toBe(false);
    expect(m('-A INPUT -m mark ! --mark 0x2/0x3', { mark: 0x1 })).toBe(true);
    expect(matchOf('-A INPUT -m mark --mark 0x2').why(makeEnv({ pkt: makePacket({ mark: 1 }) }))).toBe('mark 0x1 ≠ 0x2');
  });
  it('connmark: no conntrack entry is false even inverted', () => {
    const ct = makeConn(makePacket(), { mark: 0x4000 });
    expect(m('-A INPUT -m connmark --mark 0x4000/0x4000', {}, { ct, ctState: 'ESTABLISHED' })).toBe(true);
    expect(m('-A INPUT -m connmark --mark 0x0/0x4000', {}, { ct, ctState: 'ESTABLISHED' })).toBe(false);
    expect(m('-A INPUT -m connmark ! --mark 0x1', {}, { ct, ctState: 'ESTABLISHED' })).toBe(true);
    expect(m('-A INPUT -m connmark ! --mark 0x1', {}, { ctState: 'UNTRACKED' })).toBe(false);
  });
});

describe('addrtype', () => {
  const types = (a: unknown) => (a === ip4('192.0.2.1') ? ['LOCAL'] : a === ip4('255.255.255.255') ? ['BROADCAST'] : ['UNICAST']);
  it('IPv4 src/dst types, inversion, limit-iface', () => {
    expect(m('-A INPUT -m addrtype --dst-type LOCAL', {}, { types })).toBe(true);
    expect(m('-A INPUT -m addrtype --src-type LOCAL', {}, { types })).toBe(false);
    expect(m('-A INPUT -m addrtype ! --src-type LOCAL', {}, { types })).toBe(true);
    expect(m('-A INPUT -m addrtype --dst-type BROADCAST,MULTICAST', { dst: '255.255.255.255' }, { types })).toBe(true);
    expect(m('-A INPUT -m addrtype --src-type UNICAST ! --dst-type LOCAL', {}, { types })).toBe(false);
    const seen: (string | undefined)[] = [];
    m('-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in', { iif: 'eth1' }, { types: (a, dev) => (seen.push(dev), types(a)) });
    expect(seen).toEqual(['eth1']);
  });
  it('IPv6 multicast/unicast rules', () => {
    const six = { family: 'ipv6' as const };
    expect(matchOf('-A INPUT -m addrtype --dst-type MULTICAST', undefined, 'ipv6').run(makeEnv({ pkt: makePacket({ ...six, dst: 'ff02::1' }) }))).toBe(true);
    expect(matchOf('-A INPUT -m addrtype --dst-type MULTICAST', undefined, 'ipv6').run(makeEnv({ pkt: makePacket({ ...six, dst: '2001:db8::1' }) }))).toBe(false);
    expect(matchOf('-A INPUT -m addrtype --dst-type LOCAL', undefined, 'ipv6').run(makeEnv({ pkt: makePacket(six), types: () => ['LOCAL'] }))).toBe(true);
  });
});

describe('statistic', () => {
  it('nth: --every 2 --packet 0 hits the 1st, 3rd, 5th packet', () => {
    const b = matchOf('-A INPUT -m statistic --mode nth --every 2 --packet 0');
    const env = makeEnv();
    expect([1, 2, 3, 4, 5].map(() => b.run(env))).toEqual([true, false, true, false, true]);
  });
  it('nth: --every 3 --packet 1 hits the 2nd and 5th; inverted the others', () => {
    const b = matchOf('-A INPUT -m statistic --mode nth --every 3 --packet 1');
    const env = makeEnv();
    expect([1, 2, 3, 4, 5, 6].map(() => b.run(env))).toEqual([false, true, false, false, true, false]);
    const inv = matchOf('-A INPUT -m statistic --mode nth ! --every 3 --packet 1');
    const env2 = makeEnv();
    expect([1, 2, 3].map(() => inv.run(env2))).toEqual([true, false, true]);
  });
  it('random: env.chance(probability, 2^31), inverted by "!"', () => {
    const calls: [number, number][] = [];
    const chance = (n: number, d: number) => (calls.push([n, d]), n >= d / 2);
    expect(m('-A INPUT -m statistic --mode random --probability 0.5', {}, { chance })).toBe(true);
    expect(calls[0]).toEqual([0x40000000, 0x80000000]);
    expect(m('-A INPUT -m statistic --mode random --probability 0.25', {}, { chance })).toBe(false);
    expect(m('-A INPUT -m statistic --mode random ! --probability 0.25', {}, { chance })).toBe(true);
  });
});

describe('limit', () => {
  it('the burst passes at once, then one packet per period', () => {
    const b = matchOf('-A INPUT -m limit --limit 1/second --limit-burst 3');
    const env = makeEnv({ now: 100 });
    expect([1, 2, 3, 4].map(() => b.run(env))).toEqual([true, true, true, false]);
    expect(b.why(env)).toContain('limit reached');
    env.now = 100.5;
    expect(b.run(env)).toBe(false);
    env.now = 101.01;
    expect(b.run(env)).toBe(true);
    expect(b.run(env)).toBe(false);
    env.now = 1000;
    expect([1, 2, 3, 4].map(() => b.run(env))).toEqual([true, true, true, false]);
  });
  it('3/hour with the default burst 5', () => {
    const b = matchOf('-A INPUT -m limit --limit 3/hour');
    const env = makeEnv({ now: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => b.run(env))).toEqual([true, true, true, true, true, false]);
    env.now = 1199;
    expect(b.run(env)).toBe(false);
    env.now = 1201;
    expect(b.run(env)).toBe(true);
  });
});

describe('hashlimit', () => {
  it('per-source buckets', () => {
    const b = matchOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name t1 --hashlimit-htable-expire 10000');
    const env = makeEnv({ now: 10 });
    expect([1, 2, 3].map(() => b.run(env))).toEqual([true, true, false]);
    env.pkt = makePacket({ src: '198.51.100.8' });
    expect(b.run(env)).toBe(true);
    env.pkt = makePacket();
    env.now = 11.01;
    expect(b.run(env)).toBe(true);
    expect(b.run(env)).toBe(false);
  });
  it('an idle bucket past --hashlimit-htable-expire is collected and starts full again', () => {
    // 1/sec: the default expire is 1000 ms; the garbage collector runs every 1000 ms from the table's creation
    const b = matchOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 2 --hashlimit-mode srcip --hashlimit-name gc');
    const env = makeEnv({ now: 10 });
    expect([1, 2, 3].map(() => b.run(env))).toEqual([true, true, false]);
    env.now = 10.5;
    expect(b.run(env)).toBe(false);
    // the packet at 10.5 pushed the expiry to 11.5; the collector at 11.0 keeps the bucket, the one at 12.0 drops it
    env.now = 11.9;
    expect([1, 2].map(() => b.run(env))).toEqual([true, false]);
    env.now = 13.01;
    expect([1, 2, 3].map(() => b.run(env))).toEqual([true, true, false]);
  });
  it('--hashlimit-above inverts; srcmask groups addresses', () => {
    const b = matchOf('-A INPUT -m hashlimit --hashlimit-above 1/min --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-srcmask 24 --hashlimit-name t2');
    const env = makeEnv({ now: 10 });
    expect(b.run(env)).toBe(false);
    env.pkt = makePacket({ src: '198.51.100.200' });
    expect(b.run(env)).toBe(true);
    expect(b.why(makeEnv())).toBe('');
  });
  it('no mode: one bucket for everything', () => {
    const b = matchOf('-A INPUT -m hashlimit --hashlimit-upto 1/hour --hashlimit-burst 1 --hashlimit-name t3');
    const env = makeEnv({ now: 10 });
    expect(b.run(env)).toBe(true);
    env.pkt = makePacket({ src: '203.0.113.9', dport: 99 });
    expect(b.run(env)).toBe(false);
  });
});

describe('recent', () => {
  it('--set then --rcheck --seconds --hitcount, --update, --remove, --rdest, inversion', () => {
    const set = matchOf('-A INPUT -m recent --set --name SSH');
    const check = matchOf('-A INPUT -m recent --rcheck --seconds 60 --hitcount 3 --name SSH');
    const update = matchOf('-A INPUT -m recent --update --seconds 10 --name SSH');
    const remove = matchOf('-A INPUT -m recent --remove --name SSH');
    const notIn = matchOf('-A INPUT -m recent ! --rcheck --name SSH');
    const env = makeEnv({ now: 100 });
    expect(update.run(env)).toBe(false);
    expect(notIn.run(env)).toBe(true);
    expect(set.run(env)).toBe(true);
    expect(notIn.run(env)).toBe(false);
    expect(check.run(env)).toBe(false);
    env.now = 101;
    set.run(env);
    env.now = 102;
    set.run(env);
    expect(check.run(env)).toBe(true);
    env.now = 161.5;
    expect(check.run(env)).toBe(false);
    expect(check.why(env)).toContain('too few hits');
    env.now = 165;
    expect(update.run(env)).toBe(false);
    env.now = 170;
    expect(update.run(env)).toBe(false);
    expect(remove.run(env)).toBe(true);
    expect(remove.run(env)).toBe(false);
    const other = makeEnv({ now: 100, pkt: makePacket({ src: '10.9.9.9' }) });
    other.sharedStore.clear();
    expect(matchOf('-A INPUT -m recent --rcheck --rdest --name X').run(other)).toBe(false);
  });
  it('--rttl needs the same ttl; a forwarded packet counts ttl + 1', () => {
    const set = matchOf('-A INPUT -m recent --set --name T');
    const rttl = matchOf('-A INPUT -m recent --rcheck --rttl --name T');
    const env = makeEnv({ pkt: makePacket({ ttl: 50 }) });
    set.run(env);
    expect(rttl.run(env)).toBe(true);
    env.pkt = makePacket({ ttl: 51 });
    expect(rttl.run(env)).toBe(false);
    const fwd = makeEnv({ hook: 'FORWARD', pkt: makePacket({ ttl: 49, oif: 'eth1' }) });
    Object.assign(fwd, { shared: env.shared });
    expect(rttl.run(fwd)).toBe(true);
  });
});

describe('iprange', () => {
  it('range ends and inversion per side', () => {
    expect(m('-A INPUT -m iprange --src-range 198.51.100.1-198.51.100.7')).toBe(true);
    expect(m('-A INPUT -m iprange --src-range 198.51.100.8-198.51.100.9')).toBe(false);
    expect(m('-A INPUT -m iprange ! --src-range 198.51.100.8-198.51.100.9')).toBe(true);
    expect(m('-A INPUT -m iprange --dst-range 192.0.2.1-192.0.2.1')).toBe(true);
    expect(m('-A INPUT -m iprange --src-range 198.51.100.0-198.51.100.255 ! --dst-range 192.0.2.0-192.0.2.9')).toBe(false);
    expect(matchOf('-A INPUT -m iprange --src-range 2001:db8::1-2001:db8::ff', undefined, 'ipv6').run(makeEnv({ pkt: makePacket({ family: 'ipv6' }) }))).toBe(true);
  });
});

describe('set', () => {
  const view = (members: string[]): IpSetView => ({
    name: 'S', type: 'hash:ip',
    test: (pkt: Packet, dirs) => members.includes(`${dirs[0]}:${dirs[0] === 'src' ? pkt.src : pkt.dst}`),
  });
  it('membership by direction, inversion, missing set', () => {
    registerIpset('S', 'ipv4');
    registerIpset('NOPE', 'ipv4');
    const sets = { S: view([`src:${ip4('198.51.100.7')}`]) };
    expect(m('-A INPUT -m set --match-set S src', {}, { sets })).toBe(true);
    expect(m('-A INPUT -m set --match-set S dst', {}, { sets })).toBe(false);
    expect(m('-A INPUT -m set ! --match-set S src', {}, { sets })).toBe(false);
    expect(m('-A INPUT -m set ! --match-set S dst', {}, { sets })).toBe(true);
    const r = m('-A INPUT -m set --match-set NOPE src', {}, { sets });
    expect(r).toEqual({ undecided: 'ipset NOPE not given (--ipset)' });
    expect(undecided(m('-A INPUT -m set --match-set S src --packets-gt 3', {}, { sets }))).toBe(true);
    unregisterIpset('S');
    unregisterIpset('NOPE');
  });
});

describe('mac, physdev, owner', () => {
  it('mac: source MAC, lo false, unknown MAC undecided', () => {
    expect(m('-A INPUT -m mac --mac-source 52:54:00:AB:CD:EF', { srcMac: '52:54:00:ab:cd:ef' })).toBe(true);
    expect(m('-A INPUT -m mac --mac-source 52:54:00:ab:cd:00', { srcMac: '52:54:00:ab:cd:ef' })).toBe(false);
    expect(m('-A INPUT -m mac ! --mac-source 52:54:00:ab:cd:00', { srcMac: '52:54:00:ab:cd:ef' })).toBe(true);
    expect(m('-A INPUT -m mac ! --mac-source 52:54:00:ab:cd:00', { iif: 'lo', srcMac: '00:00:00:00:00:00' })).toBe(false);
    expect(undecided(m('-A INPUT -m mac --mac-source 52:54:00:ab:cd:ef'))).toBe(true);
  });
  it('physdev: no bridge info → true only when every option is inverted', () => {
    expect(m('-A FORWARD -m physdev --physdev-is-bridged', {}, { hook: 'FORWARD' })).toBe(false);
    expect(m('-A FORWARD -m physdev ! --physdev-is-bridged', {}, { hook: 'FORWARD' })).toBe(true);
    expect(m('-A FORWARD -m physdev ! --physdev-in br0 --physdev-is-out', {}, { hook: 'FORWARD' })).toBe(false);
    expect(m('-A FORWARD -m physdev ! --physdev-in br0 ! --physdev-is-out', {}, { hook: 'FORWARD' })).toBe(true);
  });
  it('owner: local socket uid/gid ranges, no socket for forwarded packets', () => {
    const out = { hook: 'OUTPUT' as const };
    expect(m('-A OUTPUT -m owner --uid-owner 1000', { iif: '', uid: 1000 }, out)).toBe(true);
    expect(m('-A OUTPUT -m owner --uid-owner 1000-2000', { iif: '', uid: 2001 }, out)).toBe(false);
    expect(m('-A OUTPUT -m owner ! --uid-owner 0', { iif: '', uid: 33 }, out)).toBe(true);
    expect(m('-A OUTPUT -m owner --gid-owner 33 --uid-owner 33', { iif: '', uid: 33, gid: 33 }, out)).toBe(true);
    expect(undecided(m('-A OUTPUT -m owner --uid-owner 1000', { iif: '' }, out))).toBe(true);
    expect(m('-A OUTPUT -m owner --socket-exists', { iif: '', uid: 0 }, out)).toBe(true);
    expect(m('-A OUTPUT -m owner ! --socket-exists', { iif: '', uid: 0 }, out)).toBe(false);
    const post = { hook: 'POSTROUTING' as const };
    expect(m('-A POSTROUTING -m owner --uid-owner 0', { iif: 'eth0' }, post)).toBe(false);
    expect(m('-A POSTROUTING -m owner ! --uid-owner 0', { iif: 'eth0' }, post)).toBe(true);
    expect(m('-A POSTROUTING -m owner ! --socket-exists', { iif: 'eth0' }, post)).toBe(true);
  });
});

describe('length, ttl, hl, pkttype, tos, dscp, ecn', () => {
  it('length range ends', () => {
    expect(m('-A INPUT -m length --length 60', { len: 60 })).toBe(true);
    expect(m('-A INPUT -m length --length 0:59', { len: 60 })).toBe(false);
    expect(m('-A INPUT -m length --length 60:1500', { len: 1500 })).toBe(true);
    expect(m('-A INPUT -m length ! --length 60:1500', { len: 1501 })).toBe(true);
  });
  it('ttl eq/ne/lt/gt and hl', () => {
    expect(m('-A INPUT -m ttl --ttl-eq 64', { ttl: 64 })).toBe(true);
    expect(m('-A INPUT -m ttl ! --ttl-eq 64', { ttl: 64 })).toBe(false);
    expect(m('-A INPUT -m ttl --ttl-lt 64', { ttl: 63 })).toBe(true);
    expect(m('-A INPUT -m ttl --ttl-lt 64', { ttl: 64 })).toBe(false);
    expect(m('-A INPUT -m ttl --ttl-gt 64', { ttl: 65 })).toBe(true);
    expect(matchOf('-A INPUT -m hl --hl-eq 255', undefined, 'ipv6').run(makeEnv({ pkt: makePacket({ family: 'ipv6', ttl: 255 }) }))).toBe(true);
  });
  it('pkttype: received types, locally generated packets are unicast', () => {
    expect(m('-A INPUT -m pkttype --pkt-type broadcast', { pktType: 'broadcast' })).toBe(true);
    expect(m('-A INPUT -m pkttype --pkt-type unicast', { pktType: 'broadcast' })).toBe(false);
    expect(m('-A INPUT -m pkttype ! --pkt-type unicast', { pktType: 'multicast' })).toBe(true);
    expect(m('-A OUTPUT -m pkttype --pkt-type unicast', { pktType: 'broadcast', iif: '' }, { hook: 'OUTPUT' })).toBe(true);
  });
  it('tos, dscp, ecn', () => {
    expect(m('-A INPUT -m tos --tos Minimize-Delay', { tos: 0x10 })).toBe(true);
    expect(m('-A INPUT -m tos --tos 0x10/0x3f', { tos: 0x12 })).toBe(false);
    expect(m('-A INPUT -m tos --tos 0x10/0xf0', { tos: 0x12 })).toBe(true);
    expect(m('-A INPUT -m tos ! --tos 0x10', { tos: 0x12 })).toBe(true);
    expect(m('-A INPUT -m dscp --dscp-class EF', { tos: 0xb8 })).toBe(true);
    expect(m('-A INPUT -m dscp --dscp 0x2e', { tos: 0xb9 })).toBe(true);
    expect(m('-A INPUT -m dscp ! --dscp 0x2e', { tos: 0x00 })).toBe(true);
    expect(m('-A INPUT -m ecn --ecn-ip-ect 3', { tos: 0x03 })).toBe(true);
    expect(m('-A INPUT -m ecn ! --ecn-ip-ect 3', { tos: 0x03 })).toBe(false);
    expect(m('-A INPUT -p tcp -m ecn --ecn-tcp-ece', { tcpFlags: 0x42 })).toBe(true);
    expect(m('-A INPUT -p tcp -m ecn ! --ecn-tcp-cwr', { tcpFlags: 0x82 })).toBe(false);
  });
});

describe('helper, policy, rpfilter, socket, time', () => {
  it('helper: no helpers modelled → the inversion flag', () => {
    expect(m('-A INPUT -m helper --helper ftp', {}, { ct: makeConn(), ctState: 'RELATED' })).toBe(false);
    expect(m('-A INPUT -m helper ! --helper ftp', {}, { ct: makeConn(), ctState: 'RELATED' })).toBe(true);
  });
  it('policy: no IPsec → --pol none matches, --pol ipsec does not', () => {
    expect(m('-A INPUT -m policy --dir in --pol none')).toBe(true);
    expect(m('-A INPUT -m policy --dir in --pol ipsec')).toBe(false);
    expect(m('-A OUTPUT -m policy --dir out --pol ipsec --proto esp', {}, { hook: 'OUTPUT' })).toBe(false);
  });
  it('rpfilter: loopback accepted, otherwise undecided; socket undecided', () => {
    expect(m('-t raw -A PREROUTING -m rpfilter', { iif: 'lo' }, { hook: 'PREROUTING' })).toBe(true);
    expect(m('-t raw -A PREROUTING -m rpfilter --invert', { iif: 'lo' }, { hook: 'PREROUTING' })).toBe(false);
    expect(m('-t raw -A PREROUTING -m rpfilter', { src: '0.0.0.0', dst: '255.255.255.255' }, { hook: 'PREROUTING' })).toBe(true);
    expect(undecided(m('-t raw -A PREROUTING -m rpfilter', {}, { hook: 'PREROUTING' }))).toBe(true);
    expect(undecided(m('-t mangle -A PREROUTING -m socket', {}, { hook: 'PREROUTING' }))).toBe(true);
  });
  it('time: daytime (wrapping midnight, contiguous), weekdays, monthdays, dates', () => {
    // 2024-01-01 was a Monday
    const mon = Date.UTC(2024, 0, 1) / 1000;
    const at = (s: number) => ({ now: s });
    expect(m('-A INPUT -m time --timestart 09:00 --timestop 17:00', {}, at(mon + 9 * 3600))).toBe(true);
    expect(m('-A INPUT -m time --timestart 09:00 --timestop 17:00', {}, at(mon + 17 * 3600 + 1))).toBe(false);
    expect(m('-A INPUT -m time --timestart 22:00 --timestop 02:00', {}, at(mon + 23 * 3600))).toBe(true);
    expect(m('-A INPUT -m time --timestart 22:00 --timestop 02:00', {}, at(mon + 3 * 3600))).toBe(false);
    expect(m('-A INPUT -m time --weekdays Mon', {}, at(mon + 3600))).toBe(true);
    expect(m('-A INPUT -m time --weekdays Sun', {}, at(mon + 3600))).toBe(false);
    expect(m('-A INPUT -m time --weekdays Sun', {}, at(mon - 3600))).toBe(true);
    expect(m('-A INPUT -m time ! --weekdays Mon', {}, at(mon + 3600))).toBe(false);
    // Monday 01:00 inside "Sun 23:00-01:30 contiguous" counts as Sunday
    expect(m('-A INPUT -m time --timestart 23:00 --timestop 01:30 --weekdays Sun --contiguous', {}, at(mon + 3600))).toBe(true);
    expect(m('-A INPUT -m time --timestart 23:00 --timestop 01:30 --weekdays Sun', {}, at(mon + 3600))).toBe(false);
    expect(m('-A INPUT -m time --monthdays 1', {}, at(mon + 5))).toBe(true);
    expect(m('-A INPUT -m time --monthdays 2', {}, at(mon + 5))).toBe(false);
    expect(m('-A INPUT -m time --datestart 2024-01-01T00:00:10', {}, at(mon + 5))).toBe(false);
    expect(m('-A INPUT -m time --datestop 2024-01-01', {}, at(mon))).toBe(true);
    expect(m('-A INPUT -m time --datestop 2024-01-01', {}, at(mon + 1))).toBe(false);
  });
});

describe('quota, connbytes, connlimit', () => {
  it('quota counts bytes per rule and then stays exhausted', () => {
    const b = matchOf('-A INPUT -m quota --quota 150');
    const env = makeEnv({ pkt: makePacket({ len: 60 }) });
    expect([1, 2, 3].map(() => b.run(env))).toEqual([true, true, false]);
    env.pkt = makePacket({ len: 1 });
    expect(b.run(env)).toBe(false);
    const inv = matchOf('-A INPUT -m quota ! --quota 60');
    const env2 = makeEnv({ pkt: makePacket({ len: 60 }) });
    expect([1, 2].map(() => inv.run(env2))).toEqual([false, true]);
  });
  it('connbytes ranges, directions, avgpkt, inversion, no ct', () => {
    const ct = makeConn(makePacket(), { pktsOrig: 10, pktsReply: 5, bytesOrig: 1000, bytesReply: 5000 });
    const e = { ct, ctState: 'ESTABLISHED' as const };
    expect(m('-A INPUT -m connbytes --connbytes 10 --connbytes-dir original --connbytes-mode packets', {}, e)).toBe(true);
    expect(m('-A INPUT -m connbytes --connbytes 11 --connbytes-dir original --connbytes-mode packets', {}, e)).toBe(false);
    expect(m('-A INPUT -m connbytes --connbytes 0:15 --connbytes-dir both --connbytes-mode packets', {}, e)).toBe(true);
    expect(m('-A INPUT -m connbytes --connbytes 0:14 --connbytes-dir both --connbytes-mode packets', {}, e)).toBe(false);
    expect(m('-A INPUT -m connbytes --connbytes 1000:1000 --connbytes-dir reply --connbytes-mode avgpkt', {}, e)).toBe(true);
    expect(m('-A INPUT -m connbytes ! --connbytes 2000 --connbytes-dir reply --connbytes-mode bytes', {}, e)).toBe(false);
    expect(m('-A INPUT -m connbytes ! --connbytes 6000 --connbytes-dir reply --connbytes-mode bytes', {}, e)).toBe(true);
    expect(m('-A INPUT -m connbytes --connbytes 0 --connbytes-dir original --connbytes-mode packets', {}, { ctState: 'UNTRACKED' })).toBe(false);
  });
  it('connlimit counts this rule\'s live connections per masked source', () => {
    const b = matchOf('-A INPUT -p tcp -m connlimit --connlimit-above 2 --connlimit-mask 24');
    const env = makeEnv();
    const conn = (id: number, src: string) => {
      env.pkt = makePacket({ src, sport: 40000 + id });
      env.ct = makeConn(env.pkt, { id });
      env.ctState = 'NEW';
      return b.run(env);
    };
    expect(conn(1, '10.0.0.1')).toBe(false);
    expect(conn(2, '10.0.0.2')).toBe(false);
    expect(conn(3, '10.0.0.3')).toBe(true);
    expect(conn(4, '10.0.1.3')).toBe(false);
    expect(conn(1, '10.0.0.1')).toBe(true);
    const upto = matchOf('-A INPUT -p tcp -m connlimit --connlimit-upto 1');
    const env2 = makeEnv({ ct: makeConn(), ctState: 'NEW' });
    expect(upto.run(env2)).toBe(true);
  });
});

describe('u32 and string', () => {
  it('u32 over the rebuilt header: protocol, ports via ihl, length, fragment bits', () => {
    const udp: PacketOver = { proto: 17, sport: 5353, dport: 53, len: 100 };
    expect(m('-A INPUT -m u32 --u32 "6&0xFF=17"', udp)).toBe(true);
    expect(m('-A INPUT -m u32 --u32 "6&0xFF=6"', udp)).toBe(false);
    expect(m('-A INPUT -m u32 ! --u32 "6&0xFF=6"', udp)).toBe(true);
    expect(m('-A INPUT -m u32 --u32 "0>>22&0x3C@0>>16=5353"', udp)).toBe(true);
    expect(m('-A INPUT -m u32 --u32 "0>>22&0x3C@0&0xFFFF=53"', udp)).toBe(true);
    expect(m('-A INPUT -m u32 --u32 "0&0xFFFF=0x64"', udp)).toBe(true);
    expect(m('-A INPUT -m u32 --u32 "0&0xFFFF=0x65:0xFFFF"', udp)).toBe(false);
    expect(m('-A INPUT -m u32 --u32 "4&0x1FFF=0"', udp)).toBe(true);
    expect(m('-A INPUT -m u32 --u32 "97=0"', udp)).toBe(false);
    // bytes past the headers with no payload given are not known
    expect(undecided(m('-A INPUT -m u32 --u32 "96=0"', udp))).toBe(true);
    // the IP id is not modelled
    expect(undecided(m('-A INPUT -m u32 --u32 "4>>16=0x1234"', udp))).toBe(true);
    // tcp data offset is not modelled: the payload position is not known
    expect(undecided(m('-A INPUT -m u32 --u32 "0>>22&0x3C@12>>26&0x3C@0=0x47455420"', { len: 100 }))).toBe(true);
  });
  it('string in the payload, --icase, --from/--to, no payload undecided', () => {
    const p = { proto: 17, len: 28 + 20, payload: new TextEncoder().encode('GET /index.html HTTP') };
    expect(m('-A INPUT -m string --string "index" --algo bm', p)).toBe(true);
    expect(m('-A INPUT -m string --string "INDEX" --algo bm', p)).toBe(false);
    expect(m('-A INPUT -m string --string "INDEX" --algo kmp --icase', p)).toBe(true);
    expect(m('-A INPUT -m string ! --string "index" --algo bm', p)).toBe(false);
    expect(m('-A INPUT -m string --string "GET" --algo bm --to 31', p)).toBe(true);
    expect(m('-A INPUT -m string --string "GET" --algo bm --to 30', p)).toBe(false);
    expect(m('-A INPUT -m string --string "GET" --algo bm --from 29', p)).toBe(false);
    expect(undecided(m('-A INPUT -m string --string "x" --algo bm', { proto: 17 }))).toBe(true);
    expect(m('-A INPUT -p tcp -m string --string "GET" --algo bm', { len: 60, payload: new TextEncoder().encode('GET /') })).toBe(true);
    expect(undecided(m('-A INPUT -p tcp -m string --string "GET" --algo bm --to 50', { len: 60, payload: new TextEncoder().encode('GET /') }))).toBe(true);
  });
});

describe('modules that do not have the data say so', () => {
  it.each([
    ['-A INPUT -m cpu --cpu 0'],
    ['-A INPUT -p tcp -m tcpmss --mss 1000:1500'],
    ['-A INPUT -p esp -m esp --espspi 5'],
    ['-A INPUT -m devgroup --src-group 1'],
    ['-A INPUT -m nfacct --nfacct-name x'],
  ])('%s is undecided', (line) => {
    const r = m(line, { proto: line.includes('esp') ? 50 : 6 });
    expect(undecided(r)).toBe(true);
  });
  it('decided parts of partially modelled modules', () => {
    expect(m('-A INPUT -p esp -m esp --espspi 0:4294967295', { proto: 50 })).toBe(true);
    expect(m('-A INPUT -p esp -m esp ! --espspi 0:4294967295', { proto: 50 })).toBe(false);
    expect(m('-A INPUT -m cluster --cluster-total-nodes 2 --cluster-local-node 1 --cluster-hash-seed 1', {}, { ctState: 'INVALID' })).toBe(false);
    expect(m('-A INPUT -m cgroup --cgroup 1', {}, { hook: 'FORWARD' })).toBe(false);
    expect(undecided(m('-A OUTPUT -m cgroup --cgroup 1', { iif: '' }, { hook: 'OUTPUT' }))).toBe(true);
  });
  it('eui64 compares the source MAC with the interface id', () => {
    const e = matchOf('-A INPUT -m eui64', undefined, 'ipv6');
    expect(e.run(makeEnv({ pkt: makePacket({ family: 'ipv6', src: 'fe80::5054:ff:feab:cdef', srcMac: '52:54:00:ab:cd:ef' }) }))).toBe(true);
    expect(e.run(makeEnv({ pkt: makePacket({ family: 'ipv6', src: 'fe80::1', srcMac: '52:54:00:ab:cd:ef' }) }))).toBe(false);
  });
});

// Target semantics (the kernel ->target functions) of every target module: rules are parsed from the text users
// write, then apply() runs on a hand-made packet and environment. Expected values follow the kernel sources
// (xt_MARK.c, xt_connmark.c, xt_nat.c, xt_NETMAP.c, nf_nat_redirect.c, ipt_REJECT.c/ip6t_REJECT.c with
// nf_reject_ipv4/6.c and icmp_send, nf_log_syslog.c, xt_TCPMSS.c, xt_DSCP.c, xt_HL.c, xt_CT.c, xt_NFQUEUE.c,
// xt_SYNPROXY/nf_synproxy_core.c, xt_set.c).
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/syntax/command.js';
import { findTarget } from '../../src/extensions/registry.js';
import { registerIpset, unregisterIpset } from '../../src/extensions/match/set.js';
import { isUndecided, type IpSetView, type PacketEnv, type TargetOutcome } from '../../src/extensions/types.js';
import type { Addr, Connection, CtState, Hook, Packet } from '../../src/model/packet.js';
import type { Family, TableName } from '../../src/model/ruleset.js';
import { ip, ip4, ip6, makePacket as sharedMakePacket } from '../support/packet-env.js';
import { shellWords } from './target-golden.js';

// ---------- packets from test/support/packet-env.ts; a local environment with the host facts targets read ----------

const makePacket = (over: Partial<Packet> & { family?: Family } = {}): Packet => sharedMakePacket({ srcMac: '52:54:00:ab:cd:ef', ...over });

function makeConn(mark = 0): Connection {
  const t = { proto: 6, src: ip4('198.51.100.7'), dst: ip4('192.0.2.1'), sport: 51234, dport: 22 };
  return {
    id: 1, family: 'ipv4', orig: t, reply: { proto: 6, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport },
    seenReply: false, assured: false, srcNat: false, dstNat: false, srcNatDone: false, dstNatDone: false,
    mark, tcpState: 'SYN_SENT', confirmed: false, created: 0, lastSeen: 0, pktsOrig: 1, pktsReply: 0, bytesOrig: 60, bytesReply: 0,
  };
}

interface EnvOpts {
  pkt?: Packet;
  hook?: Hook;
  table?: TableName;
  ct?: Connection;
  ctState?: CtState;
  macs?: Record<string, string>;
  addrs?: Record<string, string[]>;
  types?: (a: Addr) => string[];
  sets?: Record<string, IpSetView>;
  now?: number;
}

function makeEnv(o: EnvOpts = {}): PacketEnv & { sharedStore: Map<string, unknown> } {
  const pkt = o.pkt ?? makePacket();
  const sharedStore = new Map<string, unknown>();
  const stateStore = new Map<unknown, unknown>();
  const macs = o.macs ?? { eth0: '52:54:00:12:34:56', eth1: '52:54:00:99:88:77' };
  return {
    pkt,
    family: pkt.family,
    hook: o.hook ?? 'INPUT',
    table: o.table ?? 'filter',
    chain: o.hook ?? 'INPUT',
    ct: o.ct,
    ctState: o.ctState ?? (o.ct ? 'NEW' : 'UNTRACKED'),
    ctReply: false,
    now: o.now ?? 100,
    random: () => 0.5,
    random32: () => 0x12345678,
    chance: () => true,
    state<T>(inst: unknown, init: () => T): T {
      if (!stateStore.has(inst)) stateStore.set(inst, init());
      return stateStore.get(inst) as T;
    },
    shared<T>(key: string, init: () => T): T {
      if (!sharedStore.has(key)) sharedStore.set(key, init());
      return sharedStore.get(key) as T;
    },
    sharedStore,
    addrTypes: (a: Addr) => new Set(o.types ? o.types(a) : ['UNICAST']),
    ifaceMac: (name: string) => macs[name],
    ifaceAddrs: (name: string) => (o.addrs?.[name] ?? []).map(ip),
    ipset: (name: string) => o.sets?.[name],
    undecided: (reason: string) => ({ undecided: reason }),
  } as PacketEnv & { sharedStore: Map<string, unknown> };
}

/** parse `line` as `iptables -t table ...` and run the rule's target on env */
function run(line: string, env: PacketEnv, table: TableName = env.table): TargetOutcome {
  const family = env.family;
  const cmd = parseCommand(shellWords(line), { family, flavor: 'nft', restore: false, table });
  const r = cmd.rules[0];
  if (r.target.kind !== 'ext') throw new Error(`no target extension in ${line}`);
  const def = findTarget(r.target.ext.name, family);
  if (!def?.apply) throw new Error(`no apply for ${r.target.ext.name}`);
  return def.apply(r.target.ext, env);
}

function decided(o: TargetOutcome): Exclude<TargetOutcome, { undecided: string }> {
  if (isUndecided(o)) throw new Error(`undecided: ${o.undecided}`);
  return o;
}

// ---------- MARK / CONNMARK ----------

describe('MARK', () => {
  const mark = (rule: string, before: number) => {
    const env = makeEnv({ pkt: makePacket({ mark: before }), hook: 'PREROUTING', table: 'mangle' });
    const o = decided(run(`-A PREROUTING ${rule}`, env));
    expect(o.verdict).toBe('CONTINUE');
    return { mark: env.pkt.mark, note: o.note };
  };
  it('every form is (mark & ~mask) ^ value', () => {
    expect(mark('-j MARK --set-mark 0x4000', 0x1)).toEqual({ mark: 0x4000, note: 'mark 0x1 → 0x4000' });
    expect(mark('-j MARK --set-mark 0x10/0xf0', 0x123).mark).toBe(0x113);
    expect(mark('-j MARK --set-xmark 0x10/0xf0', 0x1ff).mark).toBe(0x11f);
    expect(mark('-j MARK --set-xmark 0x1/0x0', 0x3).mark).toBe(0x2);
    expect(mark('-j MARK --and-mark 0xff', 0x1234).mark).toBe(0x34);
    expect(mark('-j MARK --or-mark 0x100', 0x1).mark).toBe(0x101);
    expect(mark('-j MARK --xor-mark 0x3', 0x1).mark).toBe(0x2);
    expect(mark('-j MARK --set-mark 0xffffffff', 0).mark).toBe(0xffffffff);
    expect(mark('-j MARK --and-mark 0', 0xdeadbeef).mark).toBe(0);
  });
});

describe('CONNMARK', () => {
  const go = (rule: string, pktMark: number, ctMark: number | undefined, ctState?: CtState) => {
    const ct = ctMark === undefined ? undefined : makeConn(ctMark);
    const env = makeEnv({ pkt: makePacket({ mark: pktMark }), hook: 'PREROUTING', table: 'mangle', ct, ctState });
    const o = decided(run(`-A PREROUTING ${rule}`, env));
    expect(o.verdict).toBe('CONTINUE');
    return { mark: env.pkt.mark, ctmark: ct?.mark, note: o.note };
  };
  it('set forms change the connection mark', () => {
    expect(go('-j CONNMARK --set-mark 0x10/0xf0', 0, 0x123)).toEqual({ mark: 0, ctmark: 0x113, note: 'ctmark 0x123 → 0x113' });
    expect(go('-j CONNMARK --set-mark 7', 0, 0xff).ctmark).toBe(7);
    expect(go('-j CONNMARK --or-mark 0x100', 0, 1).ctmark).toBe(0x101);
    expect(go('-j CONNMARK --and-mark 0xf', 0, 0xff).ctmark).toBe(0xf);
    expect(go('-j CONNMARK --xor-mark 0x3', 0, 0x1).ctmark).toBe(0x2);
  });
  it('save-mark: ctmark = (ctmark & ~ctmask) ^ (mark & nfmask)', () => {
    expect(go('-j CONNMARK --save-mark', 0x4000, 0x1)).toEqual({ mark: 0x4000, ctmark: 0x4000, note: 'ctmark 0x1 → 0x4000' });
    expect(go('-j CONNMARK --save-mark --mask 0xff', 0x1234, 0xab00).ctmark).toBe(0xab34);
    expect(go('-j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff00', 0x12, 0xabcd).ctmark).toBe(0x00cd ^ 0x12);
  });
  it('restore-mark: mark = (mark & ~nfmask) ^ (ctmark & ctmask)', () => {
    const r = go('-j CONNMARK --restore-mark', 0x1, 0x4000);
    expect(r.mark).toBe(0x4000);
    expect(r.ctmark).toBe(0x4000);
    expect(r.note).toBe('mark 0x1 → 0x4000 (from ctmark 0x4000)');
    expect(go('-j CONNMARK --restore-mark --mask 0xff', 0xab00, 0x1234).mark).toBe(0xab34);
    expect(go('-j CONNMARK --restore-mark --ctmask 0xf0 --nfmask 0xff', 0x1ff, 0xab).mark).toBe(0x1a0);
  });
  it('shifts apply to the moved bits (the whole new value for set)', () => {
    expect(go('-j CONNMARK --save-mark --nfmask 0xff00 --ctmask 0xff --right-shift-mark 8', 0xab00, 0x1200).ctmark).toBe(0x12ab);
    expect(go('-j CONNMARK --restore-mark --ctmask 0xff --nfmask 0xff00 --left-shift-mark 8', 0x1, 0xcd).mark).toBe(0xcd01);
    expect(go('-j CONNMARK --set-xmark 0x3/0xf --left-shift-mark 4', 0, 0x100).ctmark).toBe(0x1030);
  });
  it('no connection (untracked, invalid): nothing happens', () => {
    const a = go('-j CONNMARK --restore-mark', 0x5, undefined);
    expect(a.mark).toBe(0x5);
    expect(a.note).toMatch(/no connection/);
    expect(go('-j CONNMARK --set-mark 1', 0, 0x7, 'INVALID')).toMatchObject({ ctmark: 0x7 });
  });
});

// ---------- NAT ----------

describe('NAT targets', () => {
  const nat = (rule: string, env: PacketEnv) => decided(run(rule, env, 'nat'));
  const pre = (family: Family = 'ipv4', over: Partial<Packet> = {}) => makeEnv({ pkt: makePacket({ family, ...over }), hook: 'PREROUTING', table: 'nat', ct: makeConn(), ctState: 'NEW' });

  it('DNAT: destination range, ports, flags', () => {
    const o = nat('-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.3:8080-8090 --random --persistent', pre());
    expect(o.verdict).toBe('ACCEPT');
    expect(o.nat).toEqual({ manip: 'DST', kind: 'DNAT', minAddr: ip4('10.0.0.1'), maxAddr: ip4('10.0.0.3'), minPort: 8080, maxPort: 8090, random: true, persistent: true });
    expect(o.note).toBe('DNAT to 10.0.0.1-10.0.0.3:8080-8090 random persistent');
    expect(nat('-A PREROUTING -j DNAT --to-destination 10.0.0.9', pre()).nat).toEqual({ manip: 'DST', kind: 'DNAT', minAddr: ip4('10.0.0.9'), maxAddr: ip4('10.0.0.9') });
  });
  it('DNAT: port only keeps the address; shifted port map carries its base', () => {
    expect(nat('-A PREROUTING -p tcp -j DNAT --to-destination :8080', pre()).nat).toEqual({ manip: 'DST', kind: 'DNAT', minPort: 8080, maxPort: 8080 });
    const o = nat('-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:1000-2000/1500', pre());
    expect(o.nat).toMatchObject({ minPort: 1000, maxPort: 2000, portOffsetBase: 1500 });
    expect(o.note).toBe('DNAT to 10.0.0.1:1000-2000/1500');
  });
  it('DNAT IPv6 with brackets', () => {
    const o = nat('-A PREROUTING -p tcp -j DNAT --to-destination [2001:db8::10]:443', pre('ipv6'));
    expect(o.nat).toEqual({ manip: 'DST', kind: 'DNAT', minAddr: ip6('2001:db8::10'), maxAddr: ip6('2001:db8::10'), minPort: 443, maxPort: 443 });
  });
  it('SNAT: source manip; rev 0 has no base port, the offset flag stays (base 0)', () => {
    const env = makeEnv({ pkt: makePacket({ oif: 'eth1' }), hook: 'POSTROUTING', table: 'nat' });
    expect(nat('-A POSTROUTING -j SNAT --to-source 192.0.2.100 --random-fully', env).nat).toEqual({ manip: 'SRC', kind: 'SNAT', minAddr: ip4('192.0.2.100'), maxAddr: ip4('192.0.2.100'), randomFully: true });
    expect(nat('-A POSTROUTING -p udp -j SNAT --to-source 192.0.2.100:1000-2000/1500', env).nat).toMatchObject({ minPort: 1000, maxPort: 2000, portOffsetBase: 0 });
  });
  it('MASQUERADE: no address (the engine picks the outgoing address), ports and flags', () => {
    const env = makeEnv({ pkt: makePacket({ oif: 'eth1' }), hook: 'POSTROUTING', table: 'nat' });
    const o = nat('-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-2000 --random', env);
    expect(o.verdict).toBe('ACCEPT');
    expect(o.nat).toEqual({ manip: 'SRC', kind: 'MASQUERADE', minPort: 1024, maxPort: 2000, random: true });
    expect(o.note).toMatch(/eth1/);
  });
  it('REDIRECT: input device address, loopback from OUTPUT, NF_DROP without an address', () => {
    const env = makeEnv({ pkt: makePacket(), hook: 'PREROUTING', table: 'nat', addrs: { eth0: ['192.0.2.1', '192.0.2.2'] } });
    expect(nat('-A PREROUTING -p tcp -j REDIRECT --to-ports 3128', env).nat).toEqual({ manip: 'DST', kind: 'REDIRECT', minAddr: ip4('192.0.2.1'), maxAddr: ip4('192.0.2.1'), minPort: 3128, maxPort: 3128 });
    const out = makeEnv({ pkt: makePacket({ iif: '' }), hook: 'OUTPUT', table: 'nat' });
    expect(nat('-A OUTPUT -p tcp -j REDIRECT', out).nat).toEqual({ manip: 'DST', kind: 'REDIRECT', minAddr: 0x7f000001, maxAddr: 0x7f000001 });
    const none = nat('-A PREROUTING -p tcp -j REDIRECT', makeEnv({ hook: 'PREROUTING', table: 'nat' }));
    expect(none.verdict).toBe('DROP');
    expect(none.nat).toBeUndefined();
    const out6 = makeEnv({ pkt: makePacket({ family: 'ipv6', iif: '' }), hook: 'OUTPUT', table: 'nat' });
    expect(nat('-A OUTPUT -j REDIRECT', out6).nat?.minAddr).toBe(1n);
  });
  it('REDIRECT IPv6 picks an address of the destination scope', () => {
    const addrs = { eth0: ['fe80::1', '2001:db8::1'] };
    const g = makeEnv({ pkt: makePacket({ family: 'ipv6' }), hook: 'PREROUTING', table: 'nat', addrs });
    expect(nat('-A PREROUTING -j REDIRECT', g).nat?.minAddr).toBe(ip6('2001:db8::1'));
    const ll = makeEnv({ pkt: makePacket({ family: 'ipv6', dst: ip6('fe80::1') }), hook: 'PREROUTING', table: 'nat', addrs });
    expect(nat('-A PREROUTING -j REDIRECT', ll).nat?.minAddr).toBe(ip6('fe80::1'));
    const llOnly = makeEnv({ pkt: makePacket({ family: 'ipv6', dst: ip6('fe80::1') }), hook: 'PREROUTING', table: 'nat', addrs: { eth0: ['2001:db8::1'] } });
    expect(nat('-A PREROUTING -j REDIRECT', llOnly).verdict).toBe('DROP');
  });
  it('NETMAP: destination in PREROUTING/OUTPUT, source in POSTROUTING/INPUT', () => {
    const env = makeEnv({ pkt: makePacket({ dst: ip4('192.168.5.7') }), hook: 'PREROUTING', table: 'nat' });
    const o = nat('-A PREROUTING -j NETMAP --to 10.1.0.0/16', env);
    expect(o.nat).toEqual({ manip: 'DST', kind: 'NETMAP', minAddr: ip4('10.1.5.7'), maxAddr: ip4('10.1.5.7'), netmapMask: 0xffff0000 });
    expect(o.note).toBe('NETMAP destination 192.168.5.7 → 10.1.5.7');
    const post = makeEnv({ pkt: makePacket({ src: ip4('172.16.3.4') }), hook: 'POSTROUTING', table: 'nat' });
    expect(nat('-A POSTROUTING -j NETMAP --to 10.2.0.0/24', post).nat).toMatchObject({ manip: 'SRC', minAddr: ip4('10.2.0.4') });
    const v6 = makeEnv({ pkt: makePacket({ family: 'ipv6', src: ip6('2001:db8:aaaa::42') }), hook: 'INPUT', table: 'nat' });
    expect(nat('-A INPUT -j NETMAP --to fd00:1::/64', v6).nat).toMatchObject({ manip: 'SRC', minAddr: ip6('fd00:1::42') });
  });
});

// ---------- REJECT ----------

describe('REJECT', () => {
  const rej = (rule: string, over: Partial<Packet> = {}, family: Family = 'ipv4', types?: (a: Addr) => string[]) =>
    decided(run(`-A INPUT ${rule}`, makeEnv({ pkt: makePacket({ family, ...over }), types }), 'filter'));

  it('IPv4 ICMP types and codes', () => {
    const cases: [string, number, string][] = [
      ['', 3, 'icmp-port-unreachable'],
      ['--reject-with icmp-net-unreachable', 0, 'icmp-net-unreachable'],
      ['--reject-with host-unreach', 1, 'icmp-host-unreachable'],
      ['--reject-with icmp-proto-unreachable', 2, 'icmp-proto-unreachable'],
      ['--reject-with icmp-net-prohibited', 9, 'icmp-net-prohibited'],
      ['--reject-with icmp-host-prohibited', 10, 'icmp-host-prohibited'],
      ['--reject-with icmp-admin-prohibited', 13, 'icmp-admin-prohibited'],
    ];
    for (const [opt, code, name] of cases) {
      const o = rej(`-j REJECT ${opt}`);
      expect(o.verdict).toBe('DROP');
      expect(o.reject).toEqual({ with: name, icmpType: 3, icmpCode: code });
    }
    expect(rej('-j REJECT').note).toBe('reject with icmp-port-unreachable (icmp type 3 code 3)');
  });
  it('IPv6 ICMPv6 types and codes', () => {
    const cases: [string, number, string][] = [
      ['', 4, 'icmp6-port-unreachable'],
      ['--reject-with icmp6-no-route', 0, 'icmp6-no-route'],
      ['--reject-with icmp6-adm-prohibited', 1, 'icmp6-adm-prohibited'],
      ['--reject-with icmp6-addr-unreachable', 3, 'icmp6-addr-unreachable'],
      ['--reject-with icmp6-policy-fail', 5, 'icmp6-policy-fail'],
      ['--reject-with icmp6-reject-route', 6, 'icmp6-reject-route'],
    ];
    for (const [opt, code, name] of cases) {
      expect(rej(`-j REJECT ${opt}`, {}, 'ipv6').reject).toEqual({ with: name, icmpType: 1, icmpCode: code });
    }
  });
  it('tcp-reset', () => {
    expect(rej('-p tcp -j REJECT --reject-with tcp-reset').reject).toEqual({ with: 'tcp-reset' });
    expect(rej('-p tcp -j REJECT --reject-with tcp-reset', {}, 'ipv6').reject).toEqual({ with: 'tcp-reset' });
    const rst = rej('-p tcp -j REJECT --reject-with tcp-reset', { tcpFlags: 0x14 });
    expect(rst.verdict).toBe('DROP');
    expect(rst.reject).toBeUndefined();
    expect(rst.note).toBe('REJECT: no RST sent: no RST in reply to a RST');
    // a link-layer broadcast frame still gets its RST (nf_send_reset checks the route, not pkt_type)
    expect(rej('-p tcp -j REJECT --reject-with tcp-reset', { pktType: 'broadcast' }).reject).toEqual({ with: 'tcp-reset' });
    expect(rej('-p tcp -j REJECT --reject-with tcp-reset', { dst: ip6('ff02::1') }, 'ipv6').reject).toBeUndefined();
  });
  it('packets the kernel sends no ICMP error for', () => {
    const icmpErr = rej('-j REJECT', { proto: 1, icmpType: 3, icmpCode: 1, sport: 0, dport: 0 });
    expect(icmpErr.reject).toBeUndefined();
    expect(icmpErr.note).toBe('REJECT: no ICMP error sent: the packet is an ICMP error');
    expect(rej('-j REJECT', { proto: 1, icmpType: 8, icmpCode: 0 }).reject).toEqual({ with: 'icmp-port-unreachable', icmpType: 3, icmpCode: 3 });
    expect(rej('-j REJECT', { fragment: true }).note).toMatch(/not the first fragment/);
    expect(rej('-j REJECT', { pktType: 'broadcast' }).note).toMatch(/PACKET_HOST/);
    expect(rej('-j REJECT', { dst: ip4('192.0.2.255') }, 'ipv4', (a) => (a === ip4('192.0.2.255') ? ['BROADCAST'] : ['UNICAST'])).reject).toBeUndefined();
    expect(rej('-j REJECT', { dst: ip4('239.1.2.3') }).reject).toBeUndefined();
    expect(rej('-j REJECT', { proto: 58, icmpType: 1, icmpCode: 4 }, 'ipv6').note).toBe('REJECT: no ICMPv6 error sent: the packet is an ICMPv6 error');
    expect(rej('-j REJECT', { proto: 58, icmpType: 128, icmpCode: 0 }, 'ipv6').reject?.icmpType).toBe(1);
    expect(rej('-j REJECT', { dst: ip6('ff02::1') }, 'ipv6').reject).toBeUndefined();
    expect(rej('-j REJECT', { src: 0n }, 'ipv6').reject).toBeUndefined();
  });
});

// ---------- LOG / NFLOG ----------

describe('LOG', () => {
  const log = (rule: string, env: PacketEnv) => {
    const o = decided(run(`-A ${env.hook} ${rule}`, env, 'filter'));
    expect(o.verdict).toBe('CONTINUE');
    return o.log;
  };
  const MAC = 'MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:08:00';

  it('TCP SYN arriving on eth0 (INPUT)', () => {
    const env = makeEnv({ hook: 'INPUT' });
    expect(log('-p tcp -j LOG --log-prefix "FW: "', env)).toBe(
      `FW: IN=eth0 OUT= ${MAC} SRC=198.51.100.7 DST=192.0.2.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=20306 PROTO=TCP SPT=51234 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 `,
    );
    expect(log('-p tcp -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options', env)).toBe(
      `IN=eth0 OUT= ${MAC} SRC=198.51.100.7 DST=192.0.2.1 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=20306 PROTO=TCP SPT=51234 DPT=22 SEQ=1000 ACK=0 WINDOW=64240 RES=0x00 SYN URGP=0 `,
    );
    // prefix without a trailing blank runs into IN= as in the kernel
    expect(log('-j LOG --log-prefix DROP', env)).toMatch(/^DROPIN=eth0 OUT= /);
  });
  it('ACK/PSH flags, TOS/PREC split (uppercase hex), mark', () => {
    const env = makeEnv({ pkt: makePacket({ tcpFlags: 0x18, tos: 0xb9, mark: 0x4000, len: 1500 }), hook: 'INPUT' });
    expect(log('-j LOG --log-tcp-sequence', env)).toBe(
      `IN=eth0 OUT= ${MAC} SRC=198.51.100.7 DST=192.0.2.1 LEN=1500 TOS=0x18 PREC=0xA0 TTL=64 ID=20306 PROTO=TCP SPT=51234 DPT=22 SEQ=1000 ACK=2000 WINDOW=64240 RES=0x00 ACK PSH URGP=0 MARK=0x4000 `,
    );
  });
  it('UDP forwarded eth0 → eth1, with --log-macdecode', () => {
    const env = makeEnv({ pkt: makePacket({ proto: 17, sport: 40000, dport: 53, len: 76, ttl: 63, oif: 'eth1', tcpFlags: 0 }), hook: 'FORWARD' });
    expect(log('-j LOG', env)).toBe(
      `IN=eth0 OUT=eth1 ${MAC} SRC=198.51.100.7 DST=192.0.2.1 LEN=76 TOS=0x00 PREC=0x00 TTL=63 ID=20306 PROTO=UDP SPT=40000 DPT=53 LEN=56 `,
    );
    expect(log('-j LOG --log-macdecode', env)).toBe(
      'IN=eth0 OUT=eth1 MACSRC=52:54:00:ab:cd:ef MACDST=52:54:00:12:34:56 MACPROTO=0800 SRC=198.51.100.7 DST=192.0.2.1 LEN=76 TOS=0x00 PREC=0x00 TTL=63 ID=20306 PROTO=UDP SPT=40000 DPT=53 LEN=56 ',
    );
  });
  it('ICMP echo request generated locally (OUTPUT): no IN, no MAC; --log-uid', () => {
    const pkt = makePacket({ proto: 1, src: ip4('192.0.2.1'), dst: ip4('198.51.100.7'), sport: 0, dport: 0, tcpFlags: 0, icmpType: 8, icmpCode: 0, icmpId: 4321, len: 84, iif: '', oif: 'eth0', uid: 1000, gid: 1000, srcMac: undefined });
    const env = makeEnv({ pkt, hook: 'OUTPUT' });
    expect(log('-j LOG --log-prefix "ping "', env)).toBe(
      'ping IN= OUT=eth0 SRC=192.0.2.1 DST=198.51.100.7 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=20306 PROTO=ICMP TYPE=8 CODE=0 ID=4321 SEQ=1 ',
    );
    expect(log('-j LOG --log-uid', env)).toMatch(/ ID=4321 SEQ=1 UID=1000 GID=1000 $/);
  });
  it('other shapes: fragment, ICMP error, loopback, tunnel device, broadcast frame, unknown protocol', () => {
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ fragment: true }) }))).toMatch(/ ID=20306 FRAG:185 PROTO=TCP $/);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ proto: 1, icmpType: 3, icmpCode: 4, len: 576 }) }))).toMatch(/PROTO=ICMP TYPE=3 CODE=4 \[inner packet not modelled\] MTU=1500 $/);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ proto: 1, icmpType: 3, icmpCode: 3, len: 40 }) }))).toMatch(/PROTO=ICMP TYPE=3 CODE=3 INCOMPLETE \[20 bytes\] $/);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ iif: 'lo', srcMac: undefined }) }))).toMatch(/^IN=lo OUT= MAC=00:00:00:00:00:00:00:00:00:00:00:00:08:00 SRC=/);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ iif: 'wg0' }) }))).toMatch(/^IN=wg0 OUT= MAC= SRC=/);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ pktType: 'broadcast', proto: 17, dst: ip4('192.0.2.255') }) }))).toMatch(/MAC=ff:ff:ff:ff:ff:ff:52:54:00:ab:cd:ef:08:00 /);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ proto: 47 }) }))).toMatch(/ID=20306 PROTO=47 $/);
    expect(log('-j LOG', makeEnv({ pkt: makePacket({ len: 30 }) }))).toMatch(/PROTO=TCP INCOMPLETE \[10 bytes\] $/);
  });
  it('IPv6: full-length addresses, TC/HOPLIMIT/FLOWLBL, ICMPv6 echo', () => {
    const env = makeEnv({ pkt: makePacket({ family: 'ipv6' }), hook: 'INPUT' });
    expect(log('-j LOG --log-prefix "v6 "', env)).toBe(
      'v6 IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:ab:cd:ef:86:dd SRC=2001:0db8:0000:0000:0000:0000:0000:0007 DST=2001:0db8:0000:0000:0000:0000:0000:0001 LEN=80 TC=0 HOPLIMIT=64 FLOWLBL=0 PROTO=TCP SPT=51234 DPT=22 WINDOW=64240 RES=0x00 SYN URGP=0 ',
    );
    const echo = makeEnv({ pkt: makePacket({ family: 'ipv6', proto: 58, icmpType: 128, icmpCode: 0, icmpId: 7, len: 104, tcpFlags: 0, tos: 0x20 }), hook: 'INPUT' });
    expect(log('-j LOG', echo)).toMatch(/LEN=104 TC=32 HOPLIMIT=64 FLOWLBL=0 PROTO=ICMPv6 TYPE=128 CODE=0 ID=7 SEQ=1 $/);
  });
});

describe('NFLOG', () => {
  it('group and prefix', () => {
    const o = decided(run('-A INPUT -j NFLOG --nflog-group 5 --nflog-prefix "fw drop"', makeEnv()));
    expect(o).toEqual({ verdict: 'CONTINUE', note: 'nflog group 5 prefix "fw drop"', log: 'nflog group 5 prefix "fw drop"' });
    expect(decided(run('-A INPUT -j NFLOG', makeEnv())).log).toBe('nflog group 0');
  });
});

// ---------- conntrack-related ----------

describe('CT / NOTRACK / TRACE', () => {
  const raw = (rule: string, ct?: Connection) => decided(run(`-A PREROUTING ${rule}`, makeEnv({ hook: 'PREROUTING', table: 'raw', ct }), 'raw'));
  it('notrack', () => {
    expect(raw('-j CT --notrack')).toMatchObject({ verdict: 'CONTINUE', notrack: true });
    expect(raw('-j NOTRACK')).toMatchObject({ verdict: 'CONTINUE', notrack: true });
  });
  it('a packet that already has a conntrack entry is left alone', () => {
    const o = raw('-j CT --notrack', makeConn());
    expect(o.notrack).toBeUndefined();
    expect(o.note).toMatch(/already has a conntrack entry/);
  });
  it('templates', () => {
    expect(raw('-p tcp -j CT --helper ftp --zone 5').note).toBe('conntrack template: zone 5, helper ftp');
    expect(raw('-j CT --zone-orig mark --ctevents new,destroy').note).toBe('conntrack template: zone 0 (from mark) (original direction), ctevents new,destroy');
  });
  it('TRACE', () => {
    expect(raw('-j TRACE')).toEqual({ verdict: 'CONTINUE', note: 'trace' });
  });
});

// ---------- header rewriting ----------

describe('TCPMSS', () => {
  const mss = (rule: string, over: Partial<Packet> = {}, family: Family = 'ipv4') => {
    const env = makeEnv({ pkt: makePacket({ family, ...over }), hook: 'FORWARD', table: 'mangle' });
    return { o: decided(run(`-A FORWARD -p tcp --tcp-flags SYN,RST SYN ${rule}`, env)), len: env.pkt.len };
  };
  it('no options and no payload: an MSS option is added (at most 536 / 1220)', () => {
    const a = mss('-j TCPMSS --set-mss 1400', { len: 40 });
    expect(a.len).toBe(44);
    expect(a.o.note).toBe('TCPMSS: no MSS option, added MSS 536; length 40 → 44');
    expect(mss('-j TCPMSS --set-mss 500', { len: 40 }).o.note).toMatch(/added MSS 500;/);
    expect(mss('-j TCPMSS --set-mss 1400', { len: 60 }, 'ipv6').o.note).toMatch(/added MSS 1220;/);
    expect(mss('-j TCPMSS --clamp-mss-to-pmtu', { len: 40 }).o.note).toMatch(/added MSS 536 \(min\(path MTU − 40, 536\)\)/);
  });
  it('longer packets: only lowered, never raised; fragments untouched; truncated header dropped', () => {
    const b = mss('-j TCPMSS --set-mss 1400', { len: 60 });
    expect(b.o.verdict).toBe('CONTINUE');
    expect(b.len).toBe(60);
    expect(b.o.note).toMatch(/above 1400 is lowered/);
    expect(mss('-j TCPMSS --set-mss 1400', { fragment: true }).o.note).toMatch(/fragment/);
    expect(mss('-j TCPMSS --set-mss 1400', { len: 30 }).o.verdict).toBe('DROP');
  });
});

describe('TOS / DSCP / TTL / HL / CLASSIFY', () => {
  const mangle = (rule: string, over: Partial<Packet> = {}, family: Family = 'ipv4', hook: Hook = 'FORWARD') => {
    const env = makeEnv({ pkt: makePacket({ family, ...over }), hook, table: 'mangle' });
    const o = decided(run(`-A ${hook} ${rule}`, env));
    expect(o.verdict).toBe('CONTINUE');
    return { pkt: env.pkt, note: o.note };
  };
  it('TOS: (old & ~mask) ^ value on the whole byte', () => {
    expect(mangle('-j TOS --set-tos 0x10', { tos: 0x03 })).toMatchObject({ pkt: { tos: 0x10 }, note: 'TOS 0x03 → 0x10' });
    expect(mangle('-j TOS --set-tos Minimize-Delay', { tos: 0xc3 }).pkt.tos).toBe(0xd0);
    expect(mangle('-j TOS --set-tos 0x08/0x0c', { tos: 0xff }).pkt.tos).toBe(0xfb);
    expect(mangle('-j TOS --and-tos 0x0f', { tos: 0xff }).pkt.tos).toBe(0x0f);
    expect(mangle('-j TOS --or-tos 0x10', { tos: 0x01 }).pkt.tos).toBe(0x11);
    expect(mangle('-j TOS --xor-tos 0x01', { tos: 0x03 }).pkt.tos).toBe(0x02);
    expect(mangle('-j TOS --set-tos 0x20', { tos: 0x01 }, 'ipv6').note).toBe('TC 0x01 → 0x20');
  });
  it('DSCP keeps the ECN bits', () => {
    expect(mangle('-j DSCP --set-dscp-class EF', { tos: 0x01 })).toMatchObject({ pkt: { tos: 0xb9 }, note: 'DSCP 0x00 → 0x2e (TOS 0x01 → 0xb9)' });
    expect(mangle('-j DSCP --set-dscp 0', { tos: 0xbb }, 'ipv6').pkt.tos).toBe(0x03);
  });
  it('TTL and HL saturate', () => {
    expect(mangle('-j TTL --ttl-dec 1')).toMatchObject({ pkt: { ttl: 63 }, note: 'TTL 64 → 63' });
    expect(mangle('-j TTL --ttl-dec 5', { ttl: 3 }).pkt.ttl).toBe(0);
    expect(mangle('-j TTL --ttl-inc 10', { ttl: 250 }).pkt.ttl).toBe(255);
    expect(mangle('-j TTL --ttl-set 1', { ttl: 200 }).pkt.ttl).toBe(1);
    expect(mangle('-j HL --hl-set 255', {}, 'ipv6')).toMatchObject({ pkt: { ttl: 255 }, note: 'HL 64 → 255' });
    expect(mangle('-j HL --hl-dec 2', { ttl: 1 }, 'ipv6').pkt.ttl).toBe(0);
  });
  it('CLASSIFY sets skb->priority', () => {
    expect(mangle('-j CLASSIFY --set-class 1:10', {}, 'ipv4', 'POSTROUTING')).toMatchObject({ pkt: { priority: 0x10010 }, note: 'priority 0x0 → 0x10010 (class 1:10)' });
  });
});

describe('targets with effects outside the packet model', () => {
  const one = (rule: string, table: TableName = 'mangle', env = makeEnv({ hook: 'FORWARD', table })) => decided(run(`-A FORWARD ${rule}`, env, table));
  it('CONTINUE with a note', () => {
    expect(one('-j CHECKSUM --checksum-fill').note).toMatch(/checksum/);
    expect(one('-j SECMARK --selctx system_u:object_r:ssh_packet_t:s0').note).toBe('secmark set from system_u:object_r:ssh_packet_t:s0 (not modelled)');
    expect(one('-j CONNSECMARK --save').note).toMatch(/saved/);
    expect(one('-j CONNSECMARK --restore').note).toMatch(/restored/);
    expect(one('-j AUDIT --type drop', 'filter')).toEqual({ verdict: 'CONTINUE', note: 'audit NETFILTER_PKT record (--type drop)' });
    expect(one('-j LED --led-trigger-id ssh --led-delay 100', 'filter').note).toBe('led trigger netfilter-ssh on for 100 ms');
    expect(one('-j ULOG --ulog-nlgroup 3 --ulog-prefix x', 'filter')).toMatchObject({ verdict: 'CONTINUE', log: 'ulog nlgroup 3 prefix "x"' });
  });
  it('IDLETIMER rearms the label timer', () => {
    const env = makeEnv({ hook: 'FORWARD', table: 'filter', now: 100 });
    const o = one('-j IDLETIMER --timeout 60 --label wan', 'filter', env);
    expect(o.note).toBe('idletimer wan rearmed: fires at t=160s unless traffic comes first');
    expect((env.sharedStore.get('IDLETIMER') as Map<string, number>).get('wan')).toBe(160);
  });
});

// ---------- SET / NFQUEUE / TPROXY / SYNPROXY ----------

describe('SET', () => {
  const calls: string[] = [];
  const view = (name: string, member: boolean): IpSetView => ({
    name, type: 'hash:ip',
    test: (_p, dirs) => { calls.push(`test ${name} ${dirs.join(',')}`); return member; },
    add: (_p, dirs) => { calls.push(`add ${name} ${dirs.join(',')}`); },
    del: (_p, dirs) => { calls.push(`del ${name} ${dirs.join(',')}`); },
  });
  const withSets = <T>(fn: () => T): T => {
    registerIpset('blk', 'ipv4');
    registerIpset('seen', 'ipv4');
    try { return fn(); } finally { unregisterIpset('blk'); unregisterIpset('seen'); }
  };
  it('add and del with directions', () => withSets(() => {
    calls.length = 0;
    const sets = { blk: view('blk', false), seen: view('seen', true) };
    const o = decided(run('-A INPUT -j SET --add-set blk src --exist --timeout 30 --del-set seen src,dst', makeEnv({ sets })));
    expect(o).toEqual({ verdict: 'CONTINUE', note: 'added to blk (timeout 30s, refreshed if present); deleted from seen' });
    expect(calls).toEqual(['add blk src', 'del seen src,dst']);
  }));
  it('missing set and --map-set hits are undecided; a --map-set miss continues', () => withSets(() => {
    expect(isUndecided(run('-A INPUT -j SET --add-set blk src', makeEnv({ sets: {} })))).toBe(true);
    const miss = run('-t mangle -A PREROUTING -j SET --map-set blk dst --map-mark', makeEnv({ hook: 'PREROUTING', table: 'mangle', sets: { blk: view('blk', false) } }), 'mangle');
    expect(miss).toEqual({ verdict: 'CONTINUE', note: 'not in blk: nothing mapped' });
    const hit = run('-t mangle -A PREROUTING -j SET --map-set blk dst --map-mark', makeEnv({ hook: 'PREROUTING', table: 'mangle', sets: { blk: view('blk', true) } }), 'mangle');
    expect(isUndecided(hit)).toBe(true);
  }));
});

describe('NFQUEUE / TPROXY / SYNPROXY', () => {
  it('NFQUEUE queues', () => {
    expect(run('-A INPUT -j NFQUEUE --queue-num 3', makeEnv())).toEqual({ verdict: 'QUEUE', note: 'queue 3; no listener: dropped' });
    expect(run('-A INPUT -j NFQUEUE --queue-balance 0:3 --queue-bypass', makeEnv())).toEqual({ verdict: 'QUEUE', note: 'queue 0..3 (by flow hash); no listener: bypassed (continues as accepted)' });
  });
  it('TPROXY needs a socket lookup', () => {
    const o = run('-t mangle -A PREROUTING -p tcp -j TPROXY --on-port 3129 --tproxy-mark 0x1/0x1', makeEnv({ hook: 'PREROUTING', table: 'mangle' }), 'mangle');
    expect(isUndecided(o) && o.undecided).toMatch(/socket lookup/);
  });
  it('SYNPROXY: SYN stolen, ACK undecided, others continue', () => {
    const sp = (flags: number) => run('-A INPUT -p tcp -j SYNPROXY --mss 1460 --wscale 7', makeEnv({ pkt: makePacket({ tcpFlags: flags }) }));
    expect(sp(0x02)).toMatchObject({ verdict: 'STOLEN' });
    expect(isUndecided(sp(0x10))).toBe(true);
    expect(sp(0x12)).toMatchObject({ verdict: 'CONTINUE' });
    expect(sp(0x11)).toMatchObject({ verdict: 'CONTINUE' });
  });
});

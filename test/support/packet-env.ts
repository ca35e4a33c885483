// Test helper (not a test file): a Packet, a Connection and a PacketEnv built from a few overrides, and rules parsed
// from the text users write, for the match/target semantics tests and the engine's tests.
import { parseCommand } from '../../src/syntax/command.js';
import { findMatch } from '../../src/extensions/registry.js';
import type { ExtensionDef, IpSetView, MatchResult, PacketEnv } from '../../src/extensions/types.js';
import type { Addr, Connection, CtState, Hook, Packet, Tuple } from '../../src/model/packet.js';
import type { ExtInstance, Family, Flavor, Rule, TableName } from '../../src/model/ruleset.js';
import { numericToIpv4, parseIpv6 } from '../../src/values/addr.js';
import { shellWords } from '../extensions/golden-rules.js';

export const ip4 = (s: string): number => numericToIpv4(s)!;
export const ip6 = (s: string): bigint => parseIpv6(s)!;
export const ip = (s: string | Addr): Addr => (typeof s !== 'string' ? s : s.includes(':') ? ip6(s) : ip4(s));

export type PacketOver = Omit<Partial<Packet>, 'src' | 'dst'> & { src?: string | Addr; dst?: string | Addr };

/** A tcp SYN 198.51.100.7:51234 → 192.0.2.1:22 arriving on eth0 (IPv6: 2001:db8::7 → 2001:db8::1), with overrides. */
export function makePacket(over: PacketOver = {}): Packet {
  const family = over.family ?? (typeof over.src === 'string' && over.src.includes(':') ? 'ipv6' : 'ipv4');
  const { src, dst, ...rest } = over;
  return {
    family,
    proto: 6,
    sport: 51234,
    dport: 22,
    tcpFlags: 0x02,
    icmpType: -1,
    icmpCode: -1,
    icmpId: 0,
    len: family === 'ipv4' ? 60 : 80,
    ttl: 64,
    tos: 0,
    mark: 0,
    iif: 'eth0',
    oif: '',
    pktType: 'host',
    fragment: false,
    priority: 0,
    ...rest,
    src: ip(src ?? (family === 'ipv4' ? '198.51.100.7' : '2001:db8::7')),
    dst: ip(dst ?? (family === 'ipv4' ? '192.0.2.1' : '2001:db8::1')),
  };
}

/** A connection whose original tuple is the packet's (the reply tuple mirrors it), with overrides. */
export function makeConn(pkt: Packet = makePacket(), over: Partial<Connection> = {}): Connection {
  const orig: Tuple = { proto: pkt.proto, src: pkt.src, dst: pkt.dst, sport: pkt.sport, dport: pkt.dport };
  return {
    id: 1, family: pkt.family, orig, reply: { proto: orig.proto, src: orig.dst, dst: orig.src, sport: orig.dport, dport: orig.sport },
    seenReply: false, assured: false, srcNat: false, dstNat: false, srcNatDone: false, dstNatDone: false,
    mark: 0, tcpState: pkt.proto === 6 ? 'SYN_SENT' : '', confirmed: false, created: 0, lastSeen: 0,
    pktsOrig: 1, pktsReply: 0, bytesOrig: pkt.len, bytesReply: 0,
    ...over,
  };
}

export interface EnvOpts {
  pkt?: Packet;
  hook?: Hook;
  table?: TableName;
  chain?: string;
  ct?: Connection;
  /** default: NEW with a ct, UNTRACKED without */
  ctState?: CtState;
  ctReply?: boolean;
  now?: number;
  /** the address types of the host (default: UNICAST for everything) */
  types?: (a: Addr, dev?: string) => string[];
  macs?: Record<string, string>;
  addrs?: Record<string, string[]>;
  sets?: Record<string, IpSetView>;
  /** env.chance(); default: Math.random-free, always true */
  chance?: (numerator: number, denominator: number) => boolean;
  random32?: () => number;
}

export type TestEnv = PacketEnv & { sharedStore: Map<string, unknown>; stateStore: Map<unknown, unknown> };

/** A PacketEnv over in-memory per-rule and shared state. Change `env.now` / `env.pkt` between packets as needed. */
export function makeEnv(o: EnvOpts = {}): TestEnv {
  const pkt = o.pkt ?? makePacket();
  const sharedStore = new Map<string, unknown>();
  const stateStore = new Map<unknown, unknown>();
  const macs = o.macs ?? { eth0: '52:54:00:12:34:56', eth1: '52:54:00:99:88:77' };
  const hook = o.hook ?? 'INPUT';
  return {
    pkt,
    family: pkt.family,
    hook,
    table: o.table ?? 'filter',
    chain: o.chain ?? hook,
    ct: o.ct,
    ctState: o.ctState ?? (o.ct ? 'NEW' : 'UNTRACKED'),
    ctReply: o.ctReply ?? false,
    now: o.now ?? 1000,
    random: () => 0.5,
    random32: o.random32 ?? (() => 0x12345678),
    chance: o.chance ?? (() => true),
    state<T>(inst: unknown, init: () => T): T {
      if (!stateStore.has(inst)) stateStore.set(inst, init());
      return stateStore.get(inst) as T;
    },
    shared<T>(key: string, init: () => T): T {
      if (!sharedStore.has(key)) sharedStore.set(key, init());
      return sharedStore.get(key) as T;
    },
    sharedStore,
    stateStore,
    addrTypes: (a: Addr, dev?: string) => new Set(o.types ? o.types(a, dev) : ['UNICAST']),
    ifaceMac: (name: string) => macs[name],
    ifaceAddrs: (name: string) => (o.addrs?.[name] ?? []).map(ip),
    ipset: (name: string) => o.sets?.[name],
    undecided: (reason: string) => ({ undecided: reason }),
  };
}

/** Parse one iptables command line (`-A INPUT -p tcp --dport 22 -j ACCEPT`) into its rule. */
export function parseRule(line: string, family: Family = 'ipv4', flavor: Flavor = 'legacy', table = 'filter'): Rule {
  const cmd = parseCommand(shellWords(line), { family, flavor, restore: false, table });
  return cmd.rules[0];
}

export interface BoundMatch {
  inst: ExtInstance;
  def: ExtensionDef;
  /** def.match(inst, env) */
  run(env: PacketEnv): MatchResult;
  /** def.whyNot(inst, env) */
  why(env: PacketEnv): string;
}

/** The match `name` of a rule line (default: its last match), bound to its module's match()/whyNot(). */
export function matchOf(line: string, name?: string, family: Family = 'ipv4', flavor: Flavor = 'legacy', table = 'filter'): BoundMatch {
  const rule = parseRule(line, family, flavor, table);
  const inst = name === undefined ? rule.matches[rule.matches.length - 1] : rule.matches.find((m) => m.name === name);
  if (!inst) throw new Error(`no match ${name ?? ''} in ${line}`);
  const def = findMatch(inst.name, family);
  if (!def?.match) throw new Error(`no match() for ${inst.name}`);
  return {
    inst,
    def,
    run: (env) => def.match!(inst, env),
    why: (env) => (def.whyNot ? def.whyNot(inst, env) : ''),
  };
}

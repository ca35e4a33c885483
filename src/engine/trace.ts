// The trace engine: one session (conntrack, per-rule state, time, seeded randomness) replays packets through the
// hooks in the kernel's order (hooks.ts), runs each table's chains as ipt_do_table does (ip header match, then
// the matches in order, then the target; jump/goto/RETURN with a stack; policy on underflow), and records events.
import {
  PROTO_ICMP, PROTO_ICMPV6,
  type Addr, type Connection, type CtState, type Hook, type Packet,
} from '../model/packet.js';
import type { Chain, ExtInstance, Flavor, Rule, Ruleset, TableName } from '../model/ruleset.js';
import type { Family } from '../values/addr.js';
import { ipv4ToString, ipv6ToString } from '../values/addr.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import {
  type ExtensionDef, type IpSetView, type MatchResult, type NatRequest, type PacketEnv, type TargetOutcome, type Undecided,
} from '../extensions/types.js';
import { HOOK_STEPS, type Step } from './hooks.js';
import { Conntrack, packetTuple, type CtAttach } from './conntrack.js';
import { commitMapping, mapTuple, natPacket, translatedOrig, type NatContext } from './nat.js';
import type { HostView } from './host.js';
import type { CtSnapshot, PacketTrace, RuleVerdict, TraceEvent, TraceResult } from './events.js';
import {
  compileChain, F_DPORT_INV, F_DST_INV, F_FLAGS_INV, F_FRAG_INV, F_IN_INV, F_IN_PREFIX, F_OUT_INV, F_OUT_PREFIX, F_PROTO_INV, F_SPORT_INV,
  F_SRC_INV, PRE_DST, PRE_FRAG, PRE_IN, PRE_L4, PRE_OUT, PRE_PROTO, PRE_SRC, T_GOTO, T_JUMP, T_NONE, T_RETURN, T_VERDICT,
  type CompiledChain, type CompiledRule,
} from './compile.js';
import type { PacketSpec } from '../syntax/packet.js';
import type { IpvsState } from '../model/ipvs.js';
import { IpvsCore } from './ipvs/core.js';
import type { IpvsFlow } from './ipvs/scheduler.js';

export type Assume = 'match' | 'nomatch' | 'both';

export interface TraceOptions {
  rules: { ipv4?: Ruleset; ipv6?: Ruleset };
  host: HostView;
  ipsets?: ReadonlyMap<string, IpSetView>;
  flavor: Flavor;
  seed: number;
  assume: Assume;
  /** record rules that did not match (text/json); off for batch runs and xtables output */
  recordMisses: boolean;
  /** record events at all (off: only the result and the conntrack entry, for batches); default on */
  recordEvents?: boolean;
  /** use the compiled indexes of big chains (skips rules that cannot match; never changes a verdict) */
  useIndex: boolean;
  /** the IPVS table (virtual services, real servers); each session works on its own copy */
  ipvs?: IpvsState;
}

/** A random decision source; --all-paths replaces it with one that enumerates branches. */
export interface Chooser {
  /** true with probability num/den */
  chance(num: number, den: number, label: string): boolean;
  /** an undecided match under --assume both */
  either(label: string): boolean;
  random32(): number;
}

/** mulberry32: a small seeded generator (the same sequence on every platform). */
export function seededChooser(seed: number): Chooser {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    random32: next,
    chance: (num, den) => (den === 0x80000000 ? (next() & 0x7fffffff) < num : next() / 0x100000000 < num / den),
    either: () => true,
  };
}

export const addrText = (a: Addr): string => (typeof a === 'number' ? ipv4ToString(a) : ipv6ToString(a));
const endpointText = (a: Addr, port: number): string => (typeof a === 'number' ? `${ipv4ToString(a)}:${port}` : `[${ipv6ToString(a)}]:${port}`);

class Stop {
  constructor(readonly result: TraceResult) {}
}

interface ChainOutcome {
  verdict: 'ACCEPT' | 'DROP' | 'QUEUE' | 'STOLEN';
  chain: string;
  num?: number;
  nat?: NatRequest;
  /** the NAT rule's target name */
  natTarget?: string;
}

export class Session {
  readonly conntrack: Record<Family, Conntrack> = { ipv4: new Conntrack('ipv4'), ipv6: new Conntrack('ipv6') };
  /** session time in seconds */
  now = 0;
  private readonly ruleState = new Map<ExtInstance, unknown>();
  private readonly sharedState = new Map<string, unknown>();
  private readonly compiled = new Map<Chain, CompiledChain>();
  private readonly ctActive = new Map<Family, boolean>();
  private chooser: Chooser;
  private started = false;
  private ipvsCore?: IpvsCore | null;
  private readonly natCtx: Partial<Record<Family, NatContext>> = {};
  private readonly bases4: (CompiledChain | null | undefined)[] = [];
  private readonly steps4 = new Map<Hook, readonly Step[]>();
  private readonly steps6 = new Map<Hook, readonly Step[]>();
  private readonly bases6: (CompiledChain | null | undefined)[] = [];
  /** runTable's jump stack, reused by every packet */
  readonly stackChain: CompiledChain[] = [];
  readonly stackNext: number[] = [];
  readonly stackRule: (CompiledRule | undefined)[] = [];

  constructor(readonly opts: TraceOptions, chooser?: Chooser) {
    this.chooser = chooser ?? seededChooser(opts.seed);
  }

  setChooser(c: Chooser): void {
    this.chooser = c;
  }

  // ---------- one packet ----------

  trace(spec: PacketSpec): PacketTrace {
    if (spec.time !== undefined) this.now = spec.time;
    else if (this.started) this.now += 1;
    this.started = true;
    const run = new PacketRun(this, spec);
    return run.go();
  }

  /** the session's IPVS (undefined without virtual services): connections and counters live here */
  get ipvs(): IpvsCore | undefined {
    if (this.ipvsCore === undefined) {
      const st = this.opts.ipvs;
      if (!st || st.services.length === 0) this.ipvsCore = null;
      else {
        const h = this.opts.host;
        const on = (k: string, d: string) => h.sysctl(`net.ipv4.vs.${k}`, d) !== '0';
        this.ipvsCore = new IpvsCore(structuredClone(st), {
          conntrack: on('conntrack', '0'), expireNodestConn: on('expire_nodest_conn', '0'), expireQuiescentTemplate: on('expire_quiescent_template', '0'),
          connReuseMode: Number(h.sysctl('net.ipv4.vs.conn_reuse_mode', '1')) || 0, sloppyTcp: on('sloppy_tcp', '0'),
        });
      }
    }
    return this.ipvsCore ?? undefined;
  }

  // ---------- helpers used by PacketRun ----------

  chooserFor(): Chooser {
    return this.chooser;
  }

  stateOf<T>(inst: ExtInstance, init: () => T): T {
    return getOrInit(this.ruleState, inst, init);
  }

  shared<T>(key: string, init: () => T): T {
    return getOrInit(this.sharedState, key, init);
  }

  /**
   * Compile every chain now rather than on first use (a batch of many packets: the compile cost belongs to the load,
   * not to the packets that happen to reach a chain first). Changes no result.
   */
  compileAll(): void {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const rs = this.opts.rules[family];
      if (!rs) continue;
      for (const table of rs.tables.values()) {
        for (const chain of table.chains.values()) {
          const cc = this.compiledChain(chain, family);
          for (const cr of cc.rules) {
            if (cr.tkind !== T_JUMP && cr.tkind !== T_GOTO) continue;
            const to = table.chains.get(cr.jumpName);
            if (to) cr.jump = this.compiledChain(to, family);
          }
        }
      }
    }
  }

  /**
   * The compiled base chain of a table at a hook, null when the ruleset has none (no such table, or an nft base chain
   * that does not exist yet): looked up once per session, as the kernel registers a table's hooks once.
   */
  baseChain(family: Family, table: TableName, hook: Hook): CompiledChain | null {
    const slots = family === 'ipv4' ? this.bases4 : this.bases6;
    const k = tableNum(table) * 8 + hookNum(hook);
    let v = slots[k];
    if (v === undefined) {
      const base = this.opts.rules[family]?.tables.get(table)?.chains.get(hook);
      v = slots[k] = !base || base.absent ? null : this.compiledChain(base, family);
    }
    return v;
  }

  /**
   * HOOK_STEPS[hook] without the steps that do nothing in this session: tables without a base chain at the hook
   * (nat steps stay: established connections are rewritten there) and IPVS without virtual services.
   */
  activeSteps(family: Family, hook: Hook): readonly Step[] {
    const cache = family === 'ipv4' ? this.steps4 : this.steps6;
    let v = cache.get(hook);
    if (v === undefined) {
      const ipvs = this.ipvs !== undefined;
      v = HOOK_STEPS[hook].filter((st) => (st.kind === 'table' && !st.nat ? this.baseChain(family, st.table, hook) !== null : st.kind === 'ipvs' ? ipvs : true));
      cache.set(hook, v);
    }
    return v;
  }

  /** the NAT port search's view of this session (one object per family, reused by every packet) */
  natContext(family: Family, resolvedAddr: Addr | undefined): NatContext {
    let c = this.natCtx[family];
    if (c === undefined) {
      const chooser = () => this.chooser;
      c = this.natCtx[family] = { conntrack: this.conntrack[family], random32: () => chooser().random32(), resolvedAddr: undefined };
    }
    c.resolvedAddr = resolvedAddr;
    return c;
  }

  compiledChain(chain: Chain, family: Family): CompiledChain {
    // fast path: the compiled chain of the session that used this chain last sits on the chain object
    const slot = (chain as ChainWithSlot)[COMPILED];
    if (slot !== undefined && slot.owner === this) return slot.compiled;
    let c = this.compiled.get(chain);
    if (c) {
      (chain as ChainWithSlot)[COMPILED] = { owner: this, compiled: c };
      return c;
    }
    c = compileChain(chain, family);
    this.compiled.set(chain, c);
    (chain as ChainWithSlot)[COMPILED] = { owner: this, compiled: c };
    return c;
  }

  conntrackOn(family: Family): boolean {
    let v = this.ctActive.get(family);
    if (v === undefined) {
      v = conntrackActive(this.opts.rules[family]);
      this.ctActive.set(family, v);
    }
    return v;
  }

  /** per-rule counters of this session (rules that counted at least one packet) */
  get ruleCounters(): Map<Rule, { pkts: number; bytes: number }> {
    const out = new Map<Rule, { pkts: number; bytes: number }>();
    for (const c of this.compiled.values()) for (const r of c.rules) if (r.pkts) out.set(r.rule, { pkts: r.pkts, bytes: r.bytes });
    return out;
  }

  /** per-policy counters of this session */
  get policyCounters(): Map<Chain, { pkts: number; bytes: number }> {
    const out = new Map<Chain, { pkts: number; bytes: number }>();
    for (const c of this.compiled.values()) if (c.policyPkts) out.set(c.chain, { pkts: c.policyPkts, bytes: c.policyBytes });
    return out;
  }
}

const MAX_DEPTH = 64;

/** isUndecided() for a target outcome: the only kind without a verdict (no `in` test on the hot path) */
const undecidedOutcome = (o: TargetOutcome): o is Undecided => (o as { verdict?: unknown }).verdict === undefined;

function tableNum(t: TableName): number {
  switch (t) {
    case 'filter': return 0;
    case 'nat': return 1;
    case 'mangle': return 2;
    case 'raw': return 3;
    default: return 4;
  }
}

function hookNum(h: Hook): number {
  switch (h) {
    case 'PREROUTING': return 0;
    case 'INPUT': return 1;
    case 'FORWARD': return 2;
    case 'OUTPUT': return 3;
    default: return 4;
  }
}

function getOrInit<K, T>(map: Map<K, unknown>, key: K, init: () => T): T {
  let v = map.get(key) as T | undefined;
  if (v === undefined) {
    v = init();
    map.set(key, v);
  }
  return v;
}

/** a per-chain cache slot (not part of the model: a symbol, invisible to renderers and equality) */
const COMPILED = Symbol('nfsim.compiled');
type ChainWithSlot = Chain & { [COMPILED]?: { owner: Session; compiled: CompiledChain } };

/** a write-only stand-in for the rule event when events are not recorded */
const SCRATCH: Record<string, unknown> = {};


/** extensions whose checkentry calls nf_ct_netns_get(): conntrack runs in a netns only when something needs it */
const CT_MATCHES = new Set(['conntrack', 'state', 'connmark', 'connbytes', 'connlimit', 'helper', 'cluster', 'connlabel']);
const CT_TARGETS = new Set(['CONNMARK', 'CONNSECMARK', 'CT', 'NOTRACK', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP', 'SYNPROXY']);

/**
 * Does this ruleset make the kernel track connections? Only a rule whose match or target needs conntrack does
 * (the NAT targets included); a nat table by itself does not, and without conntrack its chains never run
 * (nf_nat_inet_fn returns at once for a packet without ct) — checked against the kernel.
 */
export function conntrackActive(rs: Ruleset | undefined): boolean {
  if (!rs) return false;
  for (const table of rs.tables.values()) {
    for (const chain of table.chains.values()) {
      for (const r of chain.rules) {
        if (r.matches.some((m) => CT_MATCHES.has(m.name))) return true;
        // xt_CT with --notrack returns before nf_ct_netns_get()
        if (r.target.kind === 'ext' && CT_TARGETS.has(r.target.ext.name) && !((r.target.ext.name === 'CT' || r.target.ext.name === 'NOTRACK') && (Number(r.target.ext.data.flags) & 1))) return true;
      }
    }
  }
  return false;
}

/** The work for one packet: events, the conntrack attachment, the current hook. */
class PacketRun implements PacketEnv {
  readonly events: TraceEvent[] = [];
  readonly warnings: string[] = [];
  pkt: Packet;
  family: Family;
  hook: Hook = 'PREROUTING';
  table: TableName = 'filter';
  chain = '';
  ct?: Connection;
  /** before conntrack ran (raw table) a packet has no ct: the conntrack match sees INVALID */
  ctState: CtState = 'INVALID';
  ctReply = false;
  private attach?: CtAttach;
  private untracked = false;
  /** which part of the last rule matchFast() evaluated did not match */
  private failedAt = 0;
  /** the undecided matches of the last rule matchFast() evaluated (runTable takes and clears them) */
  private undec: { what: string; assumed: boolean }[] | undefined = undefined;
  /** the output device after a reroute in OUTPUT (takes effect at POSTROUTING) */
  private rerouted?: string;
  /** skb->ipvs_property: IPVS already handled this packet (its hooks let it pass) */
  private ipvsDone = false;
  /** events are recorded */
  private readonly rec: boolean;
  /** PacketEnv.explain: texts are wanted exactly when events are recorded */
  readonly explain: boolean;
  private readonly rs?: Ruleset;
  private readonly host: HostView;
  private readonly ct4: Conntrack;

  constructor(readonly session: Session, readonly spec: PacketSpec) {
    this.pkt = { ...spec.packet };
    this.family = this.pkt.family;
    this.rs = session.opts.rules[this.family];
    this.host = session.opts.host;
    this.ct4 = session.conntrack[this.family];
    this.rec = session.opts.recordEvents !== false;
    this.explain = this.rec;
  }

  get now(): number {
    return this.session.now;
  }

  // ----- PacketEnv -----
  random(): number {
    return this.session.chooserFor().random32() / 0x100000000;
  }
  random32(): number {
    return this.session.chooserFor().random32();
  }
  chance(num: number, den: number): boolean {
    return this.session.chooserFor().chance(num, den, `${this.table} ${this.chain}`);
  }
  state<T>(inst: ExtInstance, init: () => T): T {
    return this.session.stateOf(inst, init);
  }
  shared<T>(key: string, init: () => T): T {
    return this.session.shared(key, init);
  }
  addrTypes(addr: Addr, dev?: string): ReadonlySet<string> {
    return this.host.addrTypes(this.family, addr, dev);
  }
  ifaceMac(name: string): string | undefined {
    return this.host.ifaces.get(name)?.mac;
  }
  ifaceAddrs(name: string): readonly Addr[] {
    return this.host.ifaceAddrs(name, this.family);
  }
  ipset(name: string): IpSetView | undefined {
    return this.session.opts.ipsets?.get(name);
  }
  undecided(reason: string): Undecided {
    return { undecided: reason };
  }

  // ----- the packet's way -----

  go(): PacketTrace {
    // the packet as specified (the run works on its own copy, this.pkt, which is the result once the run is over)
    const start = this.spec.packet;
    let inIface = this.spec.in;
    if (inIface === '') {
      inIface = this.host.isLocal(this.family, this.pkt.src) ? 'local' : (this.host.ifaceTowards(this.family, this.pkt.src) ?? 'local');
    }
    let result: TraceResult;
    try {
      result = inIface === 'local' ? this.fromLocal() : this.fromWire(inIface);
    } catch (e) {
      if (e instanceof Stop) result = e.result;
      else throw e;
    }
    if (this.ct && this.attach?.created && !this.ct.confirmed) {
      // died before confirmation: the kernel frees the unconfirmed entry
    }
    return {
      spec: this.spec.text,
      pkt: start,
      in: inIface,
      time: this.session.now,
      events: this.events,
      result,
      conntrack: this.ct ? snapshot(this.ct) : undefined,
      warnings: this.warnings,
    };
  }

  private stop(r: Omit<TraceResult, 'pkt'>): never {
    throw new Stop({ ...r, pkt: this.pkt });
  }

  private fromWire(iface: string): TraceResult {
    const p = this.pkt;
    p.iif = iface;
    p.oif = '';
    if (!this.host.ifaces.has(iface)) this.warnings.push(`interface ${iface} is not in the host model`);
    this.runHook('PREROUTING');
    const r = this.routeInput(iface);
    if (r === 'local') {
      this.runHook('INPUT');
      return { verdict: 'ACCEPT', outcome: 'local', hook: 'INPUT', pkt: p };
    }
    p.oif = r.dev;
    // ip_forward() decrements the TTL before the FORWARD hook; a packet that would reach 0 dies with an ICMP
    // time exceeded
    if (p.ttl <= 1) {
      this.events.push({ kind: 'route', decision: 'drop', reason: `TTL ${p.ttl} expires in forwarding (ICMP time exceeded sent)` });
      this.stop({ verdict: 'DROP', outcome: 'vanished', hook: 'PREROUTING', reason: 'TTL exceeded' });
    }
    p.ttl--;
    this.runHook('FORWARD');
    this.runHook('POSTROUTING');
    return { verdict: 'ACCEPT', outcome: 'transmitted', hook: 'POSTROUTING', pkt: p };
  }

  private fromLocal(): TraceResult {
    const p = this.pkt;
    p.iif = '';
    const r = this.host.route(this.family, p.dst);
    if (!r || r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit') {
      this.events.push({ kind: 'route', decision: 'drop', reason: `no route to ${addrText(p.dst)} (sendto fails: ENETUNREACH)` });
      this.stop({ verdict: 'DROP', outcome: 'vanished', reason: 'no route' });
    }
    p.oif = r.type === 'local' || r.type === 'broadcast' ? (r.type === 'local' ? 'lo' : r.dev) : r.dev;
    if (this.rec) this.events.push({ kind: 'route', decision: 'output', dev: p.oif, via: r.via });
    this.runHook('OUTPUT');
    if (this.rerouted !== undefined) p.oif = this.rerouted;
    this.runHook('POSTROUTING');
    if (p.oif !== 'lo') return { verdict: 'ACCEPT', outcome: 'transmitted', hook: 'POSTROUTING', pkt: p };
    // loopback: the packet re-enters through lo
    if (this.rec) this.events.push({ kind: 'loopback' });
    p.iif = 'lo';
    p.oif = '';
    this.runHook('PREROUTING');
    const again = this.routeInput('lo');
    if (again !== 'local') {
      p.oif = again.dev;
      p.ttl = Math.max(0, p.ttl - 1);
      this.runHook('FORWARD');
      this.runHook('POSTROUTING');
      return { verdict: 'ACCEPT', outcome: 'transmitted', hook: 'POSTROUTING', pkt: p };
    }
    this.runHook('INPUT');
    return { verdict: 'ACCEPT', outcome: 'local', hook: 'INPUT', pkt: p };
  }

  /** ip_route_input(): local delivery, forwarding, or the packet vanishes (martian, no route, forwarding off) */
  private routeInput(iif: string): 'local' | { dev: string } {
    const p = this.pkt;
    const fam = this.family;
    if (fam === 'ipv4') {
      const s = p.src as number;
      const d = p.dst as number;
      const localnet = this.host.routeLocalnet(iif);
      if (s >>> 28 === 0xe || s === 0xffffffff) this.vanish(`martian source ${addrText(s)}`);
      if (iif !== 'lo') {
        if (s >>> 24 === 127 && !localnet) this.vanish(`martian source ${addrText(s)} (loopback address from ${iif})`);
        if (d >>> 24 === 127 && !localnet) this.vanish(`martian destination ${addrText(d)} (loopback address from ${iif})`);
        if (s >>> 24 === 0) this.vanish(`martian source ${addrText(s)}`);
        if (this.host.isLocal(fam, s)) this.vanish(`martian source ${addrText(s)} (a local address arriving on ${iif})`);
      }
    } else if (iif !== 'lo' && this.host.isLocal(fam, p.src)) {
      this.vanish(`source ${addrText(p.src)} is a local address arriving on ${iif}`);
    }
    const r = this.host.route(fam, p.dst);
    if (r && (r.type === 'local' || r.type === 'broadcast')) {
      if (this.rec) this.events.push({ kind: 'route', decision: 'local', dev: iif });
      return 'local';
    }
    if (this.pkt.pktType === 'otherhost') this.vanish('frame not addressed to this host (pkttype otherhost)');
    if (this.pkt.pktType === 'broadcast' || this.pkt.pktType === 'multicast') this.vanish('link-layer broadcast/multicast is not forwarded');
    if (!r || r.type !== 'unicast') this.vanish(`no route to ${addrText(p.dst)}${r ? ` (${r.type})` : ''}`);
    if (!this.host.forwarding(fam)) this.vanish(`not a local address and forwarding is off (${fam === 'ipv4' ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding'}=0)`);
    if (this.rec) this.events.push({ kind: 'route', decision: 'forward', dev: r!.dev, via: r!.via });
    return r!;
  }

  /** the packet vanishes in ip_route_input (martian, no route, forwarding off) */
  private vanish(reason: string): never {
    this.events.push({ kind: 'route', decision: 'drop', reason });
    this.stop({ verdict: 'DROP', outcome: 'vanished', hook: 'PREROUTING', reason });
  }

  private reroute(): void {
    const p = this.pkt;
    const r = this.host.route(this.family, p.dst);
    if (!r) {
      this.events.push({ kind: 'route', decision: 'drop', reason: `no route to ${addrText(p.dst)} after rewrite` });
      this.stop({ verdict: 'DROP', outcome: 'vanished', hook: 'OUTPUT', reason: 'no route after rewrite' });
    }
    // ip_route_me_harder() changes the route; the hook's own state->out stays, so the new device is seen from
    // the next hook (POSTROUTING) on
    const dev = r.type === 'local' ? 'lo' : r.dev;
    if (dev !== (this.rerouted ?? p.oif)) {
      this.rerouted = dev;
      if (this.rec) this.events.push({ kind: 'route', decision: 'reroute', dev, via: r.via });
    }
  }

  private runHook(hook: Hook): void {
    this.hook = hook;
    if (this.rec) this.events.push({ kind: 'hook', hook, pkt: { ...this.pkt } });
    let markBefore = this.pkt.mark;
    let dstBefore = this.pkt.dst;
    for (const step of this.session.activeSteps(this.family, hook)) {
      switch (step.kind) {
        case 'conntrack-in':
          this.conntrackIn(hook);
          break;
        case 'conntrack-confirm':
          if (this.ct && this.attach?.created && !this.ct.confirmed) this.ct4.confirm(this.ct);
          break;
        case 'reroute':
          if (step.after === 'mangle' ? this.pkt.mark !== markBefore || this.pkt.dst !== dstBefore : this.pkt.dst !== dstBefore) this.reroute();
          markBefore = this.pkt.mark;
          dstBefore = this.pkt.dst;
          break;
        case 'table':
          if (step.nat) this.natStep(hook, step.nat);
          else this.tableStep(hook, step.table);
          break;
        case 'ipvs':
          if (step.fn === 'request') this.ipvsRequest(hook);
          else this.ipvsReply(hook);
          break;
      }
    }
    if (this.rec) this.events.push({ kind: 'leave', hook, pkt: { ...this.pkt } });
  }

  private ipvsFlow(): IpvsFlow | undefined {
    const p = this.pkt;
    const protocol = p.proto === 6 ? 'tcp' : p.proto === 17 ? 'udp' : p.proto === 132 ? 'sctp' : undefined;
    if (!protocol || p.fragment) return undefined;
    return { family: this.family, protocol, saddr: p.src, sport: p.sport, daddr: p.dst, dport: p.dport, mark: p.mark };
  }

  /** ip_vs_in_hook: schedule (or find the connection of) a packet to a virtual service, then transmit it */
  private ipvsRequest(hook: Hook): void {
    const core = this.session.ipvs;
    if (!core || this.ipvsDone) return;
    // ip_vs_in: only packets for this host from the wire (any locally generated one at LOCAL_OUT)
    if (hook === 'INPUT' && this.pkt.pktType !== 'host') return;
    const flow = this.ipvsFlow();
    if (!flow) return;
    const v = core.inPacket(flow, this.pkt.tcpFlags, { now: this.session.now, chance: (n, d, label) => this.session.chooserFor().chance(n, d, label) });
    const svcName = (svc: import('../model/ipvs.js').VirtualService) => svc.key.kind === 'fwmark' ? `FWM ${svc.key.fwmark >>> 0}` : `${svc.key.protocol.toUpperCase()} ${endpointText(svc.key.addr, svc.key.port)}`;
    if (v.kind === 'pass') {
      if (v.svc) this.events.push({ kind: 'ipvs', hook, action: 'pass', service: svcName(v.svc), scheduler: v.svc.scheduler, why: v.why });
      return;
    }
    if (v.kind === 'unreachable') {
      this.events.push({ kind: 'ipvs', hook, action: 'unreachable', service: svcName(v.svc), scheduler: v.svc.scheduler, why: 'no real server available: ICMP port unreachable sent, packet dropped' });
      this.stop({ verdict: 'DROP', outcome: 'dropped', hook, reason: `IPVS ${svcName(v.svc)}: no real server available (ICMP port unreachable)` });
    }
    if (v.kind === 'drop') {
      this.events.push({ kind: 'ipvs', hook, action: 'drop', service: v.svc ? svcName(v.svc) : undefined, why: v.why });
      this.stop({ verdict: 'DROP', outcome: 'dropped', hook, reason: `IPVS: ${v.why}` });
    }
    const c = v.conn;
    const e = c.entry;
    const before = packetTuple(this.pkt);
    const rsLocal = this.host.isLocal(this.family, e.dest.addr);
    const ev: TraceEvent & { kind: 'ipvs' } = {
      kind: 'ipvs', hook, action: v.created ? 'scheduled' : 'connection', service: svcName(c.svc), scheduler: c.svc.scheduler,
      dest: endpointText(e.dest.addr, e.dest.port), forward: e.forward, persistent: !!c.svc.persistent, templateHit: v.templateHit,
      state: e.state, counts: { active: c.dest.activeConns, inactive: c.dest.inactConns },
      random: v.created && !v.templateHit && core.schedulerOf(c.svc)?.random === true, before,
    };
    this.events.push(ev);
    this.ipvsDone = true;
    const p = this.pkt;
    if (e.forward === 'masq') {
      // ip_vs_nat_xmit: the destination becomes the real server
      p.dst = e.dest.addr;
      p.dport = e.dest.port;
      ev.after = packetTuple(p);
    }
    // ip_vs_nat_send_or_cont / ip_vs_send_or_cont: conntrack detached unless net.ipv4.vs.conntrack=1
    if (c.nfct && (this.ct || this.attach)) {
      // ip_vs_update_conntrack: an unconfirmed entry's reply tuple now comes from the real server
      if (this.ct && !this.ct.confirmed && !this.ctReply && e.forward === 'masq' && !(c.svc.onePacket && e.protocol === 'udp')) this.ct.reply = { ...this.ct.reply, src: e.dest.addr, sport: e.dest.port };
      ev.conntrack = 'kept';
    } else if (this.ct || this.attach) {
      this.untracked = true;
      this.ctState = 'UNTRACKED';
      this.ct = undefined;
      ev.conntrack = 'untracked';
    }
    if (e.forward === 'tunnel') {
      // ip_vs_tunnel_xmit: an IPIP packet to the real server, conntrack reset, sent through LOCAL_OUT
      const r = this.host.route(this.family, e.dest.addr);
      const dev = r ? (r.type === 'local' ? 'lo' : r.dev) : '';
      const src = this.host.selectSource(this.family, dev, r?.via ?? e.dest.addr) ?? p.src;
      Object.assign(p, { proto: this.family === 'ipv4' ? 4 : 41, src, dst: e.dest.addr, sport: 0, dport: 0, tcpFlags: 0, len: p.len + (this.family === 'ipv4' ? 20 : 40) });
      ev.after = packetTuple(p);
      this.untracked = false;
      this.attach = undefined;
      this.ct = undefined;
      this.ctState = 'INVALID';
    } else if (rsLocal) {
      // a local real server: NF_ACCEPT, the packet goes on to the local socket
      if (hook === 'OUTPUT') this.rerouted = 'lo';
      return;
    }
    const r = this.host.route(this.family, e.dest.addr);
    if (!r || (r.type !== 'unicast' && r.type !== 'local')) {
      this.events.push({ kind: 'route', decision: 'drop', reason: `no route to the real server ${addrText(e.dest.addr)}` });
      this.stop({ verdict: 'DROP', outcome: 'vanished', hook, reason: 'no route to the real server' });
    }
    const dev = r.type === 'local' ? 'lo' : r.dev;
    // droute: the real server is the next hop, the header keeps the virtual address
    if (this.rec) this.events.push({ kind: 'route', decision: 'output', dev, via: e.forward === 'droute' ? e.dest.addr : r.via, reason: 'IPVS transmit' });
    p.iif = '';
    p.oif = dev;
    this.rerouted = undefined;
    // NF_HOOK(LOCAL_OUT) from the start, then dst_output → POSTROUTING; the original hook's remaining steps never run
    this.runHook('OUTPUT');
    if (this.rerouted !== undefined) p.oif = this.rerouted;
    this.runHook('POSTROUTING');
    this.stop({ verdict: 'ACCEPT', outcome: 'transmitted', hook: 'POSTROUTING' });
  }

  /** ip_vs_out_hook: a masqueraded real server's reply gets the virtual address and port back */
  private ipvsReply(hook: Hook): void {
    const core = this.session.ipvs;
    if (!core || this.ipvsDone) return;
    const flow = this.ipvsFlow();
    if (!flow) return;
    const c = core.outPacket(flow, this.pkt.tcpFlags, this.session.now);
    if (!c) return;
    const before = packetTuple(this.pkt);
    this.pkt.src = c.entry.virtual.addr;
    this.pkt.sport = c.entry.virtual.port;
    this.ipvsDone = true;
    this.events.push({ kind: 'ipvs', hook, action: 'reply', service: c.svc.key.kind === 'fwmark' ? `FWM ${c.svc.key.fwmark}` : `${c.svc.key.protocol.toUpperCase()} ${endpointText(c.svc.key.addr, c.svc.key.port)}`, scheduler: c.svc.scheduler, dest: endpointText(c.entry.dest.addr, c.entry.dest.port), forward: 'masq', state: c.entry.state, counts: { active: c.dest.activeConns, inactive: c.dest.inactConns }, before, after: packetTuple(this.pkt) });
  }

  private conntrackIn(hook: Hook): void {
    if (!this.session.conntrackOn(this.family)) {
      // no nat table and no rule that needs conntrack: the kernel never registered its hooks in this netns
      if (!this.attach && this.rec) this.events.push({ kind: 'conntrack', hook, state: 'UNTRACKED', created: false, reply: false, why: 'conntrack is not active (no nat table and no rule uses it)' });
      this.attach = { state: 'UNTRACKED', reply: false };
      this.ctState = 'UNTRACKED';
      return;
    }
    if (this.untracked) {
      this.ctState = 'UNTRACKED';
      if (this.rec) this.events.push({ kind: 'conntrack', hook, state: 'UNTRACKED', created: false, reply: false });
      return;
    }
    if (this.attach) {
      // a packet looping back through lo keeps its conntrack and ctinfo: nf_conntrack_in() ignores a packet that
      // already has a (non-template) ct attached
      return;
    }
    const a = this.ct4.attach(this.pkt, this.session.now);
    this.attach = a;
    this.ct = a.ct;
    this.ctState = a.state;
    this.ctReply = a.reply;
    if (this.rec) this.events.push({ kind: 'conntrack', hook, state: a.state, ctId: a.ct?.id, created: !!a.created, reply: a.reply, why: a.why });
  }

  private natStep(hook: Hook, manip: 'SRC' | 'DST'): void {
    const ct = this.ct;
    if (!ct || this.untracked) return;
    const done = manip === 'SRC' ? ct.srcNatDone : ct.dstNatDone;
    if (this.ctState === 'NEW' && !done && !this.ctReply) {
      const before = this.rec ? translatedOrig(ct) : undefined;
      const out = this.runTable(hook, 'nat');
      if (out === undefined) return; // no nat base chain for this hook
      if (out.verdict !== 'ACCEPT') this.dropAt(out);
      if (out.nat) {
        const ctx = this.session.natContext(this.family, this.resolveNatAddr(out.nat));
        if ((out.nat.kind === 'MASQUERADE' || out.nat.kind === 'REDIRECT') && ctx.resolvedAddr === undefined) {
          this.stop({ verdict: 'DROP', outcome: 'dropped', hook, table: 'nat', chain: out.chain, num: out.num, reason: `${out.nat.kind}: no address on ${out.nat.kind === 'MASQUERADE' ? this.pkt.oif : this.pkt.iif}` });
        }
        const t = mapTuple(ct, manip, out.nat, ctx);
        if (!t) this.stop({ verdict: 'DROP', outcome: 'dropped', hook, table: 'nat', chain: out.chain, num: out.num, reason: 'no free tuple for NAT' });
        commitMapping(ct, manip, t);
        if (before) this.events.push({ kind: 'nat', hook, manip, how: 'rule', before, after: translatedOrig(ct), target: out.natTarget });
      } else {
        // nf_nat_alloc_null_binding(): the identity mapping (may still move a clashing source port)
        const t = mapTuple(ct, manip, { manip, kind: manip === 'SRC' ? 'SNAT' : 'DNAT' }, this.session.natContext(this.family, undefined));
        if (t) commitMapping(ct, manip, t);
        if (before && t && (manip === 'SRC' ? ct.srcNat : ct.dstNat)) this.events.push({ kind: 'nat', hook, manip, how: 'null-binding', before, after: translatedOrig(ct) });
      }
    }
    const before = this.rec ? packetTuple(this.pkt) : undefined;
    if (natPacket(ct, manip, this.ctReply, this.pkt) && before) {
      const after = packetTuple(this.pkt);
      const last = this.events[this.events.length - 1];
      if (!(last?.kind === 'nat' && last.how === 'rule')) this.events.push({ kind: 'nat', hook, manip, how: 'established', before, after });
    }
  }

  private resolveNatAddr(req: NatRequest): Addr | undefined {
    if (req.kind === 'MASQUERADE') {
      const r = this.host.route(this.family, this.pkt.dst);
      return this.host.selectSource(this.family, this.pkt.oif, r?.via ?? this.pkt.dst);
    }
    if (req.kind === 'REDIRECT') {
      if (req.minAddr !== undefined) return req.minAddr;
      if (this.hook === 'OUTPUT') return this.family === 'ipv4' ? 0x7f000001 : 1n;
      return this.host.ifaceAddrs(this.pkt.iif, this.family)[0];
    }
    return undefined;
  }

  private tableStep(hook: Hook, table: TableName): void {
    const out = this.runTable(hook, table);
    if (!out) return;
    if (out.verdict === 'ACCEPT') return;
    this.dropAt(out);
  }

  private dropAt(out: ChainOutcome): never {
    const outcome = out.verdict === 'QUEUE' ? 'queued' : out.verdict === 'STOLEN' ? 'stolen' : 'dropped';
    this.stop({ verdict: out.verdict, outcome, hook: this.hook, table: this.table, chain: out.chain, num: out.num });
  }

  /** ipt_do_table(): undefined when the table has no base chain for this hook */
  private runTable(hook: Hook, tableName: TableName): ChainOutcome | undefined {
    const baseCompiled = this.session.baseChain(this.family, tableName, hook);
    if (baseCompiled === null) return undefined;
    this.table = tableName;
    const rec = this.rec;
    if (rec) this.events.push({ kind: 'table', hook, table: tableName, chain: hook });
    const session = this.session;
    const useIndex = session.opts.useIndex;
    const misses = rec && session.opts.recordMisses;
    const pkt = this.pkt;
    // the jump stack (runTable never re-enters itself: targets do not run tables)
    const stackChain = session.stackChain;
    const stackNext = session.stackNext;
    const stackRule = session.stackRule;
    let sp = 0;
    let cc = baseCompiled;
    // the rule to evaluate (undefined: the end of the chain) and its index; rules are walked through their links,
    // and only a skip by the index reads the chain's array
    let i = 0;
    let cr: CompiledRule | undefined = cc.first;
    for (;;) {
      this.chain = cc.name;
      if (useIndex && cr !== undefined && cc.index) {
        const j = cc.nextCandidate(i, pkt);
        if (j > i) {
          if (misses) this.events.push({ kind: 'skipped', table: tableName, chain: cc.name, from: i + 1, to: j, depth: sp });
          i = j;
          cr = j < cc.n ? cc.rules[j] : undefined;
        }
      }
      if (cr === undefined) {
        if (cc.builtin || sp === 0) return this.policy(tableName, baseCompiled);
        sp--;
        const back = stackChain[sp];
        if (rec) this.events.push({ kind: 'return', table: tableName, chain: cc.name, to: back.name, depth: sp, explicit: false });
        cc = back;
        i = stackNext[sp];
        cr = stackRule[sp];
        continue;
      }
      const num = i + 1;
      const matched = this.matchFast(cr);
      const undecided = this.undec;
      if (undecided !== undefined) this.undec = undefined;
      if (!matched) {
        if (misses) this.events.push({ kind: 'rule', table: tableName, chain: cc.name, num, rule: cr.rule, depth: sp, matched: false, why: this.whyNot(cr), undecided });
        i++;
        cr = cr.next;
        continue;
      }
      cr.pkts++;
      cr.bytes += pkt.len;
      // the event object is only built when events are recorded (batches allocate nothing per rule)
      let ev = SCRATCH as unknown as TraceEvent & { kind: 'rule' };
      if (rec) {
        ev = { kind: 'rule', table: tableName, chain: cc.name, num, rule: cr.rule, depth: sp, matched: true, undecided };
        this.events.push(ev);
      }
      switch (cr.tkind) {
        case T_NONE:
          if (rec) ev.verdict = 'CONTINUE';
          i++;
          cr = cr.next;
          continue;
        case T_RETURN: {
          if (rec) ev.verdict = 'RETURN';
          // RETURN in a base chain (or a chain reached by goto from it): the policy
          if (sp === 0) return this.policy(tableName, baseCompiled);
          sp--;
          const back = stackChain[sp];
          if (rec) this.events.push({ kind: 'return', table: tableName, chain: cc.name, to: back.name, depth: sp, explicit: true });
          cc = back;
          i = stackNext[sp];
          cr = stackRule[sp];
          continue;
        }
        case T_VERDICT:
          if (rec) ev.verdict = cr.verdict;
          return { verdict: cr.verdict, chain: cc.name, num };
        case T_JUMP:
        case T_GOTO: {
          let next = cr.jump;
          if (next === undefined) {
            const target = this.rs!.tables.get(tableName)!.chains.get(cr.jumpName);
            if (!target) throw new Error(`chain ${cr.jumpName} missing in table ${tableName}`);
            next = cr.jump = session.compiledChain(target, this.family);
          }
          if (rec) ev.verdict = `${cr.tkind === T_JUMP ? 'JUMP' : 'GOTO'} ${cr.jumpName}` as RuleVerdict;
          if (cr.tkind === T_JUMP) {
            if (sp >= MAX_DEPTH) throw new Error(`jump stack deeper than ${MAX_DEPTH} at ${tableName} ${cc.name}`);
            stackChain[sp] = cc;
            stackNext[sp] = i + 1;
            stackRule[sp] = cr.next;
            sp++;
          }
          cc = next;
          i = 0;
          cr = next.first;
          continue;
        }
        default: {
          const inst = cr.tinst!;
          const outcome = cr.tstatic ?? this.applyTarget(cr.target, inst);
          if (undecidedOutcome(outcome)) {
            ev.verdict = 'CONTINUE';
            ev.undecided = [...(ev.undecided ?? []), { what: `-j ${inst.name}: ${outcome.undecided}`, assumed: false }];
            this.warnings.push(`-j ${inst.name}: ${outcome.undecided} (treated as CONTINUE)`);
            i++;
            cr = cr.next;
            continue;
          }
          if (rec) ev.note = outcome.note;
          if (outcome.log !== undefined) this.events.push({ kind: 'log', table: tableName, chain: cc.name, num, text: outcome.log });
          if (outcome.reject) this.events.push({ kind: 'reject', table: tableName, chain: cc.name, num, reply: outcome.reject, note: outcome.note });
          if (outcome.notrack) {
            this.untracked = true;
            this.ctState = 'UNTRACKED';
            this.ct = undefined;
          }
          if (outcome.verdict === 'CONTINUE') {
            if (rec) ev.verdict = 'CONTINUE';
            i++;
            cr = cr.next;
            continue;
          }
          if (rec) ev.verdict = outcome.verdict === 'STOLEN' ? 'DROP' : outcome.verdict;
          return { verdict: outcome.verdict, chain: cc.name, num, nat: outcome.nat, natTarget: outcome.nat ? inst.name : undefined };
        }
      }
    }
  }

  /** the end of a base chain (underflow): its policy, counted */
  private policy(table: TableName, compiled: CompiledChain): ChainOutcome {
    const base = compiled.chain;
    const verdict = base.policy ?? 'ACCEPT';
    compiled.policyPkts++;
    compiled.policyBytes += this.pkt.len;
    if (this.rec) this.events.push({ kind: 'policy', table, chain: base.name, verdict });
    return { verdict, chain: base.name };
  }

  private applyTarget(def: ExtensionDef | undefined, inst: ExtInstance): TargetOutcome {
    if (!def?.apply) return this.undecided(`target ${inst.name} is not emulated by the trace engine yet (unsupported)`);
    const ct = this.ct;
    const before = ct?.mark;
    const out = def.apply(inst, this);
    // IPCT_MARK: ctnetlink reports the mark once it was set, even when it ends up 0
    if (ct && ct.mark !== before) ct.markEvent = true;
    return out;
  }

  /**
   * ip_packet_match() then each match in order. No allocation for a plain match or miss; the part that failed is
   * left in failedAt (-1 src, -2 dst, -3 in, -4 out, -5 proto, -6 fragment, k >= 0 the k-th match, -100 - k the k-th
   * match undecided and assumed not to match) for whyNot(), and undecided matches in undec.
   */
  private matchFast(cr: CompiledRule): boolean {
    const p = this.pkt;
    const pre = cr.pre;
    if (pre !== 0) {
      const f = cr.flags;
      if (pre & PRE_SRC && addrIn(p.src, cr.srcAddr, cr.srcMask) === ((f & F_SRC_INV) !== 0)) return this.fail(-1);
      if (pre & PRE_DST && addrIn(p.dst, cr.dstAddr, cr.dstMask) === ((f & F_DST_INV) !== 0)) return this.fail(-2);
      if (pre & PRE_IN) {
        const hit = f & F_IN_PREFIX ? p.iif.startsWith(cr.inName) : p.iif === cr.inName;
        if (hit === ((f & F_IN_INV) !== 0)) return this.fail(-3);
      }
      if (pre & PRE_OUT) {
        const hit = f & F_OUT_PREFIX ? p.oif.startsWith(cr.outName) : p.oif === cr.outName;
        if (hit === ((f & F_OUT_INV) !== 0)) return this.fail(-4);
      }
      if (pre & PRE_PROTO) {
        const pproto = p.proto === PROTO_ICMPV6 && cr.proto === PROTO_ICMP ? -1 : p.proto;
        if ((pproto === cr.proto) === ((f & F_PROTO_INV) !== 0)) return this.fail(-5);
      }
      if (pre & PRE_FRAG && p.fragment === ((f & F_FRAG_INV) !== 0)) return this.fail(-6);
      if (pre & PRE_L4) {
        // the folded tcp/udp match (xt_tcpudp): no header in a non-first fragment, then ports and flags
        if (p.proto !== cr.l4Proto || p.fragment) return this.fail(cr.l4Pos);
        const sp = p.sport;
        if ((sp >= cr.sLo && sp <= cr.sHi) === ((f & F_SPORT_INV) !== 0)) return this.fail(cr.l4Pos);
        const dp = p.dport;
        if ((dp >= cr.dLo && dp <= cr.dHi) === ((f & F_DPORT_INV) !== 0)) return this.fail(cr.l4Pos);
        if (((p.tcpFlags & cr.flgMask) === cr.flgCmp) === ((f & F_FLAGS_INV) !== 0)) return this.fail(cr.l4Pos);
      }
    }
    const n = cr.nMatches;
    if (n === 0) return true;
    // the first called match sits in the rule itself (one object less to load for the common one-match rule)
    const f0 = cr.fn0;
    if (f0 !== undefined) {
      const r0 = f0(cr.inst0!, this);
      if (r0 === false) return this.fail(cr.pos0);
      if (r0 !== true && !this.undecidedMatch(cr.inst0!, r0)) return this.fail(-100 - cr.pos0);
    } else if (!this.undecidedMatch(cr.inst0!, { undecided: `-m ${cr.inst0!.name} is not emulated by the trace engine yet (unsupported)` })) {
      return this.fail(-100 - cr.pos0);
    }
    if (n === 1) return true;
    const insts = cr.insts;
    const fns = cr.fns;
    for (let k = 1; k < n; k++) {
      const inst = insts[k];
      const fn = fns[k];
      const r: MatchResult = fn !== undefined ? fn(inst, this) : { undecided: `-m ${inst.name} is not emulated by the trace engine yet (unsupported)` };
      if (r === true) continue;
      if (r === false) return this.fail(cr.pos[k]);
      if (!this.undecidedMatch(inst, r)) return this.fail(-100 - cr.pos[k]);
    }
    return true;
  }

  /** an undecided match: record it and apply --assume (true: assumed to match) */
  private undecidedMatch(inst: ExtInstance, r: Undecided): boolean {
    const assumed = this.assumeFor(inst, r);
    (this.undec ??= []).push({ what: `-m ${inst.name}: ${r.undecided}`, assumed });
    return assumed;
  }

  private fail(part: number): false {
    this.failedAt = part;
    return false;
  }

  private assumeFor(inst: ExtInstance, u: Undecided): boolean {
    const assume = this.session.opts.assume;
    const assumed = assume === 'match' ? true : assume === 'nomatch' ? false : this.session.chooserFor().either(`-m ${inst.name}: ${u.undecided}`);
    this.warnings.push(`-m ${inst.name}: ${u.undecided} (assumed ${assumed ? 'match' : 'no match'})`);
    return assumed;
  }

  /** the text for the part matchFast found failing (a match's own whyNot, read after its match() ran) */
  private whyNot(cr: CompiledRule): string {
    const p = this.pkt;
    const r = cr.rule;
    switch (this.failedAt) {
      case -1: return `src ${addrText(p.src)} ${r.src!.invert ? '∈' : '∉'} ${maskText(r.src!.addr.addr, r.src!.addr.mask)}`;
      case -2: return `dst ${addrText(p.dst)} ${r.dst!.invert ? '∈' : '∉'} ${maskText(r.dst!.addr.addr, r.dst!.addr.mask)}`;
      case -3: return `in ${p.iif || '(none)'} ${r.inIface!.invert ? '=' : '≠'} ${r.inIface!.name}`;
      case -4: return `out ${p.oif || '(none)'} ${r.outIface!.invert ? '=' : '≠'} ${r.outIface!.name}`;
      case -5: return `proto ${p.proto} ${r.proto!.invert ? '=' : '≠'} ${r.proto!.num}`;
      case -6: return p.fragment ? 'a non-first fragment' : 'not a non-first fragment';
      default: {
        if (this.failedAt <= -100) return `undecided -m ${r.matches[-100 - this.failedAt].name}, assumed no match`;
        const inst = r.matches[this.failedAt];
        return cr.defs[this.failedAt]?.whyNot?.(inst, this) ?? `-m ${inst.name} does not match`;
      }
    }
  }
}

/** a ∈ net/mask; an IPv4 net and mask are the compiled rule's signed 32-bit values */
function addrIn(a: Addr, net: Addr, mask: Addr): boolean {
  if (typeof a === 'number') return (a & (mask as number)) === (net as number);
  return ((a as bigint) & (mask as bigint)) === (net as bigint);
}

function maskText(net: Addr, mask: Addr): string {
  if (typeof mask === 'number') {
    let bits = 0;
    for (let m = mask >>> 0; m & 0x80000000; m = (m << 1) >>> 0) bits++;
    return `${addrText(net)}/${bits}`;
  }
  let bits = 0;
  for (let m = mask as bigint; m & (1n << 127n); m = (m << 1n) & ((1n << 128n) - 1n)) bits++;
  return `${addrText(net)}/${bits}`;
}

/** ifname match as ip_packet_match does: exact, or a prefix for "eth+" */
export function ifaceMatch(actual: string, pattern: string, invert: boolean): boolean {
  let hit: boolean;
  if (pattern.endsWith('+')) hit = actual.startsWith(pattern.slice(0, -1));
  else hit = actual === pattern;
  return hit !== invert;
}

function snapshot(ct: Connection): CtSnapshot {
  return {
    id: ct.id,
    proto: ct.orig.proto,
    state: ct.tcpState,
    // tuples are never mutated (NAT and IPVS replace ct.reply with a new object): shared, not copied
    orig: ct.orig,
    reply: ct.reply,
    mark: ct.mark,
    markEvent: !!ct.markEvent,
    seenReply: ct.seenReply,
    confirmed: ct.confirmed,
    srcNat: ct.srcNat,
    dstNat: ct.dstNat,
  };
}

export const isIcmpProto = (p: number): boolean => p === PROTO_ICMP || p === PROTO_ICMPV6;

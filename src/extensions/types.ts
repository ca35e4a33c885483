// The extension contract: options declared as data (libxtables' struct xt_option_entry), behaviour as small functions.
import type { ExtInstance, Family, Flavor, Rule, TableName } from '../model/ruleset.js';
import type { AddrMask } from '../values/addr.js';
import type { Addr, Connection, CtState, Hook, Packet } from '../model/packet.js';

/** libxtables XTTYPE_* */
export type OptType =
  | 'none' | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'uint8rc' | 'uint16rc' | 'uint32rc' | 'uint64rc'
  | 'double' | 'string' | 'tosmask' | 'markmask32' | 'sysloglevel'
  | 'host' | 'hostmask' | 'protocol' | 'port' | 'portrc' | 'plen' | 'plenmask' | 'ethermac';

/** One option of an extension, as data (struct xt_option_entry). */
export interface OptionSpec {
  /** long option name without dashes */
  name: string;
  type: OptType;
  /** XTOPT_INVERT: `! --opt` allowed */
  invert?: boolean;
  /** XTOPT_MAND: must be given */
  mand?: boolean;
  /** XTOPT_MULTI: may be given more than once */
  multi?: boolean;
  /** range for integer types / length for strings (0 = type default) */
  min?: number | bigint;
  max?: number | bigint;
  /** option names this one excludes / requires */
  excl?: readonly string[];
  also?: readonly string[];
  /** getopt has_arg override for legacy-style options: 0 none, 1 required, 2 optional */
  hasArg?: 0 | 1 | 2;
  /** an exclusion that also catches repeated use of the same option (excl contains itself) */
}

/** Values produced by the generic typed parsers. */
export type OptValue =
  | { t: 'none' }
  | { t: 'int'; v: bigint }
  | { t: 'range'; v: bigint[] }
  | { t: 'double'; v: number }
  | { t: 'string'; v: string }
  | { t: 'tosmask'; value: number; mask: number }
  | { t: 'markmask'; value: number; mask: number }
  | { t: 'syslog'; v: number }
  | { t: 'host'; addr: AddrMask }
  | { t: 'plen'; len: number; mask: AddrMask }
  | { t: 'protocol'; v: number }
  | { t: 'port'; v: number }
  | { t: 'portrange'; v: [number, number]; n: number }
  | { t: 'mac'; v: number[] };

/** What an extension sees about the rule being built (struct xt_option_call's context). */
export interface RuleContext {
  family: Family;
  flavor: Flavor;
  table: TableName;
  /** chain the command addresses (for hook checks); may be undefined in restore before known */
  chain?: string;
  /** -p given so far */
  proto?: { num: number; invert: boolean; name: string };
  rule: Rule;
}

/** One parse call (struct xt_option_call). */
export interface OptionCall {
  ext: ExtensionDef;
  opt: OptionSpec;
  /** the raw argument, undefined for options without one */
  arg: string | undefined;
  invert: boolean;
  /** instance data to fill */
  data: Record<string, unknown>;
  /** typed value from the generic parser */
  val: OptValue;
  /** names of options seen so far in this instance (before this one) */
  seen: ReadonlySet<string>;
  ctx: RuleContext;
  /** argv[optind]: the word after this option's argument (old-style parsers such as --tcp-flags read two words) */
  peekArg(): string | undefined;
  /** optind++ */
  consumeArg(): void;
  /** print a warning on stderr (a bare fprintf(stderr, ...) in the extension; the text includes its newline) */
  warn?(message: string): void;
}

export interface FinalCall {
  ext: ExtensionDef;
  data: Record<string, unknown>;
  seen: ReadonlySet<string>;
  ctx: RuleContext;
}

export interface RenderContext {
  family: Family;
  flavor: Flavor;
  /** -n: numeric output (-L) */
  numeric: boolean;
  /** the rule the extension sits in (protocol etc.) */
  rule: Rule;
}

/** A match or target extension (libxt_*.c). */
export interface ExtensionDef {
  kind: 'match' | 'target';
  name: string;
  /** the revision the 1.8.9 userspace picks on this kernel */
  revision: number;
  /** undefined: both families */
  family?: Family;
  options: readonly OptionSpec[];
  /**
   * Old-style extension (->parse instead of ->x6_parse): libxtables does no generic checks (once-only, invert,
   * typed values, mandatory/excl); `parse` gets the raw argument with val {t:'none'} and does all checks itself,
   * `finalCheck` replaces ->final_check.
   */
  rawOptions?: boolean;
  /** fill defaults into a fresh instance (xs_init_match / ->init) */
  init?(data: Record<string, unknown>, ctx: RuleContext): void;
  /** handle one option; the default stores the typed value under the option name */
  parse?(cb: OptionCall): void;
  /** checks after all options (x6_fcheck), after the generic mandatory/excl/also checks */
  finalCheck?(fc: FinalCall): void;
  /** the words iptables-save prints after `-m name` / `-j NAME`, each with a leading space, e.g. " --dport 22" */
  save(inst: ExtInstance, ctx: RenderContext): string;
  /** the text `iptables -L` prints in the options column, e.g. "tcp dpt:22" (without leading space handling: each piece starts with a space as in C) */
  print(inst: ExtInstance, ctx: RenderContext): string;
  /** name printed after -m when it differs (xtables alias(), e.g. "state" for conntrack rev. with state alias) */
  alias?(inst: ExtInstance): string;
  /**
   * Kernel-side restrictions (the xt_target/xt_match .table and .hooks fields): the tables the extension may be
   * used in and the built-in chains (hooks) from which a rule using it may be reached. Violations are refused by
   * the kernel when the table is committed (EINVAL); the ops layer turns that into each flavor's message.
   */
  tables?: readonly TableName[];
  /** printed on stderr when the extension is loaded (e.g. "Warning: Extension ULOG revision 0 not supported, missing kernel module?") */
  loadWarning?: string;
  hooks?: readonly string[];
  /**
   * Packet matching (the kernel match's ->match), for the trace engine. A module without it is reported as
   * unsupported by the engine — never treated as a match or a non-match. Return an Undecided (env.undecided(why))
   * when the packet and session do not say (e.g. -m owner on a forwarded packet is false in the kernel, but a
   * socket lookup for -m socket is not modelled).
   */
  match?(inst: ExtInstance, env: PacketEnv): MatchResult;
  /** Why the match failed, for the text trace ("dport 443 ≠ 80"); called only after match() returned false. */
  whyNot?(inst: ExtInstance, env: PacketEnv): string;
  /**
   * The match as a plain layer-4 header test the trace compiler evaluates inline (no call, no data object to load),
   * when it is exactly one — tcp and udp ports and flags; undefined when match() must run.
   */
  l4Test?(inst: ExtInstance): L4Test | undefined;
  /** Target effect (->target): mutate env.pkt / env.ct for marks etc., return the verdict and any NAT/REJECT/LOG. */
  apply?(inst: ExtInstance, env: PacketEnv): TargetOutcome;
  /**
   * apply()'s outcome when it depends on the rule alone and changes nothing in the packet or session (DNAT/SNAT: the
   * NAT request); the trace compiler takes it once per rule instead of calling apply() per packet.
   */
  staticOutcome?(inst: ExtInstance): TargetOutcome | undefined;
  /**
   * further kernel checkentry refusals (EINVAL) that depend on the data, e.g. DNAT ranges; returns true when refused.
   * `rule` (the whole rule: protocol, other matches) and `hooks` (built-in chains the rule is reachable from) are
   * passed when known: e.g. REJECT tcp-reset needs `-p tcp`, TCPMSS --clamp-mss-to-pmtu only in FORWARD/OUTPUT/POSTROUTING.
   * Returning 'ENOENT' instead of true means the kernel refused with ENOENT (missing object / unknown string algo /
   * module not present): nft "RULE_APPEND failed (No such file or directory)", legacy "No chain/target/match by that name.".
   */
  kernelRefuses?(inst: ExtInstance, where: { table: TableName; family: Family; flavor?: Flavor; rule?: Rule; hooks?: ReadonlySet<string> }): boolean | 'ENOENT' | 'ERANGE';
}

// ---------- the trace engine's view (issue #4) ----------

/** A match the packet and session cannot decide; the engine reports it and applies --assume. */
export interface Undecided {
  undecided: string;
}
export type MatchResult = boolean | Undecided;

/**
 * xt_tcpudp's test as data: the protocol (a non-first fragment has no header: no match), each port range with its own
 * inversion, and for tcp the flags ((flags & mask) === cmp) ^ inv (mask 0: no flags test).
 */
export interface L4Test {
  proto: number;
  sLo: number;
  sHi: number;
  sInv: boolean;
  dLo: number;
  dHi: number;
  dInv: boolean;
  flgMask: number;
  flgCmp: number;
  flgInv: boolean;
}

export const isUndecided = (r: unknown): r is Undecided => typeof r === 'object' && r !== null && 'undecided' in r;

/** What a NAT target asks for (nf_nat_range2 in packet terms); engine/nat.ts picks the tuple. */
export interface NatRequest {
  manip: 'SRC' | 'DST';
  kind: 'SNAT' | 'DNAT' | 'MASQUERADE' | 'REDIRECT' | 'NETMAP';
  /** address range (undefined: keep the address / the engine fills it, e.g. MASQUERADE, REDIRECT) */
  minAddr?: Addr;
  maxAddr?: Addr;
  /** port range (undefined: keep the port unless it clashes) */
  minPort?: number;
  maxPort?: number;
  /**
   * NETMAP: the kernel's netmask ~(min ^ max): these (prefix) bits come from minAddr, the others from the original
   * address. minAddr/maxAddr already hold the mapped address NETMAP computed from the packet header.
   */
  netmapMask?: Addr;
  /**
   * NF_NAT_RANGE_PROTO_OFFSET (shifted port map "a-b/base"): the new port is
   * minPort + ((u16)(original port − base) % (maxPort − minPort + 1)), tried upwards from there when taken, and the
   * "already in range" shortcut is skipped. SNAT (rev 0/1) and MASQUERADE keep the flag with base 0.
   */
  portOffsetBase?: number;
  random?: boolean;
  randomFully?: boolean;
  persistent?: boolean;
}

/** REJECT's answer. */
export interface RejectReply {
  /** icmp/icmp6 type name as REJECT --reject-with spells it, or 'tcp-reset' */
  with: string;
  icmpType?: number;
  icmpCode?: number;
}

export type TargetVerdict = 'CONTINUE' | 'ACCEPT' | 'DROP' | 'QUEUE' | 'STOLEN';

export type TargetOutcome =
  | {
      verdict: TargetVerdict;
      nat?: NatRequest;
      reject?: RejectReply;
      /** the kernel log line LOG would write (without the timestamp) */
      log?: string;
      /** raw table: mark the packet untracked (NOTRACK, CT --notrack) */
      notrack?: boolean;
      /** a short human note for the text trace ("mark 0x0 → 0x4000") */
      note?: string;
    }
  | Undecided;

/** An ipset as the engine exposes it to -m set / -j SET. */
export interface IpSetView {
  name: string;
  type: string;
  /** is the element built from the packet (by the src/dst direction flags) in the set? */
  test(pkt: Packet, dirs: readonly ('src' | 'dst')[]): MatchResult;
  /** the element found, told apart: a plain member, a `nomatch` member (hash:net types), or none */
  lookup?(pkt: Packet, dirs: readonly ('src' | 'dst')[]): 'match' | 'nomatch' | 'miss';
  add?(pkt: Packet, dirs: readonly ('src' | 'dst')[]): void;
  del?(pkt: Packet, dirs: readonly ('src' | 'dst')[]): void;
  /** the element the packet stands for, as `ipset test` would spell it (for the trace's explanations) */
  element?(pkt: Packet, dirs: readonly ('src' | 'dst')[]): string | undefined;
}

/** Everything a match or target may read about the packet being traced (struct xt_action_param and more). */
export interface PacketEnv {
  pkt: Packet;
  family: Family;
  hook: Hook;
  table: TableName;
  chain: string;
  /** the connection the packet belongs to (undefined: INVALID or UNTRACKED) */
  ct?: Connection;
  ctState: CtState;
  /** the packet travels in the reply direction of ct */
  ctReply: boolean;
  /** session time in seconds */
  now: number;
  /** seeded uniform random number in [0, 1) (for statistic --mode random) */
  random(): number;
  /** seeded random 32-bit unsigned integer (prandom_u32) */
  random32(): number;
  /**
   * A random choice that is true with probability numerator/denominator (statistic --mode random: prob/2^31).
   * Use this rather than random32() where the kernel compares a random number with a threshold: `--all-paths`
   * turns each call into a branch with its exact probability.
   */
  chance(numerator: number, denominator: number): boolean;
  /** per-rule persistent state (nth counters, limit buckets); kept for the whole session */
  state<T>(inst: ExtInstance, init: () => T): T;
  /** session-wide state shared by name (recent lists, hashlimit tables) */
  shared<T>(key: string, init: () => T): T;
  /** the address types the host gives addr (UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE,
   * UNREACHABLE, PROHIBIT), optionally limited to one device (addrtype --limit-iface-in/out) */
  addrTypes(addr: Addr, dev?: string): ReadonlySet<string>;
  /** the MAC address of an interface of the host model */
  ifaceMac(name: string): string | undefined;
  /** the addresses of an interface (for MASQUERADE etc.) */
  ifaceAddrs(name: string): readonly Addr[];
  /** an ipset from --ipset, or undefined */
  ipset(name: string): IpSetView | undefined;
  undecided(reason: string): Undecided;
  /**
   * false when nobody reads the explanations (a batch without events): matches and targets may then leave out their
   * texts (a target's note). Absent means true.
   */
  explain?: boolean;
}

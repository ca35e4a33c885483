// -m conntrack (libxt_conntrack.c, revision 3 = struct xt_conntrack_mtinfo3) and -m state, which 1.8.9 sends to the
// kernel as conntrack revision 3 with XT_CONNTRACK_STATE_ALIAS set (the "state" alias entries of libxt_conntrack.c).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { AddrMask } from '../../values/addr.js';
import { ipv4ToString, ipv6ToString, mask4ToSuffix, mask6ToSuffix } from '../../values/addr.js';
import { serviceToPort } from '../../values/ports.js';
import type { ExtensionDef, MatchResult, OptionCall, PacketEnv } from '../types.js';
import type { Tuple } from '../../model/packet.js';
import { addrMaskText, addrMatches, addrText as pktAddr, ctOf } from '../match-semantics.js';

// xt_conntrack.h flags
export const CT = {
  STATE: 1 << 0, PROTO: 1 << 1, ORIGSRC: 1 << 2, ORIGDST: 1 << 3, REPLSRC: 1 << 4, REPLDST: 1 << 5,
  STATUS: 1 << 6, EXPIRES: 1 << 7, ORIGSRC_PORT: 1 << 8, ORIGDST_PORT: 1 << 9, REPLSRC_PORT: 1 << 10,
  REPLDST_PORT: 1 << 11, DIRECTION: 1 << 12, STATE_ALIAS: 1 << 13,
} as const;

// state bits: XT_CONNTRACK_STATE_BIT(ctinfo) = 1 << (ctinfo + 1); INVALID = 1 << 0
export const ST = { INVALID: 1, ESTABLISHED: 2, RELATED: 4, NEW: 8, UNTRACKED: 1 << 8, SNAT: 1 << 9, DNAT: 1 << 10 } as const;
const STATE_NAMES: readonly [string, number][] = [
  ['INVALID', ST.INVALID], ['NEW', ST.NEW], ['ESTABLISHED', ST.ESTABLISHED], ['RELATED', ST.RELATED],
  ['UNTRACKED', ST.UNTRACKED], ['SNAT', ST.SNAT], ['DNAT', ST.DNAT],
];
const STATE_PRINT_ORDER: readonly [string, number][] = [
  ['INVALID', ST.INVALID], ['NEW', ST.NEW], ['RELATED', ST.RELATED], ['ESTABLISHED', ST.ESTABLISHED],
  ['UNTRACKED', ST.UNTRACKED], ['SNAT', ST.SNAT], ['DNAT', ST.DNAT],
];
// IPS_* bits
const STATUS_NAMES: readonly [string, number][] = [['NONE', 0], ['EXPECTED', 1], ['SEEN_REPLY', 2], ['ASSURED', 4], ['CONFIRMED', 8]];

export interface ConntrackData {
  matchFlags: number;
  invertFlags: number;
  stateMask: number;
  statusMask: number;
  l4proto: number;
  origsrc?: AddrMask;
  origdst?: AddrMask;
  replsrc?: AddrMask;
  repldst?: AddrMask;
  /** [low, high] host byte order */
  origsrcPort: [number, number];
  origdstPort: [number, number];
  replsrcPort: [number, number];
  repldstPort: [number, number];
  expires: [number, number];
}

const d = (inst: ExtInstance) => inst.data as unknown as ConntrackData;

/** strncasecmp(word, NAME, len) over a comma list, the way conntrack_ps_states() does it (prefixes match). */
function parseList(arg: string, table: readonly [string, number][], what: string): number {
  let mask = 0;
  const one = (word: string): boolean => {
    // strncasecmp(state, NAME, len) with len = strlen(word): a prefix of NAME (case-insensitive) matches;
    // an empty word matches the first entry (len 0)
    for (const [name, bit] of table) {
      if (name.slice(0, word.length).toLowerCase() === word.toLowerCase() && word.length <= name.length) {
        mask |= bit;
        return true;
      }
    }
    return false;
  };
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    if (comma === 0 || !one(rest.slice(0, comma))) throw paramProblem(`Bad ${what} "${rest}"`);
    rest = rest.slice(comma + 1);
  }
  if (rest.length === 0 || !one(rest)) throw paramProblem(`Bad ${what} "${rest}"`);
  return mask;
}

/** "--state" list parser of the state alias (state_parse_states): "--state" requires ... for a trailing comma. */
function parseStateAlias(arg: string): number {
  let mask = 0;
  const one = (word: string): number => {
    for (const [name, bit] of STATE_NAMES.slice(0, 5)) {
      if (word.length <= name.length && name.slice(0, word.length).toLowerCase() === word.toLowerCase()) return bit;
    }
    return 0;
  };
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    const f = comma === 0 ? 0 : one(rest.slice(0, comma));
    if (f === 0) throw paramProblem(`Bad state "${rest}"`);
    mask |= f;
    rest = rest.slice(comma + 1);
  }
  if (rest === '') throw paramProblem('"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED');
  const f = one(rest);
  if (f === 0) throw paramProblem(`Bad state "${rest}"`);
  return mask | f;
}

/**
 * xtables_getportbyname() as used by XTTYPE_PORTRC: getaddrinfo(NULL, s) takes any decimal number (strtoul, the
 * port is truncated to 16 bits) or a service name of any protocol.
 */
function getPortByName(s: string): number {
  if (/^\d+$/.test(s)) return Number(BigInt(s) & 0xffffn);
  if (s === '') return -1;
  return serviceToPort(s);
}

/** xtopt_parse_mport(): "a", "a:b", ":b", "a:" → [low, high] (nvals < 2: high = low). */
export function parsePortRc(ext: string, opt: string, arg: string): [number, number] {
  const parts = arg.split(':');
  const r: [number, number] = [0, 0xffff];
  let nvals = 0;
  for (const p of parts) {
    if (nvals === 2) throw paramProblem(`${ext}: Too many components for option "--${opt}" (max: 2)\n`);
    if (p !== '') {
      const v = getPortByName(p);
      if (v < 0) throw paramProblem(`Port "${p}" does not resolve to anything.\n`);
      r[nvals] = v;
    }
    nvals++;
  }
  return nvals >= 2 ? r : [r[0], r[0]];
}

const ADDR_KEYS = { ctorigsrc: ['origsrc', CT.ORIGSRC], ctorigdst: ['origdst', CT.ORIGDST], ctreplsrc: ['replsrc', CT.REPLSRC], ctrepldst: ['repldst', CT.REPLDST] } as const;
const PORT_KEYS = {
  ctorigsrcport: ['origsrcPort', CT.ORIGSRC_PORT], ctorigdstport: ['origdstPort', CT.ORIGDST_PORT],
  ctreplsrcport: ['replsrcPort', CT.REPLSRC_PORT], ctrepldstport: ['repldstPort', CT.REPLDST_PORT],
} as const;

function init(data: Record<string, unknown>): void {
  const c: ConntrackData = {
    matchFlags: 0, invertFlags: 0, stateMask: 0, statusMask: 0, l4proto: 0,
    origsrcPort: [0, 0], origdstPort: [0, 0], replsrcPort: [0, 0], repldstPort: [0, 0], expires: [0, 0],
  };
  Object.assign(data, c);
}

function parse(cb: OptionCall): void {
  const c = cb.data as unknown as ConntrackData;
  const name = cb.opt.name;
  const arg = cb.arg ?? '';
  let flag = 0;
  switch (name) {
    case 'ctstate':
      c.stateMask |= parseList(arg, STATE_NAMES, 'ctstate');
      flag = CT.STATE;
      break;
    case 'ctproto':
      if (cb.val.t !== 'protocol') return;
      c.l4proto = cb.val.v;
      if (c.l4proto === 0 && c.invertFlags & CT.PROTO) throw paramProblem('conntrack: rule would never match protocol');
      flag = CT.PROTO;
      break;
    case 'ctorigsrc': case 'ctorigdst': case 'ctreplsrc': case 'ctrepldst': {
      if (cb.val.t !== 'host') return;
      const [key, f] = ADDR_KEYS[name];
      c[key] = cb.val.addr;
      flag = f;
      break;
    }
    case 'ctorigsrcport': case 'ctorigdstport': case 'ctreplsrcport': case 'ctrepldstport': {
      const [key, f] = PORT_KEYS[name];
      c[key] = parsePortRc('conntrack', name, arg);
      flag = f;
      break;
    }
    case 'ctstatus':
      c.statusMask |= parseList(arg, STATUS_NAMES, 'ctstatus');
      flag = CT.STATUS;
      break;
    case 'ctexpire': {
      if (cb.val.t !== 'range') return;
      const v = cb.val.v.map(Number);
      c.expires = [v[0], v.length >= 2 ? v[1] : v[0]];
      flag = CT.EXPIRES;
      break;
    }
    case 'ctdir':
      if (arg.toLowerCase() === 'original') {
        c.matchFlags |= CT.DIRECTION;
        c.invertFlags &= ~CT.DIRECTION;
      } else if (arg.toLowerCase() === 'reply') {
        c.matchFlags |= CT.DIRECTION;
        c.invertFlags |= CT.DIRECTION;
      } else {
        throw paramProblem(`conntrack: Bad value for "--ctdir" option: "${arg}"`);
      }
      return;
  }
  c.matchFlags |= flag;
  if (cb.invert) c.invertFlags |= flag;
}

function stateText(mask: number): string {
  return STATE_PRINT_ORDER.filter(([, b]) => mask & b).map(([n]) => n).join(',');
}

function statusText(mask: number): string {
  const parts = STATUS_NAMES.slice(1).filter(([, b]) => mask & b).map(([n]) => n);
  if (mask === 0) parts.push('NONE');
  return parts.join(',');
}

function addrText(a: AddrMask | undefined, numeric: boolean): string {
  if (!a) return ' 0.0.0.0';
  if (a.family === 'ipv4') {
    if (!numeric && a.addr === 0) return ' anywhere';
    return ` ${ipv4ToString(a.addr)}${mask4ToSuffix(a.mask)}`;
  }
  if (!numeric && a.addr === 0n) return ' anywhere';
  return ` ${ipv6ToString(a.addr)}${mask6ToSuffix(a.mask)}`;
}

function portsText(prefix: string, opt: string, r: [number, number]): string {
  if (r[1] === 0 || r[0] === r[1]) return ` ${prefix}${opt} ${r[0]}`;
  return ` ${prefix}${opt} ${r[0]}:${r[1]}`;
}

/** conntrack_dump() with v3 semantics. */
export function conntrackDump(c: ConntrackData, prefix: string, numeric: boolean): string {
  const f = c.matchFlags;
  const inv = (bit: number) => (c.invertFlags & bit ? ' !' : '');
  let out = '';
  if (f & CT.STATE) out += `${inv(CT.STATE)} ${prefix}${f & CT.STATE_ALIAS ? 'state' : 'ctstate'} ${stateText(c.stateMask)}`;
  if (f & CT.PROTO) out += `${inv(CT.PROTO)} ${prefix}ctproto ${c.l4proto}`;
  for (const [opt, [key, bit]] of Object.entries(ADDR_KEYS)) {
    if (f & bit) out += `${inv(bit)} ${prefix}${opt}${addrText(c[key], numeric)}`;
  }
  for (const [opt, [key, bit]] of Object.entries(PORT_KEYS)) {
    if (f & bit) out += inv(bit) + portsText(prefix, opt, c[key]);
  }
  if (f & CT.STATUS) out += `${inv(CT.STATUS)} ${prefix}ctstatus ${statusText(c.statusMask)}`;
  if (f & CT.EXPIRES) {
    const [lo, hi] = c.expires;
    out += `${inv(CT.EXPIRES)} ${prefix}ctexpire ${lo === hi ? lo : `${lo}:${hi}`}`;
  }
  if (f & CT.DIRECTION) out += ` ${prefix}ctdir ${c.invertFlags & CT.DIRECTION ? 'REPLY' : 'ORIGINAL'}`;
  return out;
}

// ---------- packet semantics: conntrack_mt() of xt_conntrack.c (revision 3), also the state alias ----------

/** statebit of the packet: XT_CONNTRACK_STATE_BIT(ctinfo), UNTRACKED or INVALID, plus SNAT/DNAT from ct->status */
function stateBits(env: PacketEnv): number {
  const ct = ctOf(env);
  let bits: number = env.ctState === 'UNTRACKED' ? ST.UNTRACKED : env.ctState === 'INVALID' || !ct ? ST.INVALID : ST[env.ctState];
  if (ct) {
    if (ct.srcNat) bits |= ST.SNAT;
    if (ct.dstNat) bits |= ST.DNAT;
  }
  return bits;
}

/** the IPS_* bits --ctstatus tests (EXPECTED: connections made from a helper's expectation; helpers are not modelled) */
function statusBits(env: PacketEnv): number {
  const ct = ctOf(env);
  if (!ct) return 0;
  return (ct.seenReply ? 2 : 0) | (ct.assured ? 4 : 0) | (ct.confirmed ? 8 : 0);
}

/** `why` is built only when asked (whyNot): match() runs per packet */
type Step = { ok: boolean; why: () => string } | { undecided: string };

/** The kernel's checks in order; each returns whether the rule part holds (after its inversion) and why not. */
function steps(c: ConntrackData, env: PacketEnv): Step[] {
  const out: Step[] = [];
  const f = c.matchFlags;
  const inv = (bit: number) => (c.invertFlags & bit) !== 0;
  const ct = ctOf(env);
  if (f & CT.STATE) {
    const bits = stateBits(env);
    const hit = (c.stateMask & bits) !== 0;
    out.push({
      ok: hit !== inv(CT.STATE),
      why: () => (hit ? `ctstate ${stateText(bits)} in ${stateText(c.stateMask)} (inverted)` : `ctstate ${stateText(bits)} not in ${stateText(c.stateMask)}`),
    });
  }
  if (!ct) {
    // no conntrack entry: the match is true only when it tested (and passed) the state
    out.push({ ok: (f & CT.STATE) !== 0, why: () => `no conntrack entry (${env.ctState})` });
    return out;
  }
  if (f & CT.DIRECTION) {
    const original = !env.ctReply;
    out.push({ ok: original !== inv(CT.DIRECTION), why: () => `ctdir ${original ? 'ORIGINAL' : 'REPLY'} ≠ ${inv(CT.DIRECTION) ? 'REPLY' : 'ORIGINAL'}` });
  }
  const addr = (bit: number, key: 'origsrc' | 'origdst' | 'replsrc' | 'repldst', t: Tuple, side: 'src' | 'dst') => {
    if (!(f & bit)) return;
    const want = c[key];
    const have = t[side];
    const hit = want ? addrMatches(have, want) : false;
    const wantText = () => (want ? addrMaskText(want) : '?');
    out.push({ ok: hit !== inv(bit), why: () => (hit ? `ct${key} ${pktAddr(have)} is ${wantText()} (inverted)` : `ct${key} ${pktAddr(have)} ≠ ${wantText()}`) });
  };
  addr(CT.ORIGSRC, 'origsrc', ct.orig, 'src');
  addr(CT.ORIGDST, 'origdst', ct.orig, 'dst');
  addr(CT.REPLSRC, 'replsrc', ct.reply, 'src');
  addr(CT.REPLDST, 'repldst', ct.reply, 'dst');
  // ct_proto_port_check_v3(): the protocol of the original tuple, then the four port ranges
  if (f & CT.PROTO) {
    const hit = ct.orig.proto === c.l4proto;
    out.push({ ok: hit !== inv(CT.PROTO), why: () => (hit ? `ctproto ${ct.orig.proto} (inverted)` : `ctproto ${ct.orig.proto} ≠ ${c.l4proto}`) });
  }
  const port = (bit: number, key: 'origsrcPort' | 'origdstPort' | 'replsrcPort' | 'repldstPort', p: number, name: string) => {
    if (!(f & bit)) return;
    const [lo, hi] = c[key];
    const hit = p >= lo && p <= hi;
    const want = () => (lo === hi ? `${lo}` : `${lo}:${hi}`);
    out.push({ ok: hit !== inv(bit), why: () => (hit ? `${name} ${p} in ${want()} (inverted)` : `${name} ${p} not in ${want()}`) });
  };
  port(CT.ORIGSRC_PORT, 'origsrcPort', ct.orig.sport, 'ctorigsrcport');
  port(CT.ORIGDST_PORT, 'origdstPort', ct.orig.dport, 'ctorigdstport');
  port(CT.REPLSRC_PORT, 'replsrcPort', ct.reply.sport, 'ctreplsrcport');
  port(CT.REPLDST_PORT, 'repldstPort', ct.reply.dport, 'ctrepldstport');
  if (f & CT.STATUS) {
    const bits = statusBits(env);
    const hit = (c.statusMask & bits) !== 0;
    out.push({ ok: hit !== inv(CT.STATUS), why: () => (hit ? `ctstatus ${statusText(bits)} (inverted)` : `ctstatus ${statusText(bits)} not in ${statusText(c.statusMask)}`) });
  }
  if (f & CT.EXPIRES) out.push({ undecided: 'conntrack --ctexpire: connection timeouts are not modelled' });
  return out;
}

function ctMatch(inst: ExtInstance, env: PacketEnv): MatchResult {
  const c = d(inst);
  // the common rule (--ctstate only) without building the steps
  if (c.matchFlags === CT.STATE) {
    const hit = (c.stateMask & stateBits(env)) !== 0;
    return hit !== ((c.invertFlags & CT.STATE) !== 0);
  }
  for (const s of steps(c, env)) {
    if ('undecided' in s) return env.undecided(s.undecided);
    if (!s.ok) return false;
  }
  return true;
}

function ctWhyNot(inst: ExtInstance, env: PacketEnv): string {
  for (const s of steps(d(inst), env)) if (!('undecided' in s) && !s.ok) return s.why();
  return 'conntrack';
}

const conntrack: ExtensionDef = {
  kind: 'match',
  name: 'conntrack',
  revision: 3,
  options: [
    { name: 'ctstate', type: 'string', invert: true },
    { name: 'ctproto', type: 'protocol', invert: true },
    { name: 'ctorigsrc', type: 'hostmask', invert: true },
    { name: 'ctorigdst', type: 'hostmask', invert: true },
    { name: 'ctreplsrc', type: 'hostmask', invert: true },
    { name: 'ctrepldst', type: 'hostmask', invert: true },
    { name: 'ctstatus', type: 'string', invert: true },
    { name: 'ctexpire', type: 'uint32rc', invert: true },
    // XTTYPE_PORTRC, parsed locally (getaddrinfo truncates numbers above 65535)
    { name: 'ctorigsrcport', type: 'string', invert: true },
    { name: 'ctorigdstport', type: 'string', invert: true },
    { name: 'ctreplsrcport', type: 'string', invert: true },
    { name: 'ctrepldstport', type: 'string', invert: true },
    { name: 'ctdir', type: 'string' },
  ],
  init,
  parse,
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('conntrack: At least one option is required');
  },
  save(inst) {
    return conntrackDump(d(inst), '--', true);
  },
  print(inst, ctx) {
    return conntrackDump(d(inst), '', ctx.numeric);
  },
  match: ctMatch,
  whyNot: ctWhyNot,
};

const state: ExtensionDef = {
  kind: 'match',
  name: 'state',
  revision: 3,
  options: [{ name: 'state', type: 'string', mand: true, invert: true }],
  init,
  parse(cb) {
    const c = cb.data as unknown as ConntrackData;
    c.matchFlags = CT.STATE | CT.STATE_ALIAS;
    c.stateMask = parseStateAlias(cb.arg ?? '');
    if (cb.invert) c.invertFlags |= CT.STATE;
  },
  save(inst) {
    return conntrackDump(d(inst), '--', true);
  },
  print(inst, ctx) {
    return conntrackDump(d(inst), '', ctx.numeric);
  },
  match: ctMatch,
  whyNot: ctWhyNot,
};

export default [conntrack, state];

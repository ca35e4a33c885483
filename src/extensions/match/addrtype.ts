// -m addrtype (libxt_addrtype.c, revision 1 = struct xt_addrtype_info_v1): --src-type/--dst-type lists of RTN_*
// names, --limit-iface-in/--limit-iface-out.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef, PacketEnv } from '../types.js';
import type { Addr } from '../../model/packet.js';
import { addrText } from '../match-semantics.js';

const RTN_NAMES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];

const F = { INVERT_SOURCE: 1, INVERT_DEST: 2, LIMIT_IFACE_IN: 4, LIMIT_IFACE_OUT: 8 } as const;

interface AddrtypeData {
  source: number;
  dest: number;
  flags: number;
}

function parseType(word: string): number {
  // strncasecmp(name, rtn_names[i], len): a case-insensitive prefix matches
  for (let i = 0; i < RTN_NAMES.length; i++) {
    const n = RTN_NAMES[i];
    if (word.length <= n.length && n.slice(0, word.length).toLowerCase() === word.toLowerCase()) return 1 << i;
  }
  return 0;
}

function parseTypes(arg: string): number {
  let mask = 0;
  let rest = arg;
  for (;;) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    const b = comma === 0 ? 0 : parseType(rest.slice(0, comma));
    if (!b) throw paramProblem(`addrtype: bad type \`${rest}'`);
    mask |= b;
    rest = rest.slice(comma + 1);
  }
  const b = rest === '' ? 0 : parseType(rest);
  if (!b) throw paramProblem(`addrtype: bad type "${rest}"`);
  return mask | b;
}

function typesText(mask: number): string {
  return RTN_NAMES.filter((_, i) => mask & (1 << i)).join(',');
}

// ---------- packet semantics: addrtype_mt_v1() ----------

const bit = (name: string) => 1 << RTN_NAMES.indexOf(name);

/** The interface --limit-iface-in/out restricts the lookup to (xt_in / xt_out), or undefined. */
function limitDev(a: AddrtypeData, env: PacketEnv): string | undefined {
  if (a.flags & F.LIMIT_IFACE_IN) return env.pkt.iif || undefined;
  if (a.flags & F.LIMIT_IFACE_OUT) return env.pkt.oif || undefined;
  return undefined;
}

/** match_type(): IPv4 — the one RTN_* type of the address is in the mask */
function matchType4(types: ReadonlySet<string>, mask: number): boolean {
  for (const t of types) if (RTN_NAMES.includes(t) && mask & bit(t)) return true;
  return false;
}

/**
 * match_type6(): IPv6 — MULTICAST/UNICAST/UNSPEC requested must each hold for the address, and when LOCAL, ANYCAST,
 * BLACKHOLE or UNREACHABLE are requested the route lookup's result (LOCAL, ANYCAST, UNREACHABLE for reject routes)
 * must be one of them.
 */
function matchType6(addr: bigint, types: ReadonlySet<string>, mask: number): boolean {
  const multicast = addr >> 120n === 0xffn;
  if (mask & bit('MULTICAST') && !multicast) return false;
  if (mask & bit('UNICAST') && (multicast || addr === 0n)) return false;
  if (mask & bit('UNSPEC') && addr !== 0n) return false;
  const routed = bit('LOCAL') | bit('ANYCAST') | bit('BLACKHOLE') | bit('UNREACHABLE');
  if (mask & routed) {
    let rt = 0;
    if (types.has('LOCAL')) rt |= bit('LOCAL');
    if (types.has('ANYCAST')) rt |= bit('ANYCAST');
    if (types.has('UNREACHABLE') || types.has('BLACKHOLE') || types.has('PROHIBIT')) rt |= bit('UNREACHABLE');
    return (mask & rt) !== 0;
  }
  return true;
}

function typeHit(env: PacketEnv, addr: Addr, mask: number, dev: string | undefined): { hit: boolean; types: ReadonlySet<string> } {
  const types = env.addrTypes(addr, dev);
  const hit = typeof addr === 'bigint' ? matchType6(addr, types, mask) : matchType4(types, mask);
  return { hit, types };
}

function addrtypeWhy(a: AddrtypeData, env: PacketEnv): string | undefined {
  const dev = limitDev(a, env);
  const sides: [string, Addr, number, boolean][] = [
    ['src', env.pkt.src, a.source, (a.flags & F.INVERT_SOURCE) !== 0],
    ['dst', env.pkt.dst, a.dest, (a.flags & F.INVERT_DEST) !== 0],
  ];
  for (const [side, addr, mask, inv] of sides) {
    if (!mask) continue;
    const { hit, types } = typeHit(env, addr, mask, dev);
    if (hit === inv) {
      const have = [...types].join(',') || 'UNSPEC';
      const on = dev ? ` on ${dev}` : '';
      return hit
        ? `${side} ${addrText(addr)} is ${have}${on}, in ${typesText(mask)} (inverted)`
        : `${side} ${addrText(addr)} is ${have}${on}, not ${typesText(mask)}`;
    }
  }
  return undefined;
}

const addrtype: ExtensionDef = {
  kind: 'match',
  name: 'addrtype',
  revision: 1,
  options: [
    { name: 'src-type', type: 'string', invert: true },
    { name: 'dst-type', type: 'string', invert: true },
    { name: 'limit-iface-in', type: 'none', excl: ['limit-iface-out'] },
    { name: 'limit-iface-out', type: 'none', excl: ['limit-iface-in'] },
  ],
  init(data) {
    Object.assign(data, { source: 0, dest: 0, flags: 0 });
  },
  parse(cb) {
    const a = cb.data as unknown as AddrtypeData;
    switch (cb.opt.name) {
      case 'src-type':
        a.source |= parseTypes(cb.arg ?? '');
        if (cb.invert) a.flags |= F.INVERT_SOURCE;
        break;
      case 'dst-type':
        a.dest |= parseTypes(cb.arg ?? '');
        if (cb.invert) a.flags |= F.INVERT_DEST;
        break;
      case 'limit-iface-in':
        a.flags |= F.LIMIT_IFACE_IN;
        break;
      case 'limit-iface-out':
        a.flags |= F.LIMIT_IFACE_OUT;
        break;
    }
  },
  finalCheck(fc) {
    if (!fc.seen.has('src-type') && !fc.seen.has('dst-type')) throw paramProblem('addrtype: you must specify --src-type or --dst-type');
    // addrtype_mt_checkentry_v1(): --limit-iface-in from OUTPUT/POSTROUTING, --limit-iface-out from
    // PREROUTING/INPUT → EINVAL. Known here for rules in built-in chains; reachability through user chains is not.
    const a = fc.data as unknown as AddrtypeData;
    const chain = fc.ctx.chain;
    if ((a.flags & F.LIMIT_IFACE_IN && (chain === 'OUTPUT' || chain === 'POSTROUTING'))
      || (a.flags & F.LIMIT_IFACE_OUT && (chain === 'PREROUTING' || chain === 'INPUT'))) {
      (fc.data as Record<string, unknown>).refused = true;
    }
  },
  save(inst) {
    const a = inst.data as unknown as AddrtypeData;
    let out = '';
    if (a.source) out += `${a.flags & F.INVERT_SOURCE ? ' !' : ''} --src-type ${typesText(a.source)}`;
    if (a.dest) out += `${a.flags & F.INVERT_DEST ? ' !' : ''} --dst-type ${typesText(a.dest)}`;
    if (a.flags & F.LIMIT_IFACE_IN) out += ' --limit-iface-in';
    if (a.flags & F.LIMIT_IFACE_OUT) out += ' --limit-iface-out';
    return out;
  },
  print(inst) {
    const a = inst.data as unknown as AddrtypeData;
    let out = ' ADDRTYPE match';
    if (a.source) out += ` src-type ${a.flags & F.INVERT_SOURCE ? '!' : ''}${typesText(a.source)}`;
    if (a.dest) out += ` dst-type ${a.flags & F.INVERT_DEST ? '!' : ''}${typesText(a.dest)}`;
    if (a.flags & F.LIMIT_IFACE_IN) out += ' limit-in';
    if (a.flags & F.LIMIT_IFACE_OUT) out += ' limit-out';
    return out;
  },
  match(inst, env) {
    return addrtypeWhy(inst.data as unknown as AddrtypeData, env) === undefined;
  },
  whyNot(inst, env) {
    return addrtypeWhy(inst.data as unknown as AddrtypeData, env) ?? 'addrtype';
  },
  kernelRefuses(inst) {
    const a = inst.data as unknown as AddrtypeData;
    return inst.data.refused === true || ((a.flags & F.LIMIT_IFACE_IN) !== 0 && (a.flags & F.LIMIT_IFACE_OUT) !== 0);
  },
};

export default addrtype;

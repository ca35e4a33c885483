// -m set (libxt_set.c revision 4, old-style parser; libxt_set.h get_set_byname/parse_dirs): ipset membership match.
// The real tool asks the kernel (getsockopt SO_IP_SET) whether the set exists and which family it has; nfsim keeps
// that knowledge in a small ipset registry (empty by default, so every set "doesn't exist", exactly as on a host
// without ipsets). Front ends that model `ipset create` fill it with configureIpsets()/registerIpset().
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import { xtStrtoul } from '../../values/numbers.js';
import type { ExtensionDef, OptionCall } from '../types.js';

/** NFPROTO of an ipset: hash:ip family inet → ipv4, inet6 → ipv6, list:set / hash:mac → unspec */
export type IpsetFamily = 'ipv4' | 'ipv6' | 'unspec';

const registry = new Map<string, IpsetFamily>();

/** Replaces the known ipsets (name → family). */
export function configureIpsets(sets: Iterable<[string, IpsetFamily]>): void {
  registry.clear();
  for (const [n, f] of sets) registry.set(n, f);
}
export function registerIpset(name: string, family: IpsetFamily): void {
  registry.set(name, family);
}
export function unregisterIpset(name: string): void {
  registry.delete(name);
}
export function lookupIpset(name: string): IpsetFamily | undefined {
  return registry.get(name);
}
/** The known ipsets now (to put them back with configureIpsets() after a temporary change). */
export function ipsetRegistrySnapshot(): [string, IpsetFamily][] {
  return [...registry];
}

/** IPSET_MAXNAMELEN */
export const IPSET_MAXNAMELEN = 32;
/** IPSET_DIM_MAX */
const DIM_MAX = 6;

/** get_set_byname(): existence and family check with the tool's messages (shared with -j SET). */
export function getSetByName(name: string, family: Family): void {
  const f = lookupIpset(name.slice(0, IPSET_MAXNAMELEN - 1));
  if (f === undefined) throw paramProblem(`Set ${name} doesn't exist.\n`);
  if (f !== 'unspec' && f !== family) {
    throw paramProblem(`The protocol family of set ${name} is ${f === 'ipv4' ? 'IPv4' : 'IPv6'}, which is not applicable.\n`);
  }
}

/** parse_dirs(): "src,dst,..." → dim and the src bit mask (bit i set = dimension i is src). */
export function parseDirs(arg: string): { dim: number; flags: number } {
  let dim = 0;
  let flags = 0;
  const parts = arg.split(',');
  let i = 0;
  while (dim < DIM_MAX && i < parts.length) {
    dim++;
    const p = parts[i++];
    if (p.startsWith('src')) flags |= 1 << dim;
    else if (!p.startsWith('dst')) throw paramProblem("You must spefify (the comma separated list of) 'src' or 'dst'.");
  }
  if (i < parts.length) throw paramProblem(`Can't be more src/dst options than ${DIM_MAX}.`);
  return { dim, flags };
}

/** The src/dst list as print_match() writes it. */
export function dirsText(dim: number, flags: number): string {
  let out = '';
  for (let i = 1; i <= dim; i++) out += (i === 1 ? ' ' : ',') + (flags & (1 << i) ? 'src' : 'dst');
  return out;
}

type CounterOp = 'none' | 'eq' | 'ne' | 'lt' | 'gt';
interface SetData {
  name: string;
  dim: number;
  /** IPSET_INV_MATCH (bit 0) | src dimension bits */
  dirFlags: number;
  returnNomatch: boolean;
  skipCounters: boolean;
  skipSubcounters: boolean;
  packets: { op: CounterOp; value: bigint };
  bytes: { op: CounterOp; value: bigint };
}

const d = (inst: ExtInstance) => inst.data as unknown as SetData;

function parseCounter(s: string): bigint {
  const v = xtStrtoul(s, 0n, (1n << 64n) - 1n);
  if (v === undefined) throw paramProblem(`Cannot parse ${s} as a counter value`);
  return v;
}

function parse(cb: OptionCall): void {
  const data = cb.data as unknown as SetData;
  const arg = cb.arg ?? '';
  const inv = cb.invert;
  const counter = (which: 'packets' | 'bytes', op: 'eq' | 'lt' | 'gt') => {
    const c = data[which];
    if (c.op !== 'none') throw paramProblem(`only one of the --${which}-[eq|lt|gt] is allowed`);
    if (inv && op !== 'eq') throw paramProblem(`--${which}-${op} option cannot be inverted`);
    data[which] = { op: op === 'eq' && inv ? 'ne' : op, value: parseCounter(arg) };
  };
  switch (cb.opt.name) {
    case 'update-subcounters': if (inv) data.skipSubcounters = true; break;
    case 'update-counters': if (inv) data.skipCounters = true; break;
    case 'bytes-gt': counter('bytes', 'gt'); break;
    case 'bytes-lt': counter('bytes', 'lt'); break;
    case 'bytes-eq': counter('bytes', 'eq'); break;
    case 'packets-gt': counter('packets', 'gt'); break;
    case 'packets-lt': counter('packets', 'lt'); break;
    case 'packets-eq': counter('packets', 'eq'); break;
    case 'return-nomatch':
      if (inv) throw paramProblem('--return-nomatch flag cannot be inverted');
      data.returnNomatch = true;
      break;
    case 'set': case 'match-set': {
      if (cb.opt.name === 'set') cb.warn?.('--set option deprecated, please use --match-set\n');
      if (data.dim) throw paramProblem('--match-set can be specified only once');
      let flags = inv ? 1 : 0;
      const next = cb.peekArg();
      if (next === undefined || next[0] === '-' || next[0] === '!') throw paramProblem('--match-set requires two args.');
      if (Buffer.byteLength(arg) > IPSET_MAXNAMELEN - 1) {
        throw paramProblem(`setname \`${arg}' too long, max ${IPSET_MAXNAMELEN - 1} characters.`);
      }
      getSetByName(arg, cb.ctx.family);
      const dirs = parseDirs(next);
      flags |= dirs.flags;
      data.name = arg;
      data.dim = dirs.dim;
      data.dirFlags = flags;
      cb.consumeArg();
      break;
    }
  }
}

function counterText(c: { op: CounterOp; value: bigint }, name: string, sep: string): string {
  switch (c.op) {
    case 'eq': return ` ${sep}${name}-eq ${c.value}`;
    case 'ne': return ` ! ${sep}${name}-eq ${c.value}`;
    case 'lt': return ` ${sep}${name}-lt ${c.value}`;
    case 'gt': return ` ${sep}${name}-gt ${c.value}`;
    default: return '';
  }
}

/** set_print_v4_matchinfo() */
function matchinfo(t: SetData, opt: string, sep: string): string {
  let out = `${t.dirFlags & 1 ? ' !' : ''} ${opt} ${t.name}` + dirsText(t.dim, t.dirFlags);
  if (t.returnNomatch) out += ` ${sep}return-nomatch`;
  if (t.skipCounters) out += ` ! ${sep}update-counters`;
  if (t.skipSubcounters) out += ` ! ${sep}update-subcounters`;
  out += counterText(t.packets, 'packets', sep);
  out += counterText(t.bytes, 'bytes', sep);
  return out;
}

/** the direction of each dimension: bit i of the flags set = dimension i is src */
function setDirs(t: SetData): ('src' | 'dst')[] {
  const out: ('src' | 'dst')[] = [];
  for (let i = 1; i <= t.dim; i++) out.push(t.dirFlags & (1 << i) ? 'src' : 'dst');
  return out;
}

const set: ExtensionDef = {
  kind: 'match',
  name: 'set',
  revision: 4,
  rawOptions: true,
  options: [
    { name: 'match-set', type: 'string' },
    { name: 'set', type: 'string' },
    { name: 'return-nomatch', type: 'none' },
    { name: 'update-counters', type: 'none' },
    { name: 'packets-eq', type: 'string' },
    { name: 'packets-lt', type: 'string' },
    { name: 'packets-gt', type: 'string' },
    { name: 'bytes-eq', type: 'string' },
    { name: 'bytes-lt', type: 'string' },
    { name: 'bytes-gt', type: 'string' },
    { name: 'update-subcounters', type: 'none' },
  ],
  init(data) {
    Object.assign(data, {
      name: '', dim: 0, dirFlags: 0, returnNomatch: false, skipCounters: false, skipSubcounters: false,
      packets: { op: 'none', value: 0n }, bytes: { op: 'none', value: 0n },
    });
  },
  parse,
  finalCheck(fc) {
    if (!(fc.data as unknown as SetData).dim) throw paramProblem("You must specify `--match-set' with proper arguments");
  },
  save(inst) {
    return matchinfo(d(inst), '--match-set', '--');
  },
  print(inst) {
    return matchinfo(d(inst), 'match-set', '');
  },
  // set_match_v4(): ip_set_test() with the src/dst direction of each dimension, inverted by "!"; an element found
  // with packet/byte counter conditions needs the element's counters, which the session's ipsets do not carry
  match(inst, env) {
    const t = d(inst);
    const view = env.ipset(t.name);
    if (!view) return env.undecided(`ipset ${t.name} not given (--ipset)`);
    // --return-nomatch: a hit on a nomatch element matches and a plain hit does not (ip_set_test's -ENOTEMPTY)
    const found = t.returnNomatch && view.lookup ? view.lookup(env.pkt, setDirs(t)) : undefined;
    const r = found === undefined ? view.test(env.pkt, setDirs(t)) : found === 'nomatch';
    if (typeof r !== 'boolean') return r;
    if (r && (t.packets.op !== 'none' || t.bytes.op !== 'none')) {
      return env.undecided(`set ${t.name}: the element's packet/byte counters are not modelled`);
    }
    return r !== ((t.dirFlags & 1) !== 0);
  },
  whyNot(inst, env) {
    const t = d(inst);
    const inv = (t.dirFlags & 1) !== 0;
    const elem = env.ipset(t.name)?.element?.(env.pkt, setDirs(t));
    return `${setDirs(t).join(',')}${elem !== undefined ? ` = ${elem}` : ''} ${inv ? 'in' : 'not in'} set ${t.name}${inv ? ' (inverted)' : ''}`;
  },
};

export default set;

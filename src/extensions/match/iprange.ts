// -m iprange (libxt_iprange.c, revision 1 = struct xt_iprange_mtinfo, IPv4 and IPv6): [!] --src-range a[-b],
// [!] --dst-range a[-b]; numeric addresses only. A reversed range is accepted (the real tool warns on stderr).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import { ipv4ToString, ipv6ToString, numericToIpv4, parseIpv6 } from '../../values/addr.js';
import type { ExtensionDef } from '../types.js';
import type { PacketEnv } from '../types.js';

export interface IprangeData {
  /** [min, max]: numbers for IPv4, bigints for IPv6 */
  src?: [number | bigint, number | bigint];
  dst?: [number | bigint, number | bigint];
  invSrc?: boolean;
  invDst?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as IprangeData;

function parseSpec(s: string, family: Family, optname: string): number | bigint {
  const v = family === 'ipv6' ? parseIpv6(s) : numericToIpv4(s);
  if (v === undefined) throw paramProblem(`iprange: Bad value for "${optname}" option: "${s}"`);
  return v;
}

/** iprange_parse_range(): "a-b" (first '-') or a single address meaning a-a. */
function parseRange(arg: string, family: Family, optname: string, warn?: (m: string) => void): [number | bigint, number | bigint] {
  const dash = arg.indexOf('-');
  if (dash < 0) {
    const a = parseSpec(arg, family, optname);
    return [a, a];
  }
  const lo = arg.slice(0, dash);
  const hi = arg.slice(dash + 1);
  const r: [number | bigint, number | bigint] = [parseSpec(lo, family, optname), parseSpec(hi, family, optname)];
  if (r[0] > r[1]) warn?.(`xt_iprange: range ${lo}-${hi} is reversed and will never match\n`);
  return r;
}

const str = (a: number | bigint) => (typeof a === 'bigint' ? ipv6ToString(a) : ipv4ToString(a));

function iprangeWhy(t: IprangeData, env: PacketEnv): string | undefined {
  const sides: [string, number | bigint, [number | bigint, number | bigint] | undefined, boolean][] = [
    ['src', env.pkt.src, t.src, !!t.invSrc],
    ['dst', env.pkt.dst, t.dst, !!t.invDst],
  ];
  for (const [side, a, r, inv] of sides) {
    if (!r) continue;
    const inside = typeof a === typeof r[0] && a >= r[0] && a <= r[1];
    if (inside === inv) return `${side} ${str(a)} ${inside ? 'in' : 'not in'} ${str(r[0])}-${str(r[1])}${inv ? ' (inverted)' : ''}`;
  }
  return undefined;
}

const iprange: ExtensionDef = {
  kind: 'match',
  name: 'iprange',
  revision: 1,
  options: [
    { name: 'src-range', type: 'string', invert: true },
    { name: 'dst-range', type: 'string', invert: true },
  ],
  parse(cb) {
    const t = cb.data as unknown as IprangeData;
    if (cb.opt.name === 'src-range') {
      t.src = parseRange(cb.arg ?? '', cb.ctx.family, '--src-range', cb.warn);
      if (cb.invert) t.invSrc = true;
    } else {
      t.dst = parseRange(cb.arg ?? '', cb.ctx.family, '--dst-range', cb.warn);
      if (cb.invert) t.invDst = true;
    }
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem("iprange match: You must specify `--src-range' or `--dst-range'");
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.src) out += `${t.invSrc ? ' !' : ''} --src-range ${str(t.src[0])}-${str(t.src[1])}`;
    if (t.dst) out += `${t.invDst ? ' !' : ''} --dst-range ${str(t.dst[0])}-${str(t.dst[1])}`;
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = '';
    if (t.src) out += ` source IP range${t.invSrc ? ' !' : ''} ${str(t.src[0])}-${str(t.src[1])}`;
    if (t.dst) out += ` destination IP range${t.invDst ? ' !' : ''} ${str(t.dst[0])}-${str(t.dst[1])}`;
    return out;
  },
  // iprange_mt4/6() (revision 1): each given range tests min <= addr <= max, inverted on its own (a reversed
  // range never matches unless inverted)
  match(inst, env) {
    return iprangeWhy(d(inst), env) === undefined;
  },
  whyNot(inst, env) {
    return iprangeWhy(d(inst), env) ?? 'iprange';
  },
};

export default iprange;

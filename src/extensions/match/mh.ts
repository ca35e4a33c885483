// -m mh (libip6t_mh.c, x6 parser, IPv6 only): Mobility Header type or type range. Needs -p mh (135).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoui } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';

/** mh_names[] (with aliases) */
const MH_NAMES: readonly [string, number][] = [
  ['binding-refresh-request', 0], ['brr', 0], ['home-test-init', 1], ['hoti', 1], ['careof-test-init', 2], ['coti', 2],
  ['home-test', 3], ['hot', 3], ['careof-test', 4], ['cot', 4], ['binding-update', 5], ['bu', 5],
  ['binding-acknowledgement', 6], ['ba', 6], ['binding-error', 7], ['be', 7],
];
const IPPROTO_MH = 135;

/** name_to_type(): first case-insensitive prefix match, overridden by an exact-length match; else a number 0-255 */
function nameToType(name: string): number {
  const lower = name.toLowerCase();
  let match = -1;
  for (let i = 0; i < MH_NAMES.length; i++) {
    if (MH_NAMES[i][0].startsWith(lower)) {
      if (match === -1 || MH_NAMES[i][0].length === name.length) match = i;
    }
  }
  if (match !== -1) return MH_NAMES[match][1];
  const n = xtStrtoui(name, 0, 255);
  if (n === undefined) throw paramProblem(`Invalid MH type \`${name}'`);
  return n;
}

function parseTypes(s: string): [number, number] {
  const c = s.indexOf(':');
  if (c < 0) {
    const t = nameToType(s);
    return [t, t];
  }
  const a = s.slice(0, c);
  const b = s.slice(c + 1);
  const lo = a ? nameToType(a) : 0;
  const hi = b ? nameToType(b) : 0xff;
  if (lo > hi) throw paramProblem('Invalid MH type range (min > max)');
  return [lo, hi];
}

interface MhData {
  types: [number, number];
  invert: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as MhData;

const typeText = (t: number, numeric: boolean) => (numeric ? String(t) : MH_NAMES.find(([, v]) => v === t)?.[0] ?? String(t));

const mh: ExtensionDef = {
  kind: 'match',
  name: 'mh',
  revision: 0,
  family: 'ipv6',
  options: [{ name: 'mh-type', type: 'string', invert: true }],
  init(data) {
    Object.assign(data, { types: [0, 0xff], invert: false });
  },
  parse(cb) {
    const t = cb.data as unknown as MhData;
    t.types = parseTypes(cb.arg ?? '');
    if (cb.invert) t.invert = true;
  },
  save(inst) {
    const t = d(inst);
    const [lo, hi] = t.types;
    if (lo === 0 && hi === 0xff) return '';
    return `${t.invert ? ' !' : ''} --mh-type ${lo !== hi ? `${lo}:${hi}` : lo}`;
  },
  print(inst, ctx) {
    const t = d(inst);
    const [lo, hi] = t.types;
    let out = ' mh';
    if (lo !== 0 || hi !== 0xff || t.invert) {
      out += ' ' + (t.invert ? '!' : '') + typeText(lo, ctx.numeric);
      if (lo !== hi) out += ':' + typeText(hi, ctx.numeric);
    }
    return out;
  },
  // ip6t_mh: .proto = IPPROTO_MH
  kernelRefuses(_inst, where) {
    if (!where.rule) return false;
    const p = where.rule.proto;
    return p === undefined || p.num !== IPPROTO_MH || p.invert;
  },
  // mh_mt6(): false for a non-first fragment; the mobility header type is not modelled
  match(_inst, env) {
    if (env.pkt.fragment) return false;
    return env.undecided("mh: the packet's mobility header is not modelled");
  },
};

export default mh;

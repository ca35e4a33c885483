// -m tos (libxt_tos.c revision 1, x6 parser; tos_values.c): --tos value[/mask] or a symbolic TOS name.
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';

/** tos_symbol_names[] */
export const TOS_SYMBOLS: readonly [string, number][] = [
  ['Minimize-Delay', 0x10], ['Maximize-Throughput', 0x08], ['Maximize-Reliability', 0x04], ['Minimize-Cost', 0x02], ['Normal-Service', 0x00],
];

interface TosData {
  value: number;
  mask: number;
  invert: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as TosData;
const hex2 = (n: number) => '0x' + n.toString(16).padStart(2, '0');

const tos: ExtensionDef = {
  kind: 'match',
  name: 'tos',
  revision: 1,
  options: [{ name: 'tos', type: 'tosmask', invert: true, mand: true, max: 0x3f }],
  init(data) {
    Object.assign(data, { value: 0, mask: 0, invert: false });
  },
  parse(cb) {
    const t = cb.data as unknown as TosData;
    if (cb.val.t !== 'tosmask') return;
    t.value = cb.val.value;
    t.mask = cb.val.mask;
    // xtopt_parse_tosmask(): a numeric value without "/mask" gets mask 0xff (only symbolic names use the entry's max)
    const arg = cb.arg ?? '';
    if (xtStrtoulPrefix(arg, 0n, 255n) !== undefined && !arg.includes('/')) t.mask = 0xff;
    if (cb.invert) t.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --tos ${hex2(t.value)}/${hex2(t.mask)}`;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' tos match' + (t.invert ? '!' : '');
    const sym = t.mask === 0x3f ? TOS_SYMBOLS.find(([, v]) => v === t.value) : undefined;
    if (ctx.numeric || !sym) out += `${hex2(t.value)}/${hex2(t.mask)}`;
    else out += ` ${sym[0]}`;
    return out;
  },
  // tos_mt() (revision 1): ((tos or traffic class) & mask) == value, inverted as a whole
  match(inst, env) {
    const t = d(inst);
    return ((env.pkt.tos & t.mask) === t.value) !== !!t.invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    return `tos ${hex2(env.pkt.tos)} & ${hex2(t.mask)} = ${hex2(env.pkt.tos & t.mask)} ${t.invert ? '=' : '≠'} ${hex2(t.value)}${t.invert ? ' (inverted)' : ''}`;
  },
};

export default tos;

// -j TOS (libxt_TOS.c, revision 1 = xt_tos_target_info): --set-tos value[/mask] or symbolic name (mask 0x3f),
// --and-tos, --or-tos, --xor-tos; always saved as --set-tos 0xVV/0xMM. The kernel accepts it in mangle only.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const hex2 = (n: number) => '0x' + n.toString(16).padStart(2, '0');
const TOS_SYMBOLS: readonly [number, string][] = [
  [0x10, 'Minimize-Delay'], [0x08, 'Maximize-Throughput'], [0x04, 'Maximize-Reliability'], [0x02, 'Minimize-Cost'], [0x00, 'Normal-Service'],
];
const OPS = ['set-tos', 'and-tos', 'or-tos', 'xor-tos'];
const d = (inst: ExtInstance) => inst.data as { value: number; mask: number };

const TOS: ExtensionDef = {
  kind: 'target',
  name: 'TOS',
  revision: 1,
  options: [
    // XTTYPE_TOSMASK: numeric values default to mask 0xff, symbolic names to the entry's max (0x3f)
    { name: 'set-tos', type: 'tosmask', excl: OPS },
    { name: 'and-tos', type: 'uint8', excl: OPS },
    { name: 'or-tos', type: 'uint8', excl: OPS },
    { name: 'xor-tos', type: 'uint8', excl: OPS },
  ],
  tables: ['mangle'],
  init(data) {
    Object.assign(data, { value: 0, mask: 0 });
  },
  parse(cb) {
    const t = cb.data as { value: number; mask: number };
    const u8 = cb.val.t === 'int' ? Number(cb.val.v) : 0;
    switch (cb.opt.name) {
      case 'set-tos':
        if (cb.val.t === 'tosmask') {
          t.value = cb.val.value;
          const numeric = xtStrtoulPrefix(cb.arg ?? '', 0n, 255n) !== undefined;
          t.mask = numeric ? cb.val.mask : 0x3f;
        }
        break;
      case 'and-tos': t.value = 0; t.mask = ~u8 & 0xff; break;
      case 'or-tos': t.value = u8; t.mask = u8; break;
      case 'xor-tos': t.value = u8; t.mask = 0; break;
    }
  },
  finalCheck(fc) {
    if (!OPS.some((o) => fc.seen.has(o))) throw paramProblem('TOS: An action is required');
  },
  save: (inst) => ` --set-tos ${hex2(d(inst).value)}/${hex2(d(inst).mask)}`,
  print(inst, ctx) {
    const { value, mask } = d(inst);
    if (ctx.numeric) return ` TOS set ${hex2(value)}/${hex2(mask)}`;
    if (mask === 0x3f) {
      const sym = TOS_SYMBOLS.find(([v]) => v === value);
      if (sym) return ` TOS set${sym[1]}`;
    }
    if (value === 0) return ` TOS and ${hex2(~mask & 0xff)}`;
    if (value === mask) return ` TOS or ${hex2(value)}`;
    if (mask === 0) return ` TOS xor ${hex2(value)}`;
    return ` TOS set ${hex2(value)}/${hex2(mask)}`;
  },
  /** tos_tg / tos_tg6: the whole DS field (ECN bits included): nv = (old & ~mask) ^ value; XT_CONTINUE */
  apply(inst, env) {
    const { value, mask } = d(inst);
    const old = env.pkt.tos & 0xff;
    env.pkt.tos = ((old & ~mask) ^ value) & 0xff;
    return cont(`${env.family === 'ipv4' ? 'TOS' : 'TC'} ${hex2(old)} → ${hex2(env.pkt.tos)}`);
  },
};

export default TOS;

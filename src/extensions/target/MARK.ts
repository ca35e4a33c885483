// -j MARK (libxt_MARK.c, revision 2 = xt_mark_tginfo2): every form is stored as mark/mask and saved as --set-xmark.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { CONTINUE, cont } from '../target-semantics.js';

export const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/** the shared "and/or/xor/set/xset" -L wording of MARK and CONNMARK rev 1+ */
export function markOpText(mark: number, mask: number): string {
  mark >>>= 0;
  mask >>>= 0;
  if (mark === 0) return `and ${hex(~mask)}`;
  if (mark === mask) return `or ${hex(mark)}`;
  if (mask === 0) return `xor ${hex(mark)}`;
  if (mask === 0xffffffff) return `set ${hex(mark)}`;
  return `xset ${hex(mark)}/${hex(mask)}`;
}

/** --set-xmark/--set-mark/--and-mark/--or-mark/--xor-mark → [mark, mask] (mark_tg_parse, connmark_tg_parse) */
export function markOp(opt: string, val: { t: string; value?: number; mask?: number; v?: bigint }): [number, number] {
  const u32 = val.v !== undefined ? Number(val.v) : 0;
  switch (opt) {
    case 'set-xmark': return [val.value! >>> 0, val.mask! >>> 0];
    case 'set-mark': return [val.value! >>> 0, (val.value! | val.mask!) >>> 0];
    case 'and-mark': return [0, ~u32 >>> 0];
    case 'or-mark': return [u32, u32];
    case 'xor-mark': return [u32, 0];
  }
  return [0, 0];
}

const OPS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];
const d = (inst: ExtInstance) => inst.data as { mark: number; mask: number };

const MARK: ExtensionDef = {
  kind: 'target',
  name: 'MARK',
  revision: 2,
  options: [
    { name: 'set-xmark', type: 'markmask32', excl: OPS },
    { name: 'set-mark', type: 'markmask32', excl: OPS },
    { name: 'and-mark', type: 'uint32', excl: OPS },
    { name: 'or-mark', type: 'uint32', excl: OPS },
    { name: 'xor-mark', type: 'uint32', excl: OPS },
  ],
  init(data) {
    Object.assign(data, { mark: 0, mask: 0 });
  },
  parse(cb) {
    const v = cb.val as { t: string; value?: number; mask?: number; v?: bigint };
    const [mark, mask] = markOp(cb.opt.name, v);
    Object.assign(cb.data, { mark, mask });
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
  },
  save: (inst) => ` --set-xmark ${hex(d(inst).mark)}/${hex(d(inst).mask)}`,
  print: (inst) => ` MARK ${markOpText(d(inst).mark, d(inst).mask)}`,
  /** mark_tg(): skb->mark = (skb->mark & ~mask) ^ mark; XT_CONTINUE */
  apply(inst, env) {
    const { mark, mask } = d(inst);
    const old = env.pkt.mark >>> 0;
    env.pkt.mark = ((old & ~mask) ^ mark) >>> 0;
    return env.explain === false ? CONTINUE : cont(`mark ${hex(old)} → ${hex(env.pkt.mark)}`);
  },
};

export default MARK;

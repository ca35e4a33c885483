// -m mark (libxt_mark.c, revision 1 = struct xt_mark_mtinfo1): [!] --mark value[/mask].
import type { ExtensionDef } from '../types.js';

/** xtables_print_mark_mask(): " 0xV" or " 0xV/0xM" */
export function markMaskText(mark: number, mask: number): string {
  return mask >>> 0 !== 0xffffffff ? ` 0x${(mark >>> 0).toString(16)}/0x${(mask >>> 0).toString(16)}` : ` 0x${(mark >>> 0).toString(16)}`;
}

/** "mark 0x1 & 0xff ≠ 0x2" for a failed mark/connmark compare */
export function markWhy(what: string, have: number, m: { mark: number; mask: number; invert: boolean }): string {
  const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
  const masked = m.mask >>> 0 === 0xffffffff ? hex(have) : `${hex(have)} & ${hex(m.mask)} = ${hex((have & m.mask) >>> 0)}`;
  return m.invert ? `${what} ${masked} = ${hex(m.mark)} (inverted)` : `${what} ${masked} ≠ ${hex(m.mark)}`;
}

interface MarkData {
  mark: number;
  mask: number;
  invert: boolean;
}

const mark: ExtensionDef = {
  kind: 'match',
  name: 'mark',
  revision: 1,
  options: [{ name: 'mark', type: 'markmask32', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { mark: 0, mask: 0, invert: false });
  },
  parse(cb) {
    if (cb.val.t !== 'markmask') return;
    Object.assign(cb.data, { mark: cb.val.value >>> 0, mask: cb.val.mask >>> 0, invert: cb.invert });
  },
  save(inst) {
    const m = inst.data as unknown as MarkData;
    return `${m.invert ? ' !' : ''} --mark${markMaskText(m.mark, m.mask)}`;
  },
  print(inst) {
    const m = inst.data as unknown as MarkData;
    return ` mark match${m.invert ? ' !' : ''}${markMaskText(m.mark, m.mask)}`;
  },
  // mark_mt(): ((skb->mark & mask) == mark) ^ invert
  match(inst, env) {
    const m = inst.data as unknown as MarkData;
    return (((env.pkt.mark & m.mask) >>> 0) === m.mark >>> 0) !== !!m.invert;
  },
  whyNot(inst, env) {
    const m = inst.data as unknown as MarkData;
    return markWhy('mark', env.pkt.mark, m);
  },
};

export default mark;

// -m mark (libxt_mark.c, revision 1 = struct xt_mark_mtinfo1): [!] --mark value[/mask].
import type { ExtensionDef } from '../types.js';

/** xtables_print_mark_mask(): " 0xV" or " 0xV/0xM" */
export function markMaskText(mark: number, mask: number): string {
  return mask >>> 0 !== 0xffffffff ? ` 0x${(mark >>> 0).toString(16)}/0x${(mask >>> 0).toString(16)}` : ` 0x${(mark >>> 0).toString(16)}`;
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
};

export default mark;

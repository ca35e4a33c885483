// -m connmark (libxt_connmark.c, revision 1 = struct xt_connmark_mtinfo1): [!] --mark value[/mask] on the ctmark.
import type { ExtensionDef } from '../types.js';
import { markMaskText, markWhy } from './mark.js';
import { ctOf } from '../match-semantics.js';

interface MarkData {
  mark: number;
  mask: number;
  invert: boolean;
}

const connmark: ExtensionDef = {
  kind: 'match',
  name: 'connmark',
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
    // " connmark match " then "!" then " 0x..": prints "connmark match  0x1" / "connmark match ! 0x1"
    return ` connmark match ${m.invert ? '!' : ''}${markMaskText(m.mark, m.mask)}`;
  },
  // connmark_mt(): no conntrack entry → false (even inverted); else ((ct->mark & mask) == mark) ^ invert
  match(inst, env) {
    const m = inst.data as unknown as MarkData;
    const ct = ctOf(env);
    if (!ct) return false;
    return (((ct.mark & m.mask) >>> 0) === m.mark >>> 0) !== !!m.invert;
  },
  whyNot(inst, env) {
    const m = inst.data as unknown as MarkData;
    const ct = ctOf(env);
    if (!ct) return `no conntrack entry (${env.ctState}): connmark never matches`;
    return markWhy('ctmark', ct.mark, m);
  },
};

export default connmark;

// -j CONNMARK (libxt_CONNMARK.c, revision 2 = xt_connmark_tginfo2): set forms as ctmark/ctmask, --save-mark /
// --restore-mark with nfmask/ctmask (default 0xffffffff, --mask sets both), --left-/--right-shift-mark.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { hex, markOp, markOpText } from './MARK.js';
import { cont, ctOf } from '../target-semantics.js';

const MODE = { SET: 0, SAVE: 1, RESTORE: 2 } as const;
interface ConnmarkData {
  mode: number;
  ctmark: number;
  ctmask: number;
  nfmask: number;
  shiftDir: 0 | 1;
  shiftBits: number;
}
const d = (inst: ExtInstance) => inst.data as unknown as ConnmarkData;
const SHIFT_OPS = ['left-shift-mark', 'right-shift-mark'];
const OPS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark', 'save-mark', 'restore-mark'];
const ALL = 0xffffffff;

function shift(t: ConnmarkData, pfx: string): string {
  return t.mode <= MODE.RESTORE && t.shiftBits !== 0 ? ` ${pfx}${SHIFT_OPS[t.shiftDir]} ${t.shiftBits}` : '';
}

const CONNMARK: ExtensionDef = {
  kind: 'target',
  name: 'CONNMARK',
  revision: 2,
  options: [
    { name: 'set-xmark', type: 'markmask32', excl: OPS },
    { name: 'set-mark', type: 'markmask32', excl: OPS },
    { name: 'and-mark', type: 'uint32', excl: OPS },
    { name: 'or-mark', type: 'uint32', excl: OPS },
    { name: 'xor-mark', type: 'uint32', excl: OPS },
    { name: 'save-mark', type: 'none', excl: OPS },
    { name: 'restore-mark', type: 'none', excl: OPS },
    { name: 'left-shift-mark', type: 'uint8', min: 0, max: 32 },
    { name: 'right-shift-mark', type: 'uint8', min: 0, max: 32 },
    { name: 'ctmask', type: 'uint32', excl: ['mask'] },
    { name: 'nfmask', type: 'uint32', excl: ['mask'] },
    { name: 'mask', type: 'uint32', excl: ['ctmask', 'nfmask'] },
  ],
  init(data) {
    Object.assign(data, { mode: MODE.SET, ctmark: 0, ctmask: ALL, nfmask: ALL, shiftDir: 0, shiftBits: 0 });
  },
  parse(cb) {
    const t = cb.data as unknown as ConnmarkData;
    const u32 = cb.val.t === 'int' ? Number(cb.val.v) >>> 0 : 0;
    switch (cb.opt.name) {
      case 'save-mark': t.mode = MODE.SAVE; break;
      case 'restore-mark': t.mode = MODE.RESTORE; break;
      case 'ctmask': t.ctmask = u32; break;
      case 'nfmask': t.nfmask = u32; break;
      case 'mask': t.ctmask = t.nfmask = u32; break;
      case 'left-shift-mark': t.shiftDir = 0; t.shiftBits = u32; break;
      case 'right-shift-mark': t.shiftDir = 1; t.shiftBits = u32; break;
      default: {
        const [mark, mask] = markOp(cb.opt.name, cb.val as { t: string; value?: number; mask?: number; v?: bigint });
        t.mode = MODE.SET;
        t.ctmark = mark;
        t.ctmask = mask;
      }
    }
  },
  finalCheck(fc) {
    if (!OPS.some((o) => fc.seen.has(o))) throw paramProblem('CONNMARK target: No operation specified');
  },
  /** connmark_tg_check: shift_bits above 31 */
  kernelRefuses: (inst) => d(inst).shiftBits > 31,
  save(inst) {
    const t = d(inst);
    let out: string;
    if (t.mode === MODE.SET) out = ` --set-xmark ${hex(t.ctmark)}/${hex(t.ctmask)}`;
    else out = ` --${t.mode === MODE.SAVE ? 'save' : 'restore'}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
    return out + shift(t, '--');
  },
  print(inst) {
    const t = d(inst);
    let out: string;
    if (t.mode === MODE.SET) out = ` CONNMARK ${markOpText(t.ctmark, t.ctmask)}`;
    else if (t.mode === MODE.SAVE) {
      if (t.nfmask === ALL && t.ctmask === ALL) out = ' CONNMARK save';
      else if (t.nfmask === t.ctmask) out = ` CONNMARK save mask ${hex(t.nfmask)}`;
      else out = ` CONNMARK save nfmask ${hex(t.nfmask)} ctmask ~${hex(t.ctmask)}`;
    } else if (t.ctmask === ALL && t.nfmask === ALL) out = ' CONNMARK restore';
    else if (t.ctmask === t.nfmask) out = ` CONNMARK restore mask ${hex(t.ctmask)}`;
    else out = ` CONNMARK restore ctmask ${hex(t.ctmask)} nfmask ~${hex(t.nfmask)}`;
    return out + shift(t, '');
  },
  /**
   * connmark_tg_shift(): without a connection (untracked, invalid) nothing happens. SET: ct->mark =
   * ((ct->mark & ~ctmask) ^ ctmark) shifted; SAVE: ct->mark = (ct->mark & ~ctmask) ^ ((skb->mark & nfmask) shifted);
   * RESTORE: skb->mark = (skb->mark & ~nfmask) ^ ((ct->mark & ctmask) shifted). Always XT_CONTINUE.
   */
  apply(inst, env) {
    const t = d(inst);
    const ct = ctOf(env);
    if (!ct) return cont('no connection: CONNMARK does nothing');
    const sh = (v: number) => (t.shiftDir === 1 ? v >>> t.shiftBits : v << t.shiftBits) >>> 0;
    const oldCt = ct.mark >>> 0;
    if (t.mode === MODE.RESTORE) {
      const old = env.pkt.mark >>> 0;
      env.pkt.mark = ((old & ~t.nfmask) ^ sh(oldCt & t.ctmask)) >>> 0;
      return cont(`mark ${hex(old)} → ${hex(env.pkt.mark)} (from ctmark ${hex(oldCt)})`);
    }
    ct.mark = t.mode === MODE.SET ? sh((oldCt & ~t.ctmask) ^ t.ctmark) : ((oldCt & ~t.ctmask) ^ sh(env.pkt.mark & t.nfmask)) >>> 0;
    return cont(`ctmark ${hex(oldCt)} → ${hex(ct.mark)}`);
  },
};

export default CONNMARK;

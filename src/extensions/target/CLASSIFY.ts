// -j CLASSIFY (libxt_CLASSIFY.c): --set-class MAJOR:MINOR (sscanf "%x:%x", TC_H_MAKE), saved as %04x:%04x.
// The kernel allows it from FORWARD, OUTPUT and POSTROUTING only (any table).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont, hex } from '../target-semantics.js';

/** scanf("%x") at pos: blanks, sign, optional 0x, hex digits; the value is truncated to unsigned int */
function scanHex(s: string, pos: number): { value: number; end: number } | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(s.slice(pos));
  if (!m) return undefined;
  let v = BigInt('0x' + m[3]);
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  if (m[1] === '-') v = (max + 1n - v) & max;
  return { value: Number(v & 0xffffffffn), end: pos + m[0].length };
}

export function parseClass(arg: string): number | undefined {
  const a = scanHex(arg, 0);
  if (!a || arg[a.end] !== ':') return undefined;
  const b = scanHex(arg, a.end + 1);
  if (!b) return undefined;
  return (((a.value << 16) & 0xffff0000) | (b.value & 0xffff)) >>> 0;
}

const prio = (inst: ExtInstance) => Number(inst.data.priority) >>> 0;

const CLASSIFY: ExtensionDef = {
  kind: 'target',
  name: 'CLASSIFY',
  revision: 0,
  options: [{ name: 'set-class', type: 'string', mand: true }],
  hooks: ['FORWARD', 'OUTPUT', 'POSTROUTING'],
  init(data) {
    data.priority = 0;
  },
  parse(cb) {
    const p = parseClass(cb.arg ?? '');
    if (p === undefined) throw paramProblem(`Bad class value "${cb.arg}"`);
    cb.data.priority = p;
  },
  save: (inst) => ` --set-class ${(prio(inst) >>> 16).toString(16).padStart(4, '0')}:${(prio(inst) & 0xffff).toString(16).padStart(4, '0')}`,
  print: (inst) => ` CLASSIFY set ${(prio(inst) >>> 16).toString(16)}:${(prio(inst) & 0xffff).toString(16)}`,
  /** classify_tg(): skb->priority = the class handle; XT_CONTINUE */
  apply(inst, env) {
    const old = env.pkt.priority >>> 0;
    env.pkt.priority = prio(inst);
    return cont(`priority ${hex(old)} → ${hex(prio(inst))} (class ${(prio(inst) >>> 16).toString(16)}:${(prio(inst) & 0xffff).toString(16)})`);
  },
};

export default CLASSIFY;

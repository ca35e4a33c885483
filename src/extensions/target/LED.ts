// -j LED (libxt_LED.c): --led-trigger-id ID (max 16 chars, stored as "netfilter-ID"), --led-delay ms|inf,
// --led-always-blink. The kernel module (xt_LED) is missing on the reference host: the rule is refused with ENOENT
// (the tool also warns "Extension LED revision 0 not supported, missing kernel module?"; nfsim prints it when the
// first option is parsed, so a bare `-j LED` misses it).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoui } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

interface LedData { id: string; delay: number; alwaysBlink: boolean }
const d = (inst: ExtInstance) => inst.data as unknown as LedData;
/** the id with " and \ escaped, as LED_save/LED_print write it */
const esc = (s: string) => s.replace(/["\\]/g, (c) => '\\' + c);
/** printf("%d") of a __u32 */
const asInt = (n: number) => (n > 0x7fffffff ? n - 0x100000000 : n);

const LED: ExtensionDef = {
  kind: 'target',
  name: 'LED',
  revision: 0,
  options: [
    // sizeof(id) - sizeof("netfilter-") = 27 - 11
    { name: 'led-trigger-id', type: 'string', mand: true, min: 0, max: 16 },
    { name: 'led-delay', type: 'string' },
    { name: 'led-always-blink', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { id: '', delay: 0, alwaysBlink: false });
  },
  parse(cb) {
    const t = cb.data as unknown as LedData;
    const arg = cb.arg ?? '';
    // xtables_find_target() finds no kernel support for LED rev 0 (printed once, when the target is loaded)
    if (cb.seen.size === 0) cb.warn?.('Warning: Extension LED revision 0 not supported, missing kernel module?\n');
    switch (cb.opt.name) {
      case 'led-trigger-id': t.id = arg; break;
      case 'led-delay':
        if (arg.slice(0, 3).toLowerCase() === 'inf') t.delay = 0xffffffff;
        else {
          const v = xtStrtoui(arg, 0, 0xffffffff);
          if (v === undefined) throw paramProblem('Delay value must be within range 0..4294967295');
          t.delay = v;
        }
        break;
      case 'led-always-blink': t.alwaysBlink = true; break;
    }
  },
  kernelRefuses: () => 'ENOENT',
  save(inst) {
    const t = d(inst);
    let out = ` --led-trigger-id "${esc(t.id)}"`;
    // `led->delay > 0` on the unsigned field: "inf" (0xffffffff) prints as %d, i.e. -1
    if (t.delay > 0) out += ` --led-delay ${asInt(t.delay)}`;
    if (t.alwaysBlink) out += ' --led-always-blink';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ` led-trigger-id:"${esc(t.id)}"`;
    out += t.delay === 0xffffffff ? ' led-delay:inf' : ` led-delay:${asInt(t.delay)}ms`;
    if (t.alwaysBlink) out += ' led-always-blink';
    return out;
  },
  /** led_tg(): blink (or light for the delay) the LED trigger netfilter-ID; XT_CONTINUE */
  apply(inst) {
    const t = d(inst);
    return cont(`led trigger netfilter-${t.id} ${t.delay === 0 ? 'blinks' : t.delay === 0xffffffff ? 'stays on' : `on for ${t.delay} ms`}`);
  },
};

export default LED;

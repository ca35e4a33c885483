// -j TTL (libipt_TTL.c, IPv4) and, sharing the code, -j HL (libip6t_HL.c, IPv6): set / decrement / increment.
// The kernel accepts both in mangle only.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const MODES = ['set', 'inc', 'dec'] as const; // IPT_TTL_SET 0, IPT_TTL_INC 1, IPT_TTL_DEC 2
const WORDS: Record<string, string> = { set: 'set to', dec: 'decrement by', inc: 'increment by' };

export function makeTtlLike(name: 'TTL' | 'HL', family: Family): ExtensionDef {
  const p = name.toLowerCase(); // option prefix: ttl / hl
  const opts = [`${p}-set`, `${p}-dec`, `${p}-inc`];
  const d = (inst: ExtInstance) => inst.data as { mode: number; value: number };
  return {
    kind: 'target',
    name,
    revision: 0,
    family,
    options: [
      { name: `${p}-set`, type: 'uint8', excl: opts },
      { name: `${p}-dec`, type: 'uint8', min: 1, excl: opts },
      { name: `${p}-inc`, type: 'uint8', min: 1, excl: opts },
    ],
    tables: ['mangle'],
    init(data) {
      Object.assign(data, { mode: 0, value: 0 });
    },
    parse(cb) {
      const t = cb.data as { mode: number; value: number };
      t.mode = MODES.indexOf(cb.opt.name.slice(p.length + 1) as (typeof MODES)[number]);
      if (cb.val.t === 'int') t.value = Number(cb.val.v);
    },
    finalCheck(fc) {
      if (!opts.some((o) => fc.seen.has(o))) throw paramProblem(`${name}: You must specify an action`);
    },
    save: (inst) => ` --${p}-${MODES[d(inst).mode]} ${d(inst).value}`,
    print: (inst) => ` ${name} ${WORDS[MODES[d(inst).mode]]} ${d(inst).value}`,
    /**
     * ttl_tg / hl_tg6: set, or increment/decrement saturating at 255/0 (a TTL of 0 is not dropped here; forwarding
     * drops it later); XT_CONTINUE
     */
    apply(inst, env) {
      const { mode, value } = d(inst);
      const old = env.pkt.ttl;
      const nv = MODES[mode] === 'set' ? value : MODES[mode] === 'inc' ? Math.min(255, old + value) : Math.max(0, old - value);
      env.pkt.ttl = nv;
      return cont(`${name} ${old} → ${nv}`);
    },
  };
}

export default makeTtlLike('TTL', 'ipv4');

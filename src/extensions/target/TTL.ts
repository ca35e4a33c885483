// -j TTL (libipt_TTL.c, IPv4) and, sharing the code, -j HL (libip6t_HL.c, IPv6): set / decrement / increment.
// The kernel accepts both in mangle only.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

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
  };
}

export default makeTtlLike('TTL', 'ipv4');

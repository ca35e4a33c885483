// -m rpfilter (libxt_rpfilter.c, x6 parser): reverse path filter (--loose, --validmark, --accept-local, --invert).
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

/** XT_RPFILTER_* in the order rpfilter_print_prefix() prints them */
const FLAGS: readonly [string, number][] = [['loose', 1], ['validmark', 2], ['accept-local', 4], ['invert', 8]];

const text = (inst: ExtInstance, prefix: string) => {
  const flags = Number(inst.data.flags ?? 0);
  return FLAGS.filter(([, bit]) => flags & bit).map(([n]) => ` ${prefix}${n}`).join('');
};

const rpfilter: ExtensionDef = {
  kind: 'match',
  name: 'rpfilter',
  revision: 0,
  options: FLAGS.map(([name]) => ({ name, type: 'none' as const })),
  init(data) {
    data.flags = 0;
  },
  parse(cb) {
    const bit = FLAGS.find(([n]) => n === cb.opt.name)![1];
    cb.data.flags = Number(cb.data.flags ?? 0) | bit;
  },
  save(inst) {
    return text(inst, '--');
  },
  print(inst) {
    return ' rpfilter' + text(inst, '');
  },
  // xt_rpfilter: .hooks = PRE_ROUTING; rpfilter_check() allows only the raw and mangle tables
  tables: ['raw', 'mangle'],
  hooks: ['PREROUTING'],
};

export default rpfilter;

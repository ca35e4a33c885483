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
  // rpfilter_mt(): loopback input, 0.0.0.0/8 → broadcast/local-multicast (IPv4) and :: (IPv6) are accepted before any route
  // lookup; everything else needs the reverse route lookup, which is not modelled
  match(inst, env) {
    const flags = Number(inst.data.flags ?? 0);
    const invert = (flags & 8) !== 0;
    const p = env.pkt;
    if (p.iif === 'lo') return !invert;
    // ipv4_is_zeronet(saddr) (0.0.0.0/8) towards 255.255.255.255 or 224.0.0.0/24; IPv6: the unspecified source
    if (typeof p.src === 'number' && (p.src & 0xff000000) === 0 && typeof p.dst === 'number'
      && (p.dst >>> 0 === 0xffffffff || (p.dst & 0xffffff00) >>> 0 === 0xe0000000)) return !invert;
    if (p.src === 0n) return !invert;
    return env.undecided('rpfilter: the reverse path route lookup is not modelled');
  },
  whyNot(inst) {
    return Number(inst.data.flags ?? 0) & 8 ? 'loopback/zeronet source accepted without lookup (--invert)' : 'rpfilter';
  },
};

export default rpfilter;

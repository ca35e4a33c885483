// -m icmp6 (libip6t_icmp6.c, names from libxt_icmp.h), IPv6 only: [!] --icmpv6-type type[/code]|name.
// Registered as "icmp6"; the registry maps icmpv6 / ipv6-icmp (the -p names) to it. -L prints "ipv6-icmp".
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { ICMPV6_CODES, icmpMatch, icmpWhyNot, parseIcmpType, printIcmpType, protoRequired } from './icmp.js';
import type { IcmpData } from './icmp.js';

const d = (inst: ExtInstance) => inst.data as unknown as IcmpData;

const icmp6: ExtensionDef = {
  kind: 'match',
  name: 'icmp6',
  revision: 0,
  family: 'ipv6',
  options: [{ name: 'icmpv6-type', type: 'string', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { type: 0, code: [0, 0xff] });
  },
  parse(cb) {
    const r = parseIcmpType(ICMPV6_CODES, 'ICMPv6', cb.arg ?? '');
    Object.assign(cb.data, { type: r.type, code: r.code });
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    let out = `${t.invert ? ' !' : ''} --icmpv6-type ${t.type}`;
    if (t.code[0] !== 0 || t.code[1] !== 0xff) out += `/${t.code[0]}`;
    return out;
  },
  print(inst, ctx) {
    return ' ipv6-icmp' + printIcmpType(ICMPV6_CODES, d(inst), ctx.numeric);
  },
  kernelRefuses(_inst, where) {
    return !protoRequired(where.rule, 58);
  },
  match: (inst, env) => icmpMatch(d(inst), env, 58, false),
  whyNot: (inst, env) => icmpWhyNot(d(inst), env, 58, 'icmpv6'),
};

export default icmp6;

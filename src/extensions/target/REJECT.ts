// -j REJECT (libipt_REJECT.c for IPv4, libip6t_REJECT.c for IPv6): --reject-with type, prefix-matched on name or alias.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef, OptionCall } from '../types.js';

/** [name, alias] indexed by the kernel's enum value; undefined = hole (#if 0 in the C table). */
const REJECT4: readonly ([string, string] | undefined)[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  undefined, // IPT_ICMP_ECHOREPLY
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];
const REJECT6: readonly ([string, string] | undefined)[] = [
  ['icmp6-no-route', 'no-route'],
  ['icmp6-adm-prohibited', 'adm-prohibited'],
  undefined, // IP6T_ICMP6_NOT_NEIGHBOR
  ['icmp6-addr-unreachable', 'addr-unreach'],
  ['icmp6-port-unreachable', 'port-unreach'],
  undefined, // IP6T_ICMP6_ECHOREPLY
  ['tcp-reset', 'tcp-reset'],
  ['icmp6-policy-fail', 'policy-fail'],
  ['icmp6-reject-route', 'reject-route'],
];
const TCP_RESET = { ipv4: 7, ipv6: 6 } as const;

/** strncasecmp(name, arg, strlen(arg)) == 0: arg is a case-insensitive prefix of name (the empty arg matches). */
const isPrefix = (name: string, arg: string) => name.toLowerCase().startsWith(arg.toLowerCase());

function makeReject(family: Family): ExtensionDef {
  const table = family === 'ipv4' ? REJECT4 : REJECT6;
  const name = (inst: ExtInstance) => table[Number(inst.data.with)]?.[0] ?? `unknown(${String(inst.data.with)})`;
  return {
    kind: 'target',
    name: 'REJECT',
    revision: 0,
    family,
    options: [{ name: 'reject-with', type: 'string' }],
    tables: ['filter'],
    hooks: ['INPUT', 'FORWARD', 'OUTPUT'],
    init(data) {
      data.with = family === 'ipv4' ? 3 : 4;
    },
    parse(cb: OptionCall) {
      const arg = cb.arg ?? '';
      for (let i = 0; i < table.length; i++) {
        const e = table[i];
        if (e && (isPrefix(e[0], arg) || isPrefix(e[1], arg))) {
          cb.data.with = i;
          return;
        }
      }
      if (family === 'ipv4' && (isPrefix('echo-reply', arg) || isPrefix('echoreply', arg))) cb.warn?.('--reject-with echo-reply no longer supported\n');
      throw paramProblem(`unknown reject type "${arg}"`);
    },
    /** reject_tg_check: tcp-reset needs `-p tcp` (not inverted). */
    kernelRefuses(inst, where) {
      if (Number(inst.data.with) !== TCP_RESET[family]) return false;
      const p = where.rule?.proto;
      return !(p && p.num === 6 && !p.invert);
    },
    save: (inst) => ` --reject-with ${name(inst)}`,
    print: (inst) => ` reject-with ${name(inst)}`,
  };
}

export default [makeReject('ipv4'), makeReject('ipv6')];

// -j TPROXY (libxt_TPROXY.c, revision 1 in both families): --on-port (mandatory), --on-ip, --tproxy-mark value[/mask].
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import { ipv4ToString, ipv6ToString } from '../../values/addr.js';
import { serviceToPort } from '../../values/ports.js';
import type { ExtensionDef } from '../types.js';

interface TproxyData { lport: number; laddr: string; markValue: number; markMask: number }
const d = (inst: ExtInstance) => inst.data as unknown as TproxyData;
const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/**
 * xtables_getportbyname() = getaddrinfo(NULL, name): a decimal number (after blanks; "" is 0) is taken modulo
 * 65536, anything else is a service name of any protocol.
 */
function getPortByName(name: string): number {
  // glibc: leading blanks are skipped, a sign makes it a (non-existent) service name
  const m = /^[ \t\n\v\f\r]*(\d*)$/.exec(name);
  if (m) return m[1] === '' ? 0 : Number(BigInt(m[1]) & 0xffffn);
  return serviceToPort(name);
}

function makeTproxy(family: Family): ExtensionDef {
  return {
    kind: 'target',
    name: 'TPROXY',
    revision: 1,
    family,
    options: [
      { name: 'on-port', type: 'string', mand: true },
      { name: 'on-ip', type: 'host' },
      { name: 'tproxy-mark', type: 'markmask32' },
    ],
    tables: ['mangle'],
    hooks: ['PREROUTING'],
    init(data) {
      Object.assign(data, { lport: 0, laddr: family === 'ipv4' ? '0.0.0.0' : '::', markValue: 0, markMask: 0 });
    },
    parse(cb) {
      const t = cb.data as unknown as TproxyData;
      switch (cb.opt.name) {
        case 'on-port': {
          const p = getPortByName(cb.arg ?? '');
          if (p < 0) throw paramProblem(`Port "${cb.arg}" does not resolve to anything.\n`);
          t.lport = p;
          break;
        }
        case 'on-ip':
          if (cb.val.t === 'host') {
            const a = cb.val.addr;
            t.laddr = a.family === 'ipv4' ? ipv4ToString(a.addr) : ipv6ToString(a.addr);
          }
          break;
        case 'tproxy-mark':
          if (cb.val.t === 'markmask') {
            t.markValue = cb.val.value;
            t.markMask = cb.val.mask;
          }
          break;
      }
    },
    /** tproxy_tg4_check/tproxy_tg6_check: only with -p tcp or -p udp (not inverted) */
    kernelRefuses(_inst, where) {
      const p = where.rule?.proto;
      return !(p && (p.num === 6 || p.num === 17) && !p.invert);
    },
    /**
     * tproxy_tg4/6_v1: look up an established socket for the packet, else a transparent listener on
     * --on-ip/--on-port; found → mark the packet (--tproxy-mark), assign the socket, NF_ACCEPT; none → NF_DROP.
     * Sockets are not modelled.
     */
    apply(inst, env) {
      const t = d(inst);
      return env.undecided(`TPROXY to ${t.laddr}:${t.lport}: needs a socket lookup (transparent listener), not modelled`);
    },
    save(inst) {
      const t = d(inst);
      return ` --on-port ${t.lport} --on-ip ${t.laddr} --tproxy-mark ${hex(t.markValue)}/${hex(t.markMask)}`;
    },
    print(inst) {
      const t = d(inst);
      return ` TPROXY redirect ${t.laddr}:${t.lport} mark ${hex(t.markValue)}/${hex(t.markMask)}`;
    },
  };
}

export default [makeTproxy('ipv4'), makeTproxy('ipv6')];

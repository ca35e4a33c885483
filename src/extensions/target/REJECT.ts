// -j REJECT (libipt_REJECT.c for IPv4, libip6t_REJECT.c for IPv6): --reject-with type, prefix-matched on name or alias.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef, OptionCall, PacketEnv, TargetOutcome } from '../types.js';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, TCP_RST } from '../../model/packet.js';
import { isMcast4, isMcast6 } from '../target-semantics.js';

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

/** ICMP type/code sent per --reject-with (ipt_REJECT.c reject_tg, ip6t_REJECT.c reject_tg6), by table index */
const ICMP4: readonly ([number, number] | undefined)[] = [
  [3, 0], // ICMP_NET_UNREACH
  [3, 1], // ICMP_HOST_UNREACH
  [3, 2], // ICMP_PROT_UNREACH
  [3, 3], // ICMP_PORT_UNREACH
  undefined,
  [3, 9], // ICMP_NET_ANO
  [3, 10], // ICMP_HOST_ANO
  undefined, // tcp-reset
  [3, 13], // ICMP_PKT_FILTERED
];
const ICMP6: readonly ([number, number] | undefined)[] = [
  [1, 0], // ICMPV6_NOROUTE
  [1, 1], // ICMPV6_ADM_PROHIBITED
  [1, 2], // ICMPV6_NOT_NEIGHBOUR
  [1, 3], // ICMPV6_ADDR_UNREACH
  [1, 4], // ICMPV6_PORT_UNREACH
  undefined, // echo-reply: nothing is sent
  undefined, // tcp-reset
  [1, 5], // ICMPV6_POLICY_FAIL
  [1, 6], // ICMPV6_REJECT_ROUTE
];

/** ICMP types icmp_send() treats as errors (icmp_pointers[].error; unknown types > NR_ICMP_TYPES count as errors) */
const isIcmpError4 = (type: number) => type > 18 || [3, 4, 5, 11, 12].includes(type);

/**
 * Why the kernel sends no reply to this packet (undefined: it sends one). IPv4 ICMP: nf_send_unreach + icmp_send
 * (non-first fragment, pkt_type != PACKET_HOST, broadcast/multicast route, the packet is itself an ICMP error);
 * IPv4 RST: nf_send_reset (fragment, RST, broadcast/multicast route); IPv6 ICMP: reject6_csum_ok + icmp6_send
 * (fragment, multicast destination or pkt_type != PACKET_HOST, unspecified/multicast source, ICMPv6 error);
 * IPv6 RST: nf_send_reset6 (source or destination not unicast, fragment, RST).
 */
function noReply(env: PacketEnv, reset: boolean): string | undefined {
  const p = env.pkt;
  if (p.fragment) return 'not the first fragment';
  if (env.family === 'ipv4') {
    const types = env.addrTypes(p.dst);
    const bcast = types.has('BROADCAST') || types.has('MULTICAST') || isMcast4(p.dst as number) || p.dst === 0xffffffff;
    if (reset) {
      if (p.proto === PROTO_TCP && p.tcpFlags & TCP_RST) return 'no RST in reply to a RST';
      if (bcast) return 'the destination is a broadcast/multicast address';
      return undefined;
    }
    if (p.pktType !== 'host') return `link-layer ${p.pktType} frame (pkt_type != PACKET_HOST)`;
    if (bcast) return 'the destination is a broadcast/multicast address';
    if (p.proto === PROTO_ICMP && isIcmpError4(p.icmpType)) return 'the packet is an ICMP error';
    return undefined;
  }
  const src = p.src as bigint;
  const dst = p.dst as bigint;
  if (reset) {
    if (src === 0n || isMcast6(src) || dst === 0n || isMcast6(dst)) return 'source or destination is not a unicast address';
    if (p.proto === PROTO_TCP && p.tcpFlags & TCP_RST) return 'no RST in reply to a RST';
    return undefined;
  }
  if (isMcast6(dst) || p.pktType !== 'host') return 'multicast destination (or pkt_type != PACKET_HOST)';
  if (src === 0n || isMcast6(src)) return 'the source is unspecified or multicast';
  if (p.proto === PROTO_ICMPV6 && p.icmpType >= 0 && p.icmpType < 128) return 'the packet is an ICMPv6 error';
  return undefined;
}

/** reject_tg / reject_tg6: send the reply (or not) and always NF_DROP. */
function rejectApply(family: Family, w: number, name: string, env: PacketEnv): TargetOutcome {
  const reset = w === TCP_RESET[family];
  const icmp = (family === 'ipv4' ? ICMP4 : ICMP6)[w];
  if (!reset && !icmp) return { verdict: 'DROP', note: `REJECT ${name}: nothing is sent` };
  const why = noReply(env, reset);
  if (why) return { verdict: 'DROP', note: `REJECT: no ${reset ? 'RST' : family === 'ipv4' ? 'ICMP error' : 'ICMPv6 error'} sent: ${why}` };
  if (reset) return { verdict: 'DROP', reject: { with: 'tcp-reset' }, note: 'reject with tcp-reset (the RST leaves through OUTPUT)' };
  const [icmpType, icmpCode] = icmp!;
  return { verdict: 'DROP', reject: { with: name, icmpType, icmpCode }, note: `reject with ${name} (${family === 'ipv4' ? 'icmp' : 'icmpv6'} type ${icmpType} code ${icmpCode})` };
}

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
    apply: (inst, env) => rejectApply(family, Number(inst.data.with), name(inst), env),
  };
}

export default [makeReject('ipv4'), makeReject('ipv6')];

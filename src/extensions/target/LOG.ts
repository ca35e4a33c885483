// -j LOG (libxt_LOG.c): syslog level, prefix (29 bytes kept), flags tcp-sequence/tcp-options/ip-options/uid/macdecode.
import { paramProblem } from '../../diag/errors.js';
import { saveString } from '../../render/quote.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef, PacketEnv } from '../types.js';
import { truncateBytes } from '../match/comment.js';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP } from '../../model/packet.js';
import { cont } from '../target-semantics.js';

const DEFAULT_LEVEL = 4; // LOG_WARNING
/** XT_LOG_* bits, in option order */
const FLAGS: readonly [string, number, string][] = [
  ['log-tcp-sequence', 0x01, 'tcp-sequence'],
  ['log-tcp-options', 0x02, 'tcp-options'],
  ['log-ip-options', 0x04, 'ip-options'],
  ['log-uid', 0x08, 'uid'],
  ['log-macdecode', 0x20, 'macdecode'],
];
const XT_LOG_MASK = 0x2f;
/** glibc prioritynames[]: the first name per level */
const PRIO_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

const d = (inst: ExtInstance) => inst.data as { level: number; prefix: string; logflags: number };

// ---------- the kernel's log line (nf_log_syslog.c: nf_log_ip_packet / nf_log_ip6_packet) ----------

/** NF_LOG_* = XT_LOG_* (TCPOPT 0x02 and IPOPT 0x04 print nothing here: the model has no options) */
const TCPSEQ = 0x01;
const UID = 0x08;
const MACDECODE = 0x20;

/*
 * Header fields the packet model does not carry get fixed synthetic values, so lines stay stable:
 *  - IPv4 ID 20306 (0x4f52), no DF/MF/CE bits, no IP options (IHL 5: --log-ip-options adds nothing);
 *  - a non-first IPv4 fragment shows FRAG:185 (offset 1480 bytes, the second fragment of a 1500-byte MTU);
 *  - IPv6 flow label 0, no extension headers;
 *  - TCP seq 1000, ack_seq 2000 when ACK is set (else 0), window 64240, urgent pointer 0, reserved bits 0,
 *    data offset 5 (no options: --log-tcp-options adds nothing);
 *  - ICMP/ICMPv6 echo sequence 1; PARAMETER=0 / POINTER=00000000, GATEWAY=0.0.0.0, MTU=1500 (IPv4 frag needed) /
 *    MTU=1280 (IPv6 packet too big); the inner packet of an ICMP error is not modelled and shows as
 *    "[inner packet not modelled] ";
 *  - AH/ESP SPI 0;
 *  - a frame whose source MAC is unknown gets 02:00:00:00:00:01; GID is the uid when the model has no gid.
 * Lengths come from pkt.len (tot_len / payload + 40), the UDP length is pkt.len minus the IP header.
 */
export const SYNTH = { ipId: 20306, fragOffset: 185, tcpSeq: 1000, tcpAck: 2000, tcpWindow: 64240, icmpSeq: 1, srcMac: '02:00:00:00:00:01' } as const;

const mac2 = (m: string) => m.toLowerCase().split(':').map((b) => b.padStart(2, '0')).join(':');

/** the frame's destination MAC: broadcast, the IP multicast mapping (01:00:5e / 33:33), or the input device's */
function dstMac(env: PacketEnv, dev: string): string | undefined {
  const p = env.pkt;
  if (p.pktType === 'broadcast') return 'ff:ff:ff:ff:ff:ff';
  if (p.pktType === 'multicast') {
    const b = (n: number) => n.toString(16).padStart(2, '0');
    if (typeof p.dst === 'number') return `01:00:5e:${b((p.dst >>> 16) & 0x7f)}:${b((p.dst >>> 8) & 0xff)}:${b(p.dst & 0xff)}`;
    const lo = Number(p.dst & 0xffffffffn);
    return `33:33:${b(lo >>> 24)}:${b((lo >>> 16) & 0xff)}:${b((lo >>> 8) & 0xff)}:${b(lo & 0xff)}`;
  }
  return env.ifaceMac(dev);
}

/** dump_mac_header(): MAC=dst:src:type (14 bytes of the ethernet header), MACSRC/MACDST/MACPROTO with macdecode */
function macHeader(env: PacketEnv, dev: string, flags: number): string {
  const ethType = env.family === 'ipv4' ? '0800' : '86dd';
  if (dev === 'lo') return `MAC=00:00:00:00:00:00:00:00:00:00:00:00:${ethType.slice(0, 2)}:${ethType.slice(2)} `; // ARPHRD_LOOPBACK: no macdecode
  const dst = dstMac(env, dev);
  // a device without a hardware header (tun, wireguard, ppp: no MAC in the host model): hard_header_len 0
  if (env.ifaceMac(dev) === undefined || dst === undefined) return 'MAC= ';
  const src = mac2(env.pkt.srcMac ?? SYNTH.srcMac);
  if (flags & MACDECODE) return `MACSRC=${src} MACDST=${mac2(dst)} MACPROTO=${ethType} `;
  return `MAC=${mac2(dst)}:${src}:${ethType.slice(0, 2)}:${ethType.slice(2)} `;
}

/** %pI6: eight groups of four hex digits, no compression */
function pI6(a: bigint): string {
  const g: string[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((a >> BigInt(i * 16)) & 0xffffn).toString(16).padStart(4, '0'));
  return g.join(':');
}
const pI4 = (a: number) => `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

/** nf_log_dump_tcp_header(); true when the dump stopped (INCOMPLETE) */
function tcpHeader(env: PacketEnv, avail: number, fragment: boolean, flags: number): [string, boolean] {
  const p = env.pkt;
  let s = 'PROTO=TCP ';
  if (fragment) return [s, false];
  if (avail < 20) return [s + `INCOMPLETE [${avail >>> 0} bytes] `, true];
  s += `SPT=${p.sport} DPT=${p.dport} `;
  if (flags & TCPSEQ) s += `SEQ=${SYNTH.tcpSeq} ACK=${p.tcpFlags & 0x10 ? SYNTH.tcpAck : 0} `;
  s += `WINDOW=${SYNTH.tcpWindow} RES=0x00 `;
  const f = p.tcpFlags;
  for (const [bit, name] of [[0x80, 'CWR'], [0x40, 'ECE'], [0x20, 'URG'], [0x10, 'ACK'], [0x08, 'PSH'], [0x04, 'RST'], [0x02, 'SYN'], [0x01, 'FIN']] as const) {
    if (f & bit) s += name + ' ';
  }
  s += 'URGP=0 ';
  return [s, false];
}

/** nf_log_dump_udp_header() */
function udpHeader(env: PacketEnv, avail: number, fragment: boolean): [string, boolean] {
  const p = env.pkt;
  let s = p.proto === PROTO_UDP ? 'PROTO=UDP ' : 'PROTO=UDPLITE ';
  if (fragment) return [s, false];
  if (avail < 8) return [s + `INCOMPLETE [${avail >>> 0} bytes] `, true];
  s += `SPT=${p.sport} DPT=${p.dport} LEN=${avail} `;
  return [s, false];
}

/** dump_ipv4_packet() at the outer level (iphoff 0) */
function ipv4Packet(env: PacketEnv, flags: number): string {
  const p = env.pkt;
  if (p.len < 20) return 'TRUNCATED';
  let s = `SRC=${pI4(p.src as number)} DST=${pI4(p.dst as number)} `;
  s += `LEN=${p.len} TOS=0x${(p.tos & 0x1e).toString(16).toUpperCase().padStart(2, '0')} PREC=0x${(p.tos & 0xe0).toString(16).toUpperCase().padStart(2, '0')} TTL=${p.ttl} ID=${SYNTH.ipId} `;
  if (p.fragment) s += `FRAG:${SYNTH.fragOffset} `;
  const avail = p.len - 20;
  switch (p.proto) {
    case PROTO_TCP: {
      const [t, stop] = tcpHeader(env, avail, p.fragment, flags);
      s += t;
      if (stop) return s;
      break;
    }
    case PROTO_UDP:
    case 136: {
      const [t, stop] = udpHeader(env, avail, p.fragment);
      s += t;
      if (stop) return s;
      break;
    }
    case PROTO_ICMP: {
      s += 'PROTO=ICMP ';
      if (p.fragment) break;
      if (avail < 8) {
        s += `INCOMPLETE [${avail >>> 0} bytes] `;
        break;
      }
      const type = p.icmpType;
      s += `TYPE=${type} CODE=${p.icmpCode} `;
      // required_len[]: echo 4, errors 8 + 20, timestamps 20, address mask 12
      const req: Record<number, number> = { 0: 4, 3: 28, 4: 28, 5: 28, 8: 4, 11: 28, 12: 28, 13: 20, 14: 20, 17: 12, 18: 12 };
      if (type >= 0 && type <= 18 && req[type] && avail < req[type]) {
        s += `INCOMPLETE [${avail} bytes] `;
        break;
      }
      if (type === 0 || type === 8) s += `ID=${p.icmpId} SEQ=${SYNTH.icmpSeq} `;
      else if (type === 12) s += 'PARAMETER=0 ';
      else if (type === 3 || type === 4 || type === 5 || type === 11) {
        if (type === 5) s += 'GATEWAY=0.0.0.0 ';
        s += '[inner packet not modelled] ';
        if (type === 3 && p.icmpCode === 4) s += 'MTU=1500 ';
      }
      break;
    }
    case 51: // AH
      if (p.fragment) break;
      s += 'PROTO=AH ' + (avail < 12 ? `INCOMPLETE [${avail >>> 0} bytes] ` : 'SPI=0x0 ');
      break;
    case 50: // ESP
      s += 'PROTO=ESP ';
      if (p.fragment) break;
      s += avail < 8 ? `INCOMPLETE [${avail >>> 0} bytes] ` : 'SPI=0x0 ';
      break;
    default:
      s += `PROTO=${p.proto} `;
  }
  return s + trailer(env, flags);
}

/** dump_ipv6_packet() at the outer level (recurse 1) */
function ipv6Packet(env: PacketEnv, flags: number): string {
  const p = env.pkt;
  if (p.len < 40) return 'TRUNCATED';
  let s = `SRC=${pI6(p.src as bigint)} DST=${pI6(p.dst as bigint)} `;
  s += `LEN=${p.len} TC=${p.tos & 0xff} HOPLIMIT=${p.ttl} FLOWLBL=0 `;
  const avail = p.len - 40;
  switch (p.proto) {
    case PROTO_TCP: {
      const [t, stop] = tcpHeader(env, avail, false, flags);
      s += t;
      if (stop) return s;
      break;
    }
    case PROTO_UDP:
    case 136: {
      const [t, stop] = udpHeader(env, avail, false);
      s += t;
      if (stop) return s;
      break;
    }
    case PROTO_ICMPV6: {
      s += 'PROTO=ICMPv6 ';
      if (avail < 8) return s + `INCOMPLETE [${avail >>> 0} bytes] `;
      const type = p.icmpType;
      s += `TYPE=${type} CODE=${p.icmpCode} `;
      if (type === 128 || type === 129) s += `ID=${p.icmpId} SEQ=${SYNTH.icmpSeq} `;
      else if (type >= 1 && type <= 4) {
        if (type === 4) s += 'POINTER=00000000 ';
        s += '[inner packet not modelled] ';
        if (type === 2) s += 'MTU=1280 ';
      }
      break;
    }
    default:
      s += `PROTO=${p.proto} `;
  }
  return s + trailer(env, flags);
}

/** UID=/GID= (--log-uid, a local socket) and MARK= (non-zero skb->mark) */
function trailer(env: PacketEnv, flags: number): string {
  const p = env.pkt;
  let s = '';
  if (flags & UID && p.uid !== undefined) s += `UID=${p.uid} GID=${p.gid ?? p.uid} `;
  if (p.mark >>> 0) s += `MARK=0x${(p.mark >>> 0).toString(16)} `;
  return s;
}

/**
 * The line LOG makes the kernel print (without the syslog timestamp and level), trailing blank included:
 * "<prefix>IN=<in> OUT=<out> [MAC=…] SRC=… DST=… …". The hook decides the devices (state->in/out): PREROUTING and
 * INPUT have no output device, OUTPUT no input device; the MAC part appears only with an input device.
 */
export function logLine(env: PacketEnv, prefix: string, flags: number): string {
  const p = env.pkt;
  const inDev = env.hook === 'OUTPUT' ? '' : p.iif;
  const outDev = env.hook === 'PREROUTING' || env.hook === 'INPUT' ? '' : p.oif;
  let s = `${prefix}IN=${inDev} OUT=${outDev} `;
  if (inDev !== '') s += macHeader(env, inDev, flags);
  return s + (env.family === 'ipv4' ? ipv4Packet(env, flags) : ipv6Packet(env, flags));
}

const LOG: ExtensionDef = {
  kind: 'target',
  name: 'LOG',
  revision: 0,
  options: [
    { name: 'log-level', type: 'sysloglevel' },
    { name: 'log-prefix', type: 'string', min: 1 },
    { name: 'log-tcp-sequence', type: 'none' },
    { name: 'log-tcp-options', type: 'none' },
    { name: 'log-ip-options', type: 'none' },
    { name: 'log-uid', type: 'none' },
    { name: 'log-macdecode', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { level: DEFAULT_LEVEL, prefix: '', logflags: 0 });
  },
  parse(cb) {
    const data = cb.data as { level: number; prefix: string; logflags: number };
    switch (cb.opt.name) {
      case 'log-level':
        if (cb.val.t === 'syslog') data.level = cb.val.v;
        break;
      case 'log-prefix': {
        const arg = cb.arg ?? '';
        // XTOPT_PUT into char prefix[30]
        data.prefix = truncateBytes(arg, 29);
        if (arg.includes('\n')) throw paramProblem('Newlines not allowed in --log-prefix');
        break;
      }
      default:
        data.logflags |= FLAGS.find(([n]) => n === cb.opt.name)![1];
    }
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.prefix !== '') out += ' --log-prefix' + saveString(t.prefix);
    if (t.level !== DEFAULT_LEVEL) out += ` --log-level ${t.level}`;
    for (const [name, bit] of FLAGS) if (t.logflags & bit) out += ` --${name}`;
    return out;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' LOG';
    if (ctx.numeric) out += ` flags ${t.logflags} level ${t.level}`;
    else {
      const pname = PRIO_NAMES[t.level];
      out += pname ? ` level ${pname}` : ` UNKNOWN level ${t.level}`;
      for (const [, bit, word] of FLAGS) if (t.logflags & bit) out += ` ${word}`;
      if (t.logflags & ~XT_LOG_MASK) out += ' unknown-flags';
    }
    if (t.prefix !== '') out += ` prefix "${t.prefix}"`;
    return out;
  },
  /** log_tg(): nf_log_packet() with the rule's level, flags and prefix; XT_CONTINUE */
  apply(inst, env) {
    const t = d(inst);
    return { ...cont(`log level ${t.level}`), log: logLine(env, t.prefix, t.logflags) };
  },
};

export default LOG;

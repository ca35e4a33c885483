// Packet specs for `nfsim trace` (grammar/packet.peggy) bound to a Packet: the defaults match the kernel oracle's
// synthetic packets (TCP without options, seq 1000; ICMP echo request id 4660; TTL 64).
import { parse as parseSpecSyntax, SyntaxError as SpecSyntaxError } from './generated/packet.js';
import { DiagnosticError, type Diagnostic } from '../diag/diagnostic.js';
import { numericToIpv4, parseIpv6 } from '../values/addr.js';
import type { Family } from '../values/addr.js';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_SCTP, PROTO_TCP, PROTO_UDP, type Packet } from '../model/packet.js';
import { parseProtocol } from '../values/protocols.js';

/** A parsed spec: the packet, where it enters, and when. */
export interface PacketSpec {
  packet: Packet;
  /** input interface name, 'local' for a locally generated packet, '' to let the engine pick (local source → local, else the interface the route back to the source uses) */
  in: string;
  /** session time in seconds (t=); undefined: 1 s after the previous packet */
  time?: number;
  /** the spec text as given */
  text: string;
  /** where it came from, for messages */
  where: { file: string; line: number };
}

/** an offset range in the spec (one line: its column is start + 1) */
interface Span { start: number; end: number }
interface TextNode { text: string; span: Span }

const DEFAULT_PAYLOAD = new TextEncoder().encode('orc!orc!');

const FLAG_LETTERS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20 };

const KEYS = ['in', 'pkttype', 'flags', 'mark', 'icmp-type', 'icmp-code', 'id', 'len', 'uid', 'gid', 't', 'ttl', 'tos', 'mac', 'payload', 'frag'] as const;

export function parsePacketSpec(text: string, where: { file: string; line: number } = { file: '<packet>', line: 1 }): PacketSpec {
  const fail = (message: string, loc?: Span, notes?: string[]): never => {
    const d: Diagnostic = {
      code: 'NF0101',
      severity: 'error',
      message,
      pos: { file: where.file, line: where.line, column: loc ? loc.start + 1 : 1, length: loc ? Math.max(1, loc.end - loc.start) : 1 },
      sourceLine: text,
      notes: notes ?? ['packet spec: PROTO SRC[:SPORT] > DST[:DPORT] [in=IFACE|in=local] [flags=S|SA|A|F|R|P] [mark=0x..] [icmp-type=N] [len=N] [uid=N] [t=SECONDS]'],
    };
    throw new DiagnosticError(d);
  };
  let node: { proto: TextNode; src: { addr: TextNode; port?: TextNode; span: Span }; dst: { addr: TextNode; port?: TextNode; span: Span }; attrs: { key: TextNode; value?: TextNode; span: Span }[] };
  try {
    node = parseSpecSyntax(text);
  } catch (e) {
    if (e instanceof SpecSyntaxError) {
      const l = e.location;
      fail(`cannot read packet spec: ${e.message}`, { start: l.start.offset, end: l.end.offset });
    }
    throw e;
  }
  let proto: number;
  const pname = node.proto.text.toLowerCase();
  try {
    proto = pname === 'icmpv6' || pname === 'icmp6' ? PROTO_ICMPV6 : parseProtocol(pname);
  } catch {
    return fail(`unknown protocol "${node.proto.text}"`, node.proto.span);
  }
  const addr = (t: TextNode): { family: Family; v: number | bigint } => {
    if (t.text.includes(':')) {
      const v = parseIpv6(t.text);
      if (v === undefined) return fail(`bad IPv6 address "${t.text}"`, t.span);
      return { family: 'ipv6', v };
    }
    const v = /^\d+\.\d+\.\d+\.\d+$/.test(t.text) ? numericToIpv4(t.text) : undefined;
    if (v === undefined) return fail(`bad IPv4 address "${t.text}" (give four dotted decimals)`, t.span);
    return { family: 'ipv4', v };
  };
  const src = addr(node.src.addr);
  const dst = addr(node.dst.addr);
  if (src.family !== dst.family) fail('source and destination are of different address families', node.dst.span);
  const family = src.family;
  if (family === 'ipv4' && proto === PROTO_ICMPV6) fail('icmpv6 needs IPv6 addresses', node.proto.span);
  if (family === 'ipv6' && proto === PROTO_ICMP) proto = PROTO_ICMPV6;
  const hasPorts = proto === PROTO_TCP || proto === PROTO_UDP || proto === PROTO_SCTP || proto === 33 || proto === 136;
  const port = (p: TextNode | undefined, dflt: number): number => {
    if (p === undefined) return hasPorts ? dflt : 0;
    if (!hasPorts) return fail(`protocol ${node.proto.text} has no ports`, p.span);
    if (!/^\d+$/.test(p.text) || Number(p.text) > 65535) return fail(`bad port "${p.text}" (0-65535)`, p.span);
    return Number(p.text);
  };
  const isIcmp = proto === PROTO_ICMP || proto === PROTO_ICMPV6;
  const packet: Packet = {
    family,
    proto,
    src: src.v,
    dst: dst.v,
    sport: port(node.src.port, 40000),
    dport: port(node.dst.port, 80),
    tcpFlags: proto === PROTO_TCP ? 0x02 : 0,
    icmpType: isIcmp ? (proto === PROTO_ICMP ? 8 : 128) : -1,
    icmpCode: isIcmp ? 0 : -1,
    icmpId: isIcmp ? 4660 : 0,
    len: 0,
    ttl: 64,
    tos: 0,
    mark: 0,
    iif: '',
    oif: '',
    pktType: 'host',
    fragment: false,
    priority: 0,
  };
  let inIface = '';
  let time: number | undefined;
  let lenGiven = false;
  const seen = new Set<string>();
  const num = (v: TextNode, max: number, what: string): number => {
    const s = v.text;
    const n = /^0x[0-9a-f]+$/i.test(s) ? parseInt(s.slice(2), 16) : /^\d+$/.test(s) ? Number(s) : NaN;
    if (!Number.isFinite(n) || n > max) return fail(`bad ${what} "${s}"`, v.span);
    return n;
  };
  for (const a of node.attrs) {
    const key = a.key.text;
    if (a.value === undefined) return fail(`expected key=value, got "${key}"`, a.key.span);
    if (!(KEYS as readonly string[]).includes(key)) return fail(`unknown packet attribute "${key}"`, a.key.span, [`known attributes: ${KEYS.join(', ')}`]);
    if (seen.has(key)) fail(`"${key}" given twice`, a.key.span);
    seen.add(key);
    const v = a.value;
    switch (key) {
      case 'in':
        if (!/^[^\s/]{1,15}$/.test(v.text)) fail(`bad interface name "${v.text}"`, v.span);
        inIface = v.text;
        break;
      case 'flags': {
        if (proto !== PROTO_TCP) fail('flags= is for tcp packets', a.key.span);
        let f = 0;
        for (const c of v.text.toUpperCase()) {
          if (!(c in FLAG_LETTERS)) fail(`unknown TCP flag letter "${c}" (F S R P A U)`, v.span);
          f |= FLAG_LETTERS[c];
        }
        packet.tcpFlags = f;
        break;
      }
      case 'pkttype':
        // the link-layer destination (skb->pkt_type): to this host's MAC (default), broadcast, multicast, other
        if (!['host', 'broadcast', 'multicast', 'otherhost'].includes(v.text)) fail(`bad pkttype "${v.text}" (host, broadcast, multicast, otherhost)`, v.span);
        packet.pktType = v.text as Packet['pktType'];
        break;
      case 'mark': packet.mark = num(v, 0xffffffff, 'mark'); break;
      case 'icmp-type': if (!isIcmp) fail('icmp-type= is for icmp packets', a.key.span); packet.icmpType = num(v, 255, 'icmp type'); break;
      case 'icmp-code': if (!isIcmp) fail('icmp-code= is for icmp packets', a.key.span); packet.icmpCode = num(v, 255, 'icmp code'); break;
      case 'id': if (!isIcmp) fail('id= is the icmp echo id', a.key.span); packet.icmpId = num(v, 65535, 'icmp id'); break;
      case 'len': packet.len = num(v, 65535, 'length'); lenGiven = true; break;
      case 'uid': packet.uid = num(v, 0xffffffff, 'uid'); break;
      case 'gid': packet.gid = num(v, 0xffffffff, 'gid'); break;
      case 'ttl': packet.ttl = num(v, 255, 'ttl'); break;
      case 'tos': packet.tos = num(v, 255, 'tos'); break;
      case 'frag': packet.fragment = v.text === '1' || v.text === 'yes'; break;
      case 'mac':
        if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(v.text)) fail(`bad MAC address "${v.text}"`, v.span);
        packet.srcMac = v.text.toLowerCase();
        break;
      case 'payload': packet.payload = new TextEncoder().encode(v.text); break;
      case 't': {
        const t = Number(v.text);
        if (!/^\d+(\.\d+)?$/.test(v.text) || !Number.isFinite(t)) fail(`bad time "${v.text}" (seconds)`, v.span);
        time = t;
        break;
      }
    }
  }
  // the kernel oracle's synthetic packets carry 8 bytes of payload ("orc!orc!"), except a TCP SYN
  if (packet.payload === undefined && !(proto === PROTO_TCP && packet.tcpFlags & 0x02)) packet.payload = DEFAULT_PAYLOAD;
  if (!lenGiven) {
    const l3 = family === 'ipv4' ? 20 : 40;
    const l4 = proto === PROTO_TCP ? 20 : proto === PROTO_UDP || isIcmp ? 8 : proto === PROTO_SCTP ? 12 : 0;
    packet.len = l3 + l4 + (packet.payload?.length ?? 0);
  }
  return { packet, in: inIface, time, text, where };
}

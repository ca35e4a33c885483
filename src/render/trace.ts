// Trace renderers: `text` (ours, for people), `json` (ours, documented schema), `xtables` (the lines
// `xtables-monitor --trace` prints, rule numbers in place of handles) and `kernel` (the normalized form of the
// project's kernel-trace oracle, used by the differential tests).
import type { Addr, Packet, Tuple } from '../model/packet.js';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP } from '../model/packet.js';
import type { Flavor } from '../model/ruleset.js';
import type { CtSnapshot, IpvsEvent, PacketTrace, TraceEvent, TraceResult } from '../engine/events.js';
import { addrText } from '../engine/trace.js';
import { ruleSpecText } from './save.js';
import { escapeControl } from '../diag/diagnostic.js';
import { protoToName } from '../values/protocols.js';

const FLAG_ORDER: [number, string][] = [[0x02, 'SYN'], [0x10, 'ACK'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x20, 'URG']];

const hasPorts = (proto: number) => proto === 6 || proto === 17 || proto === 132 || proto === 33 || proto === 136;

function endpoint(a: Addr, port: number | undefined): string {
  const t = addrText(a);
  if (port === undefined) return t;
  return typeof a === 'bigint' ? `[${t}]:${port}` : `${t}:${port}`;
}

export function tcpFlagList(flags: number): string[] {
  return FLAG_ORDER.filter(([b]) => flags & b).map(([, n]) => n);
}

/** "192.0.2.2:40000 > 192.0.2.1:80 [SYN]" */
export function headerText(p: Packet): string {
  const ports = hasPorts(p.proto);
  let s = `${endpoint(p.src, ports ? p.sport : undefined)} > ${endpoint(p.dst, ports ? p.dport : undefined)}`;
  if (p.proto === PROTO_TCP && p.tcpFlags & 0x3f) s += ` [${tcpFlagList(p.tcpFlags).join(',')}]`;
  return s;
}

function protoName(n: number): string {
  return n === PROTO_ICMPV6 ? 'icmpv6' : (protoToName(n) ?? String(n));
}

export function tupleText(t: Tuple): string {
  if (t.proto === PROTO_ICMP || t.proto === PROTO_ICMPV6) return `${addrText(t.src)} > ${addrText(t.dst)} type ${t.dport >> 8} code ${t.dport & 0xff} id ${t.sport}`;
  if (!hasPorts(t.proto)) return `${addrText(t.src)} > ${addrText(t.dst)}`;
  return `${endpoint(t.src, t.sport)} > ${endpoint(t.dst, t.dport)}`;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

// ---------------------------------------------------------------- kernel-trace normalized lines

function ctTupleKernel(t: Tuple): string {
  if (t.proto === PROTO_ICMP || t.proto === PROTO_ICMPV6) return `${addrText(t.src)}>${addrText(t.dst)},type=${t.dport >> 8},code=${t.dport & 0xff},id=${t.sport}`;
  if (!hasPorts(t.proto)) return `${addrText(t.src)}>${addrText(t.dst)}`;
  return `${addrText(t.src)}:${t.sport}>${addrText(t.dst)}:${t.dport}`;
}

/** The CT line conntrack -E prints for a new connection, normalized as kernel-trace does. */
export function ctNewLine(ct: CtSnapshot): string {
  const parts = ['CT NEW', protoName(ct.proto)];
  if (ct.state) parts.push(ct.state);
  parts.push(`orig=${ctTupleKernel(ct.orig)}`, `reply=${ctTupleKernel(ct.reply)}`);
  if (ct.mark || ct.markEvent) parts.push(`mark=${ct.mark >>> 0}`);
  if (!ct.seenReply) parts.push('[UNREPLIED]');
  return parts.join(' ');
}

/** kernel-trace's normalized lines (HOOK/RULE/POLICY/LEAVE/LOOPBACK/RESULT and CT NEW). */
export function renderKernelLines(t: PacketTrace): string[] {
  const out: string[] = [];
  // a locally generated packet dropped before it left: sendto() fails with EPERM
  const r0 = t.result;
  if (t.in === 'local' && (r0.outcome === 'dropped' || r0.outcome === 'queued') && !t.events.some((e) => e.kind === 'loopback')) out.push('LOCAL-SEND-ERROR EPERM');
  const hdr = (p: Packet) => `${headerText(p)}${p.mark ? ` mark=${hex(p.mark)}` : ''}`;
  let fate: string | undefined;
  for (const e of t.events) {
    switch (e.kind) {
      case 'hook':
        out.push(`HOOK ${e.hook} in=${e.pkt.iif || '-'} out=${e.pkt.oif || '-'} ${hdr(e.pkt)}`);
        break;
      case 'leave':
        out.push(`LEAVE ${e.hook} ${hdr(e.pkt)}`);
        break;
      case 'loopback':
        out.push('LOOPBACK (re-enters the stack via lo)');
        break;
      case 'rule':
        if (!e.matched) break;
        out.push(`  RULE ${e.table} ${e.chain} ${e.num} ${e.verdict}`);
        if (e.verdict === 'DROP' || e.verdict === 'QUEUE') fate = `${e.verdict} at ${e.table} ${e.chain}`;
        break;
      case 'policy':
        out.push(`  POLICY ${e.table} ${e.chain} ${e.verdict}`);
        if (e.verdict === 'DROP') fate = `DROP at ${e.table} ${e.chain}`;
        break;
      case 'return':
        if (e.explicit) break; // the RULE line already says RETURN; implicit returns are not traced
        break;
      case 'ipvs':
        out.push(`  IPVS ${ipvsSummary(e)}`);
        break;
      default:
        break;
    }
  }
  const r = t.result;
  if (fate && (r.outcome === 'dropped' || r.outcome === 'queued')) out.push(`RESULT ${fate}`);
  else if (r.outcome === 'local') out.push('RESULT ACCEPT delivered locally (INPUT)');
  else if (r.outcome === 'transmitted') out.push('RESULT ACCEPT transmitted (POSTROUTING)');
  else {
    const left = [...t.events].reverse().find((e) => e.kind === 'leave');
    if (left && left.kind === 'leave') out.push(`RESULT VANISHED after ${left.hook} (no further netfilter hook: e.g. no route, martian, or local stack consumed it)`);
    else out.push(`RESULT DROP in hook ${r.hook ?? '?'}`);
  }
  if (t.conntrack && t.conntrack.confirmed && t.events.some((e) => e.kind === 'conntrack' && e.created)) out.push(ctNewLine(t.conntrack));
  return out;
}

// ---------------------------------------------------------------- xtables-monitor --trace

/** The lines `xtables-monitor --trace` prints, with rule numbers in place of handles; only matched rules,
 * policies and returns, as the kernel reports them. */
export function renderXtables(traces: PacketTrace[], flavor: Flavor): string {
  let out = '';
  traces.forEach((t, n) => {
    const id = (n + 1).toString(16).padStart(8, '0');
    const fam = t.pkt.family === 'ipv4' ? 2 : 10;
    let needPacket = true;
    let pkt = t.pkt;
    for (const e of t.events) {
      if (e.kind === 'hook') pkt = e.pkt;
      if (e.kind === 'table') needPacket = true;
      // IPVS is no nftables chain: xtables-monitor shows nothing for it; ours, as a comment line
      if (e.kind === 'ipvs') {
        out += `# IPVS: ${fam} ${id} ${ipvsSummary(e)}\n`;
        needPacket = true;
        continue;
      }
      if (e.kind !== 'rule' && e.kind !== 'policy' && e.kind !== 'return') continue;
      if (e.kind === 'rule' && !e.matched) continue;
      if (e.kind === 'return' && !e.explicit) continue; // nft traces no implicit return
      if (needPacket) {
        out += `PACKET: ${fam} ${id} ${xtPacketFields(pkt)}\n`;
        needPacket = false;
      }
      if (e.kind === 'rule') {
        const v = (e.verdict ?? 'CONTINUE').replace(' ', ':');
        const text = `-${t.pkt.family === 'ipv4' ? 4 : 6} -t ${e.table} -A ${e.chain}${ruleSpecText(e.rule, t.pkt.family, flavor)}`;
        out += ` TRACE: ${fam} ${id} ${e.table}:${e.chain}:rule:${hex(e.num)}:${v}  ${escapeControl(text)}\n`;
      } else if (e.kind === 'policy') out += ` TRACE: ${fam} ${id} ${e.table}:${e.chain}:policy:${e.verdict} \n`;
      else out += ` TRACE: ${fam} ${id} ${e.table}:${e.chain}:return:${e.to}\n`;
    }
  });
  return out;
}

function xtPacketFields(p: Packet): string {
  let s = '';
  if (p.iif) s += `IN=${p.iif} `;
  if (p.oif) s += `OUT=${p.oif} `;
  if (p.family === 'ipv4') s += `SRC=${addrText(p.src)} DST=${addrText(p.dst)} LEN=${p.len} TOS=0x${p.tos.toString(16)} TTL=${p.ttl} ID=20306 `;
  else s += `SRC=${addrText(p.src)} DST=${addrText(p.dst)} LEN=${p.len} TC=${p.tos} HOPLIMIT=${p.ttl} FLOWLBL=0 `;
  if (hasPorts(p.proto)) s += `SPORT=${p.sport} DPORT=${p.dport} `;
  if (p.proto === PROTO_TCP) for (const f of tcpFlagList(p.tcpFlags)) s += `${f} `;
  if (p.mark) s += `MARK=${hex(p.mark)} `;
  return s;
}

// ---------------------------------------------------------------- text

export interface TextStyle {
  ok(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  warn(s: string): string;
}

export const PLAIN: TextStyle = { ok: (s) => s, bad: (s) => s, dim: (s) => s, bold: (s) => s, warn: (s) => s };

export function specLine(t: PacketTrace): string {
  return escapeControl(t.spec);
}

/** the final verdict: where the packet ended and as what */
function resultText(r: TraceResult, st: TextStyle): string {
  switch (r.outcome) {
    case 'local': return `${st.ok('ACCEPT')}: delivered locally`;
    case 'transmitted': return `${st.ok('ACCEPT')}: transmitted on ${r.pkt.oif} as ${headerText(r.pkt)}`;
    case 'dropped': return `${st.bad(r.verdict)} at ${r.table} ${r.chain}${r.num ? ` rule ${r.num}` : ' (policy)'}${r.reason ? ` — ${escapeControl(r.reason)}` : ''}`;
    case 'queued': return `${st.warn('QUEUE')} at ${r.table} ${r.chain} rule ${r.num}: handed to userspace`;
    case 'stolen': return `${st.warn('STOLEN')} at ${r.table} ${r.chain} rule ${r.num}`;
    default: return `${st.bad('DROP')}: ${escapeControl(r.reason ?? 'vanished')}`;
  }
}

/** "#3: tcp SYN_SENT orig … reply … [UNREPLIED, DNAT]" */
function conntrackText(c: CtSnapshot): string {
  const flags = [c.seenReply ? '' : 'UNREPLIED', c.confirmed ? '' : 'not confirmed', c.srcNat ? 'SNAT' : '', c.dstNat ? 'DNAT' : ''].filter(Boolean);
  return `#${c.id}: ${protoName(c.proto)}${c.state ? ` ${c.state}` : ''} orig ${tupleText(c.orig)}  reply ${tupleText(c.reply)}${c.mark ? ` mark ${hex(c.mark)}` : ''}${flags.length ? ` [${flags.join(', ')}]` : ''}`;
}

/**
 * --format summary: one line per packet (its number, spec, result and connection), for batches — the engine records
 * no events for it, so it is the fast way through many packets.
 */
export function renderSummaryLine(t: PacketTrace, n: number, st: TextStyle = PLAIN): string {
  return `${n} ${specLine(t)}: ${resultText(t.result, st)}${t.conntrack ? `; conntrack ${conntrackText(t.conntrack)}` : ''}\n`;
}

/** One packet's trace for people: every hook, table and rule evaluated, why rules did not match, rewrites. */
export function renderText(t: PacketTrace, n: number, flavor: Flavor, st: TextStyle = PLAIN): string {
  const lines: string[] = [];
  const fam = t.pkt.family;
  lines.push(st.bold(`packet ${n}: ${specLine(t)}`) + st.dim(`  (in=${t.in}, t=${t.time}s)`));
  const ind = (d: number) => '    ' + '  '.repeat(d);
  for (const e of t.events) lines.push(...textEvent(e, fam, flavor, st, ind));
  lines.push(`  result: ${resultText(t.result, st)}`);
  if (t.conntrack) lines.push(`  conntrack ${conntrackText(t.conntrack)}`);
  if (t.probability) lines.push(`  probability: ${probabilityText(t.probability)}`);
  for (const w of new Set(t.warnings)) lines.push(`  ${st.warn('warning')}: ${escapeControl(w)}`);
  return lines.join('\n') + '\n';
}

function textEvent(e: TraceEvent, fam: Packet['family'], flavor: Flavor, st: TextStyle, ind: (d: number) => string): string[] {
  switch (e.kind) {
    case 'hook':
      return [`  ${st.bold(e.hook)}  in=${e.pkt.iif || '-'} out=${e.pkt.oif || '-'}  ${headerText(e.pkt)}${e.pkt.mark ? ` mark=${hex(e.pkt.mark)}` : ''}`];
    case 'leave':
      return [];
    case 'conntrack':
      return [`    conntrack: ${e.state}${e.ctId ? ` (connection #${e.ctId}${e.created ? ', new' : ''}${e.reply ? ', reply direction' : ''})` : ''}${e.why ? ` — ${e.why}` : ''}`];
    case 'table':
      return [`    ${st.dim(`${e.table} ${e.chain}`)}`];
    case 'rule': {
      const text = escapeControl(`-A ${e.chain}${ruleSpecText(e.rule, fam, flavor)}`);
      const und = e.undecided?.map((u) => `  ${st.warn('undecided')}: ${escapeControl(u.what)} → assumed ${u.assumed ? 'match' : 'no match'}`) ?? [];
      if (!e.matched) return [`${ind(e.depth)}${st.dim(`${String(e.num).padStart(3)} ✗ ${text}`)}  ${st.dim(`(${escapeControl(e.why ?? 'no match')})`)}`, ...und.map((u) => ind(e.depth) + u)];
      return [`${ind(e.depth)}${String(e.num).padStart(3)} ${st.ok('✓')} ${text}  → ${e.verdict}${e.note ? ` (${escapeControl(e.note)})` : ''}`, ...und.map((u) => ind(e.depth) + u)];
    }
    case 'skipped':
      return [`${ind(e.depth)}${st.dim(`${e.from === e.to ? `    rule ${e.from}` : `    rules ${e.from}-${e.to}`} skipped by the index (their -d is not ${'the packet destination'})`)}`];
    case 'return':
      return [`${ind(e.depth)}${st.dim(`    ${e.explicit ? 'RETURN' : 'end of chain'} ${e.chain} → back to ${e.to}`)}`];
    case 'policy':
      return [`${ind(0)}    policy ${e.verdict === 'ACCEPT' ? st.ok('ACCEPT') : st.bad('DROP')} (${e.table} ${e.chain})`];
    case 'nat':
      return [`    ${e.how === 'established' ? 'NAT (connection)' : e.how === 'null-binding' ? 'NAT (null binding)' : e.target ?? 'NAT'} ${e.manip === 'SRC' ? 'source' : 'destination'}: ${tupleText(e.before)} → ${tupleText(e.after)}`];
    case 'route':
      switch (e.decision) {
        case 'local': return ['  route: local delivery → INPUT'];
        case 'forward': return [`  route: forward via ${e.via !== undefined ? `${addrText(e.via)} ` : ''}dev ${e.dev} → FORWARD`];
        case 'output': return [`  route: output via ${e.via !== undefined ? `${addrText(e.via)} ` : ''}dev ${e.dev}`];
        case 'reroute': return [`    reroute: now dev ${e.dev}`];
        case 'loopback': return ['  loopback'];
        default: return [`  route: ${e.reason}`];
      }
    case 'log':
      return [`${ind(0)}      log: ${escapeControl(e.text)}`];
    case 'reject':
      return [`${ind(0)}      reject: sends ${e.reply.with}${e.reply.icmpType !== undefined ? ` (icmp type ${e.reply.icmpType} code ${e.reply.icmpCode})` : ''}${e.note ? ` — ${escapeControl(e.note)}` : ''}`];
    case 'loopback':
      return ['  loopback: re-enters the stack via lo'];
    case 'ipvs':
      return [`    ${st.bold('IPVS')} ${ipvsSummary(e)}`];
  }
}

const FWD_NAME: Record<string, string> = { masq: 'Masq', droute: 'Route', tunnel: 'Tunnel', local: 'Local', bypass: 'Bypass' };

/** "TCP 10.96.0.10:80 rr → 10.244.1.3:8080 Masq (new connection SYN_RECV; ActiveConn 1 InActConn 0) 10.0.0.1:5000 > 10.96.0.10:80 → 10.0.0.1:5000 > 10.244.1.3:8080" */
export function ipvsSummary(e: IpvsEvent): string {
  const svc = `${e.service ?? '?'}${e.scheduler ? ` ${e.scheduler}` : ''}`;
  switch (e.action) {
    case 'pass': return `${svc}: not scheduled (${e.why})`;
    case 'drop': return `${svc}: DROP (${e.why})`;
    case 'unreachable': return `${svc}: ${e.why}`;
    default: {
      const how = e.action === 'reply' ? 'reply from the real server' : e.action === 'scheduled' ? (e.templateHit ? 'new connection, persistence template hit' : e.persistent ? 'new connection, scheduled (new persistence template)' : e.random ? 'new connection, random choice' : 'new connection, scheduled') : 'existing connection';
      const parts = [how];
      if (e.state) parts.push(e.state);
      if (e.counts) parts.push(`ActiveConn ${e.counts.active} InActConn ${e.counts.inactive}`);
      if (e.conntrack) parts.push(e.conntrack === 'kept' ? 'conntrack kept (vs/conntrack=1)' : 'conntrack detached');
      const rw = e.before && e.after ? `: ${tupleText(e.before)} → ${tupleText(e.after)}` : '';
      return `${svc} ${e.action === 'reply' ? '←' : '→'} ${e.dest} ${FWD_NAME[e.forward ?? ''] ?? e.forward} (${parts.join('; ')})${rw}`;
    }
  }
}

export function probabilityText(p: { num: bigint; den: bigint }): string {
  const pct = Number((p.num * 1000000n) / p.den) / 10000;
  return `${pct.toFixed(4).replace(/\.?0+$/, '')}% (${p.num}/${p.den})`;
}

// ---------------------------------------------------------------- json

function jsonAddr(a: Addr): string {
  return addrText(a);
}

function jsonPacket(p: Packet): Record<string, unknown> {
  return {
    family: p.family,
    proto: protoName(p.proto),
    src: jsonAddr(p.src),
    dst: jsonAddr(p.dst),
    ...(hasPorts(p.proto) ? { sport: p.sport, dport: p.dport } : {}),
    ...(p.proto === PROTO_TCP ? { flags: tcpFlagList(p.tcpFlags) } : {}),
    ...(p.proto === PROTO_ICMP || p.proto === PROTO_ICMPV6 ? { icmpType: p.icmpType, icmpCode: p.icmpCode, icmpId: p.icmpId } : {}),
    len: p.len,
    mark: hex(p.mark),
    in: p.iif || null,
    out: p.oif || null,
  };
}

function jsonTuple(t: Tuple): Record<string, unknown> {
  return { proto: protoName(t.proto), src: jsonAddr(t.src), dst: jsonAddr(t.dst), sport: t.sport, dport: t.dport };
}

export function traceToJson(t: PacketTrace, flavor: Flavor): Record<string, unknown> {
  const fam = t.pkt.family;
  const events = t.events.map((e): Record<string, unknown> => {
    switch (e.kind) {
      case 'hook':
      case 'leave':
        return { kind: e.kind, hook: e.hook, packet: jsonPacket(e.pkt) };
      case 'rule':
        return {
          kind: 'rule', table: e.table, chain: e.chain, rule: e.num, depth: e.depth, matched: e.matched,
          text: `-A ${e.chain}${ruleSpecText(e.rule, fam, flavor)}`,
          ...(e.verdict ? { verdict: e.verdict } : {}),
          ...(e.why ? { why: e.why } : {}),
          ...(e.note ? { note: e.note } : {}),
          ...(e.undecided ? { undecided: e.undecided } : {}),
        };
      case 'nat':
        return { kind: 'nat', hook: e.hook, manip: e.manip, how: e.how, before: jsonTuple(e.before), after: jsonTuple(e.after), ...(e.target ? { target: e.target } : {}) };
      case 'route':
        return { kind: 'route', decision: e.decision, ...(e.dev ? { dev: e.dev } : {}), ...(e.via !== undefined ? { via: jsonAddr(e.via) } : {}), ...(e.reason ? { reason: e.reason } : {}) };
      case 'reject':
        return { kind: 'reject', table: e.table, chain: e.chain, rule: e.num, reply: e.reply, ...(e.note ? { note: e.note } : {}) };
      case 'log':
        return { kind: 'log', table: e.table, chain: e.chain, rule: e.num, text: e.text };
      case 'ipvs':
        return { ...e, ...(e.before ? { before: jsonTuple(e.before) } : {}), ...(e.after ? { after: jsonTuple(e.after) } : {}) };
      default:
        return { ...e };
    }
  });
  return {
    spec: t.spec,
    in: t.in,
    time: t.time,
    packet: jsonPacket(t.pkt),
    events,
    result: { verdict: t.result.verdict, outcome: t.result.outcome, ...(t.result.hook ? { hook: t.result.hook } : {}), ...(t.result.table ? { table: t.result.table, chain: t.result.chain } : {}), ...(t.result.num ? { rule: t.result.num } : {}), ...(t.result.reason ? { reason: t.result.reason } : {}), packet: jsonPacket(t.result.pkt) },
    ...(t.conntrack ? { conntrack: { id: t.conntrack.id, state: t.conntrack.state || null, original: jsonTuple(t.conntrack.orig), reply: jsonTuple(t.conntrack.reply), mark: hex(t.conntrack.mark), seenReply: t.conntrack.seenReply, confirmed: t.conntrack.confirmed } } : {}),
    ...(t.probability ? { probability: { numerator: t.probability.num.toString(), denominator: t.probability.den.toString(), value: Number(t.probability.num) / Number(t.probability.den) } } : {}),
    ...(t.choices ? { choices: t.choices } : {}),
    warnings: [...new Set(t.warnings)],
  };
}

// The IPVS core for one session: services (hashed), their schedulers' state, the connection table with persistence
// templates (ip_vs_core.c ip_vs_in / ip_vs_schedule / ip_vs_sched_persist, ip_vs_conn.c bind/unbind/expire) and the
// TCP state machine that moves connections between ActiveConn and InActConn (ip_vs_proto_tcp.c set_tcp_state).
import type { Addr } from '../../model/packet.js';
import type { IpvsConnection, IpvsState, RealServer, ServiceKey, VirtualService } from '../../model/ipvs.js';
import { findScheduler } from './registry.js';
import type { IpvsFlow, SchedContext, SchedulerDef } from './scheduler.js';
import { ServiceTable } from './lookup.js';

export const TCP_STATES = ['NONE', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'SYNACK'] as const;
const [sNO, sES, sSS, sSR, sFW, sTW, sCL, sCW, sLA, sLI, sSA] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** seconds (tcp_timeouts[]); ESTABLISHED and FIN_WAIT follow --set */
const TCP_TIMEOUTS = [2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120];
/** tcp_state_active(): on 6.1 a connection in SYN_SENT/SYN_RECV/SYNACK already counts as active (checked on the oracle) */
const TCP_ACTIVE = [false, true, true, true, false, false, false, false, false, false, true];
// rows syn, fin, ack, rst; columns sNO sES sSS sSR sFW sTW sCL sCW sLA sLI sSA
const INPUT = [
  [sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR],
  [sCL, sCW, sSS, sTW, sTW, sTW, sCL, sCW, sLA, sLI, sTW],
  [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES],
  [sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sSR],
];
const OUTPUT = [
  [sSS, sES, sSS, sSR, sSS, sSS, sSS, sSS, sSS, sLI, sSR],
  [sTW, sFW, sSS, sTW, sFW, sTW, sCL, sTW, sLA, sLI, sTW],
  [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sLA, sES, sES],
  [sCL, sCL, sSS, sCL, sCL, sTW, sCL, sCL, sCL, sCL, sCL],
];
const INPUT_ONLY = [
  [sSR, sES, sES, sSR, sSR, sSR, sSR, sSR, sSR, sSR, sSR],
  [sCL, sFW, sSS, sTW, sFW, sTW, sCL, sCW, sLA, sLI, sTW],
  [sES, sES, sSS, sES, sFW, sTW, sCL, sCW, sCL, sLI, sES],
  [sCL, sCL, sCL, sSR, sCL, sCL, sCL, sCL, sLA, sLI, sCL],
];

export interface IpvsSysctls {
  /** net.ipv4.vs.conntrack: connections keep netfilter conntrack (IP_VS_CONN_F_NFCT) */
  conntrack: boolean;
  expireNodestConn: boolean;
  expireQuiescentTemplate: boolean;
  connReuseMode: number;
  sloppyTcp: boolean;
}

export const DEFAULT_SYSCTLS: IpvsSysctls = { conntrack: false, expireNodestConn: false, expireQuiescentTemplate: false, connReuseMode: 1, sloppyTcp: false };

/** One ip_vs_conn (a connection or a persistence template). */
export interface Conn {
  entry: IpvsConnection;
  svc: VirtualService;
  dest: RealServer;
  key: string;
  outKey?: string;
  /** IP_VS_CONN_F_INACTIVE */
  inactive: boolean;
  tcpState: number;
  timeout: number;
  expiresAt: number;
  control?: Conn;
  nControl: number;
  /** IP_VS_CONN_F_NOOUTPUT (DR, tunnel) */
  noOutput: boolean;
  nfct: boolean;
  /** the template that pinned this connection's server was found (no scheduler call) */
  templateHit?: boolean;
}

export type IpvsVerdict =
  /** not IPVS traffic: the packet goes on (no service, or a TCP packet that cannot start a connection) */
  | { kind: 'pass'; svc?: VirtualService; why: string }
  /** a connection (new or existing) carries the packet to its real server */
  | { kind: 'conn'; conn: Conn; created: boolean; templateHit: boolean }
  /** no real server available: ICMP port unreachable and drop (ip_vs_leave) */
  | { kind: 'unreachable'; svc: VirtualService }
  | { kind: 'drop'; svc?: VirtualService; why: string };

interface Bound {
  def: SchedulerDef<unknown>;
  data: unknown;
}

const FTPPORT = 21;

export const flowAddrKey = (a: Addr): string => (typeof a === 'number' ? a.toString(36) : `6${a.toString(36)}`);

export class IpvsCore {
  readonly services: ServiceTable;
  private readonly sched = new Map<VirtualService, Bound>();
  private readonly conns = new Map<string, Conn>();
  private readonly outConns = new Map<string, Conn>();
  sysctls: IpvsSysctls;

  constructor(readonly state: IpvsState, sysctls: Partial<IpvsSysctls> = {}) {
    this.sysctls = { ...DEFAULT_SYSCTLS, ...sysctls };
    this.services = new ServiceTable(state.services);
  }

  private bound(svc: VirtualService): Bound {
    let b = this.sched.get(svc);
    if (!b) {
      const def = findScheduler(svc.scheduler);
      if (!def) throw new Error(`unknown IPVS scheduler ${svc.scheduler}`);
      b = { def, data: def.init(svc) };
      this.sched.set(svc, b);
    }
    return b;
  }

  schedulerOf(svc: VirtualService): SchedulerDef<unknown> | undefined {
    return findScheduler(svc.scheduler);
  }

  // ------------------------------------------------------------ configuration (ip_vs_ctl.c)

  addService(svc: VirtualService): void {
    this.state.services.push(svc);
    this.services.add(svc);
    this.bound(svc);
  }

  /** -E: a different scheduler starts fresh; the same one keeps its state */
  editService(key: ServiceKey, change: Partial<Pick<VirtualService, 'scheduler' | 'schedFlags' | 'persistent' | 'onePacket'>>): void {
    const svc = this.mustService(key);
    const old = svc.scheduler;
    Object.assign(svc, change);
    if (!('persistent' in change)) delete svc.persistent;
    if (change.scheduler !== undefined && change.scheduler !== old) this.sched.delete(svc);
    this.bound(svc);
  }

  deleteService(key: ServiceKey): void {
    const svc = this.mustService(key);
    this.services.remove(svc);
    this.sched.delete(svc);
    const i = this.state.services.indexOf(svc);
    if (i >= 0) this.state.services.splice(i, 1);
  }

  addDest(key: ServiceKey, dest: RealServer): void {
    const svc = this.mustService(key);
    const b = this.bound(svc);
    svc.realServers.unshift(dest); // list_add_rcu: newest first
    b.def.update(svc, b.data, { kind: 'add', dest });
  }

  editDest(key: ServiceKey, addr: Addr, port: number, change: Partial<Pick<RealServer, 'weight' | 'forward' | 'upperThreshold' | 'lowerThreshold'>>): void {
    const svc = this.mustService(key);
    const dest = svc.realServers.find((d) => d.addr === addr && d.port === port);
    if (!dest) throw new Error('No such destination');
    const oldU = dest.upperThreshold;
    Object.assign(dest, change);
    // __ip_vs_update_dest: a raised or removed upper threshold clears the overload flag
    if (dest.upperThreshold === 0 || dest.upperThreshold > oldU) dest.overloaded = false;
    const b = this.bound(svc);
    b.def.update(svc, b.data, { kind: 'upd', dest });
  }

  deleteDest(key: ServiceKey, addr: Addr, port: number): void {
    const svc = this.mustService(key);
    const index = svc.realServers.findIndex((d) => d.addr === addr && d.port === port);
    if (index < 0) throw new Error('No such destination');
    const [dest] = svc.realServers.splice(index, 1);
    const b = this.bound(svc);
    b.def.update(svc, b.data, { kind: 'del', dest, index });
  }

  private mustService(key: ServiceKey): VirtualService {
    const s = this.services.get(key);
    if (!s) throw new Error('No such service');
    return s;
  }

  // ------------------------------------------------------------ connections

  get connections(): IterableIterator<Conn> {
    return this.conns.values();
  }

  private connKey(proto: string, caddr: Addr, cport: number, vaddr: Addr | string, vport: number): string {
    return `${proto}|${flowAddrKey(caddr)}|${cport}|${typeof vaddr === 'string' ? vaddr : flowAddrKey(vaddr)}|${vport}`;
  }

  /** expire what timed out by `now` (templates wait for the connections they control) */
  expire(now: number): void {
    for (const c of [...this.conns.values()]) {
      if (c.expiresAt > now) continue;
      if (c.entry.template && c.nControl > 0) continue;
      this.unlink(c);
    }
  }

  private unlink(c: Conn): void {
    this.conns.delete(c.key);
    if (c.outKey) this.outConns.delete(c.outKey);
    const d = c.dest;
    if (c.entry.template) d.persistConns--;
    else if (c.inactive) d.inactConns--;
    else d.activeConns--;
    // ip_vs_unbind_dest: clear the overload flag below the lower threshold (or 3/4 of the upper one)
    if (d.overloaded) {
      const total = d.activeConns + d.inactConns;
      if (d.lowerThreshold ? total < d.lowerThreshold : !d.upperThreshold || total * 4 < d.upperThreshold * 3) d.overloaded = false;
    }
    if (c.control) {
      c.control.nControl--;
      c.control = undefined;
    }
  }

  /** ip_vs_conn_new + ip_vs_bind_dest */
  private newConn(svc: VirtualService, proto: IpvsConnection['protocol'], client: { addr: Addr; port: number }, virtual: { addr: Addr; port: number }, vkey: Addr | string, dest: RealServer, dport: number, template: boolean, now: number): Conn {
    const entry: IpvsConnection = {
      protocol: proto, family: svc.key.family, client, virtual, dest: { addr: dest.addr, port: dport },
      state: template ? 'NONE' : proto === 'udp' ? 'UDP' : proto === 'tcp' ? 'NONE' : 'NONE', expires: 0, template, forward: dest.forward,
    };
    const key = template ? `T|${this.connKey(proto, client.addr, 0, vkey, virtual.port)}` : this.connKey(proto, client.addr, client.port, vkey, virtual.port);
    const c: Conn = {
      entry, svc, dest, key, inactive: true, tcpState: sNO, timeout: 3, expiresAt: now + 3, nControl: 0,
      noOutput: dest.forward !== 'masq', nfct: this.sysctls.conntrack,
    };
    if (template) dest.persistConns++;
    else dest.inactConns++;
    if (dest.upperThreshold && dest.activeConns + dest.inactConns >= dest.upperThreshold) dest.overloaded = true;
    this.conns.set(key, c);
    if (!template && dest.forward === 'masq') {
      c.outKey = this.connKey(proto, dest.addr, dport, client.addr, client.port);
      this.outConns.set(c.outKey, c);
    }
    return c;
  }

  /** ip_vs_sched_persist / ip_vs_schedule: the connection for a first packet, or why there is none */
  private schedule(svc: VirtualService, flow: IpvsFlow, ctx: SchedContext): IpvsVerdict {
    const b = this.bound(svc);
    const now = ctx.now;
    const client = { addr: flow.saddr, port: flow.sport };
    const virtual = { addr: flow.daddr, port: flow.dport };
    const vport = svc.key.kind === 'addr' ? svc.key.port : 0;
    if (svc.persistent) {
      const snet = maskAddr(flow.saddr, svc.persistent.netmask, svc.key.family);
      let proto: IpvsConnection['protocol'] = flow.protocol;
      let vkey: Addr | string = flow.daddr;
      let tport = 0;
      if (flow.dport === vport) {
        if (vport !== FTPPORT) tport = flow.dport;
      } else if (svc.key.kind === 'fwmark') {
        proto = 'IP';
        vkey = `f${svc.key.fwmark >>> 0}`;
      }
      const tkey = `T|${this.connKey(proto, snet, 0, vkey, tport)}`;
      let ct = this.conns.get(tkey);
      if (ct && ct.expiresAt <= now && ct.nControl === 0) {
        this.unlink(ct);
        ct = undefined;
      }
      let dest: RealServer | undefined;
      let hit = false;
      if (ct && svc.realServers.includes(ct.dest) && !(this.sysctls.expireQuiescentTemplate && ct.dest.weight === 0)) {
        dest = ct.dest;
        hit = true;
      } else {
        if (ct) this.unlink(ct); // ip_vs_check_template failed: the template is invalidated
        dest = b.def.schedule(svc, flow, b.data, ctx);
        if (!dest) return { kind: 'unreachable', svc };
        const tdport = flow.dport === vport && vport !== FTPPORT ? dest.port : 0;
        ct = this.newConn(svc, proto, { addr: snet, port: 0 }, { addr: svc.key.kind === 'fwmark' && proto === 'IP' ? svc.key.fwmark : flow.daddr, port: tport }, vkey, dest, tdport, true, now);
      }
      ct.timeout = svc.persistent.timeout;
      ct.expiresAt = now + ct.timeout;
      const dport = flow.dport === vport && dest.port ? dest.port : flow.dport;
      const cp = this.newConn(svc, flow.protocol, client, virtual, flow.daddr, dest, dport, false, now);
      cp.control = ct;
      ct.nControl++;
      cp.templateHit = hit;
      return { kind: 'conn', conn: cp, created: true, templateHit: hit };
    }
    if (svc.key.kind !== 'fwmark' && flow.dport !== vport) return { kind: 'drop', svc, why: vport === 0 ? 'port zero is only supported in persistent services' : 'port differs from the service port' };
    const dest = b.def.schedule(svc, flow, b.data, ctx);
    if (!dest) return { kind: 'unreachable', svc };
    const cp = this.newConn(svc, flow.protocol, client, virtual, flow.daddr, dest, dest.port || flow.dport, false, now);
    return { kind: 'conn', conn: cp, created: true, templateHit: false };
  }

  /** set_tcp_state / UDP timeout: direction 'in' (client → server) or 'out' (reply) */
  private setState(c: Conn, flow: IpvsFlow, tcpFlags: number, dir: 'in' | 'out'): void {
    if (flow.protocol !== 'tcp') {
      c.timeout = this.state.timeouts.udp;
      return;
    }
    let table = dir === 'in' ? INPUT : OUTPUT;
    if (c.noOutput) {
      if (dir === 'out') c.noOutput = false;
      else table = INPUT_ONLY;
    }
    const idx = tcpFlags & 0x04 ? 3 : tcpFlags & 0x02 ? 0 : tcpFlags & 0x01 ? 1 : tcpFlags & 0x10 ? 2 : -1;
    const next = idx < 0 ? sCL : table[idx][c.tcpState];
    if (next !== c.tcpState) {
      const d = c.dest;
      if (!c.inactive && !TCP_ACTIVE[next]) {
        d.activeConns--;
        d.inactConns++;
        c.inactive = true;
      } else if (c.inactive && TCP_ACTIVE[next]) {
        d.activeConns++;
        d.inactConns--;
        c.inactive = false;
      }
    }
    c.tcpState = next;
    c.entry.state = TCP_STATES[next];
    c.timeout = next === sES ? this.state.timeouts.tcp : next === sFW ? this.state.timeouts.tcpFin : TCP_TIMEOUTS[next];
  }

  /** ip_vs_in(): a packet towards a virtual service (or of a known connection), in the client → server direction */
  inPacket(flow: IpvsFlow, tcpFlags: number, ctx: SchedContext): IpvsVerdict {
    const now = ctx.now;
    const key = this.connKey(flow.protocol, flow.saddr, flow.sport, flow.daddr, flow.dport);
    let cp = this.conns.get(key);
    if (cp && cp.expiresAt <= now) {
      this.unlink(cp);
      cp = undefined;
    }
    const isTcp = flow.protocol === 'tcp';
    const syn = isTcp && (tcpFlags & 0x02) !== 0;
    if (cp && this.sysctls.connReuseMode && syn) {
      let resched = false;
      if (this.sysctls.expireNodestConn && cp.dest.weight === 0) resched = true;
      else if (!cp.control && (cp.tcpState === sTW || cp.tcpState === sCL || (this.sysctls.connReuseMode & 2 && cp.tcpState === sFW && cp.noOutput))) resched = cp.nControl === 0 || !cp.nfct;
      if (resched) {
        const oldCt = cp.nfct;
        if (cp.nControl === 0) this.unlink(cp);
        if (oldCt) return { kind: 'drop', svc: cp.svc, why: 'a new connection reuses the tuple of a finished one that kept conntrack: the SYN is dropped (the client retransmits)' };
        cp = undefined;
      }
    }
    if (cp && !cp.svc.realServers.includes(cp.dest)) {
      if (this.sysctls.expireNodestConn) this.unlink(cp);
      return { kind: 'drop', svc: cp.svc, why: 'the connection\'s real server was removed' };
    }
    let created = false;
    let templateHit = false;
    if (!cp) {
      const svc = this.services.find(flow);
      if (!svc) return { kind: 'pass', why: 'no virtual service for this packet' };
      if (isTcp && (tcpFlags & 0x04)) return { kind: 'pass', svc, why: 'a TCP RST does not start a connection' };
      if (isTcp && !syn && !this.sysctls.sloppyTcp) return { kind: 'pass', svc, why: 'not a SYN: no IPVS connection to schedule (the packet goes to the local stack)' };
      const v = this.schedule(svc, flow, ctx);
      if (v.kind !== 'conn') return v;
      cp = v.conn;
      created = true;
      templateHit = v.templateHit;
    }
    this.setState(cp, flow, tcpFlags, 'in');
    cp.expiresAt = now + cp.timeout;
    if (cp.control) cp.control.expiresAt = Math.max(cp.control.expiresAt, now + cp.control.timeout);
    return { kind: 'conn', conn: cp, created, templateHit };
  }

  /** ip_vs_out(): a reply from a masqueraded real server (source = real server, destination = client) */
  outPacket(flow: IpvsFlow, tcpFlags: number, now: number): Conn | undefined {
    const cp = this.outConns.get(this.connKey(flow.protocol, flow.saddr, flow.sport, flow.daddr, flow.dport));
    if (!cp || cp.expiresAt <= now) return undefined;
    this.setState(cp, flow, tcpFlags, 'out');
    cp.expiresAt = now + cp.timeout;
    return cp;
  }

  /** the connection table as /proc/net/ip_vs_conn shows it (expires counted from `now`) */
  syncConnections(now: number): IpvsConnection[] {
    const out: IpvsConnection[] = [];
    for (const c of this.conns.values()) {
      c.entry.expires = Math.max(0, Math.ceil(c.expiresAt - now));
      out.push(c.entry);
    }
    this.state.connections = out;
    return out;
  }
}

/** the client address masked with -M (IPv4 netmask as a number, IPv6 prefix length) */
export function maskAddr(a: Addr, netmask: number, family: 'ipv4' | 'ipv6'): Addr {
  if (family === 'ipv4') return ((a as number) & netmask) >>> 0;
  const bits = BigInt(netmask);
  const all = (1n << 128n) - 1n;
  return (a as bigint) & (all ^ ((1n << (128n - bits)) - 1n));
}

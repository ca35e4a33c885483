// The IP Virtual Server table as the kernel holds it (ip_vs_service, ip_vs_dest, ip_vs_conn): plain data shared by
// the ipvsadm emulation (src/ops, src/render), the schedulers and the trace engine (src/engine/ipvs).
import type { Addr } from './packet.js';
import type { Family } from '../values/addr.js';

export type IpvsProtocol = 'tcp' | 'udp' | 'sctp';

/** The forwarding method of a real server (IP_VS_CONN_F_*): -m masq, -g gatewaying (direct routing), -i ipip tunnel. */
export type IpvsForward = 'masq' | 'droute' | 'tunnel' | 'local' | 'bypass';

/** A virtual service is identified by protocol + address + port, or by a firewall mark (-f). */
export type ServiceKey =
  | { kind: 'addr'; protocol: IpvsProtocol; family: Family; addr: Addr; port: number }
  | { kind: 'fwmark'; family: Family; fwmark: number };

export interface IpvsStats {
  conns: bigint;
  inPkts: bigint;
  outPkts: bigint;
  inBytes: bigint;
  outBytes: bigint;
}

export const zeroIpvsStats = (): IpvsStats => ({ conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n });

/** struct ip_vs_dest */
export interface RealServer {
  family: Family;
  addr: Addr;
  port: number;
  forward: IpvsForward;
  /** 0 = quiesced (no new connections) */
  weight: number;
  /** -x / -y connection thresholds (0 = none) */
  upperThreshold: number;
  lowerThreshold: number;
  /** tunnel options (--tun-type ipip|gue|gre, --tun-port, --tun-nocsum, --tun-csum, --tun-remcsum) */
  tunnel?: { type: 'ipip' | 'gue' | 'gre'; port?: number; csum?: 'nocsum' | 'csum' | 'remcsum' };
  /** connection counters the kernel keeps (ActiveConn, InActConn, persistent templates) */
  activeConns: number;
  inactConns: number;
  persistConns: number;
  /** IP_VS_DEST_F_OVERLOAD: set when a connection bound it at -x connections, cleared below -y (or 3/4 of -x) */
  overloaded?: boolean;
  stats: IpvsStats;
}

/** struct ip_vs_service */
export interface VirtualService {
  key: ServiceKey;
  /** scheduler name: rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos */
  scheduler: string;
  /** -b sched flags: sh-fallback, sh-port, mh-fallback, mh-port, flag-1, flag-2, flag-3 (IP_VS_SVC_F_SCHED1..3) */
  schedFlags: number;
  /** -p [timeout] (seconds) and -M netmask (IPv4 mask as a number / IPv6 prefix length) */
  persistent?: { timeout: number; netmask: number };
  /** --ops one-packet scheduling (UDP) */
  onePacket?: boolean;
  /** --pe persistence engine (sip) */
  pe?: string;
  /** real servers, newest first: the kernel adds at the head of svc->destinations (list_add_rcu) */
  realServers: RealServer[];
  stats: IpvsStats;
}

/** IP_VS_SVC_F_* as ipvsadm's -b flags */
export const SCHED_FLAG = { SCHED1: 0x0008, SCHED2: 0x0010, SCHED3: 0x0020 } as const;

/** One entry of /proc/net/ip_vs_conn (ipvsadm -Lnc). */
export interface IpvsConnection {
  protocol: IpvsProtocol | 'IP';
  family: Family;
  client: { addr: Addr; port: number };
  virtual: { addr: Addr; port: number };
  dest: { addr: Addr; port: number };
  /** TCP: NONE ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN SYNACK; UDP: UDP; template: NONE */
  state: string;
  /** seconds until expiry */
  expires: number;
  /** a persistence template (client address → real server) */
  template: boolean;
  forward: IpvsForward;
}

/** Everything ipvsadm manages. */
export interface IpvsState {
  /** in the order the kernel lists them (ipvsadm sorts for output unless --nosort) */
  services: VirtualService[];
  /** --set tcp tcpfin udp (seconds); the kernel's defaults are 900 120 300 */
  timeouts: { tcp: number; tcpFin: number; udp: number };
  connections: IpvsConnection[];
  /** connection table size the version banner prints (size=4096) */
  connTabSize: number;
  /**
   * Bits 8..15 of the kernel's per-netns `struct netns_ipvs` pointer, which ip_vs_svc_hashkey() mixes into the
   * service hash: they fix the order the kernel dumps services in (`ipvsadm -L --nosort`, and the order qsort sees).
   * Random per boot on a real kernel (a multiple of 32 on the oracle's); 0 when unset.
   */
  svcHashSalt?: number;
}

export function newIpvsState(): IpvsState {
  return { services: [], timeouts: { tcp: 900, tcpFin: 120, udp: 300 }, connections: [], connTabSize: 4096 };
}

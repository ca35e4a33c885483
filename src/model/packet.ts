// Packets, hosts and connections as the trace engine sees them: plain data mirroring sk_buff fields, the host's
// interfaces/routes/sysctls (net_device, fib) and nf_conn (tuples, status, marks).
import type { Family } from '../values/addr.js';

/** An address in a packet: IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit bigint. */
export type Addr = number | bigint;

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;
export const PROTO_SCTP = 132;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

/** The netfilter hooks (NF_INET_*), named after the built-in chains. */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** One packet's headers and metadata (what the matches read and the targets write). */
export interface Packet {
  family: Family;
  /** layer-4 protocol number */
  proto: number;
  src: Addr;
  dst: Addr;
  /** tcp/udp/sctp ports (0 for other protocols) */
  sport: number;
  dport: number;
  /** tcp flags byte (FIN 0x01 … URG 0x20) */
  tcpFlags: number;
  /** icmp/icmpv6 type and code; -1 when not icmp */
  icmpType: number;
  icmpCode: number;
  /** icmp echo identifier */
  icmpId: number;
  /** total length of the IP datagram in bytes (iphdr tot_len; ipv6 payload + 40) */
  len: number;
  ttl: number;
  /** IPv4 TOS byte / IPv6 traffic class */
  tos: number;
  /** skb->mark */
  mark: number;
  /** input and output interface names ('' when none, as in the kernel's trace) */
  iif: string;
  oif: string;
  /** the originating socket's uid/gid (locally generated packets only) */
  uid?: number;
  gid?: number;
  /** skb->pkt_type as the input path set it */
  pktType: 'host' | 'broadcast' | 'multicast' | 'otherhost';
  /** IPv4 fragment offset != 0 (second and further fragments) */
  fragment: boolean;
  /** payload bytes for -m string / -m u32, when the spec gives them */
  payload?: Uint8Array;
  /** source MAC of the frame (input path) */
  srcMac?: string;
  /** skb->priority (CLASSIFY) */
  priority: number;
  /** IPsec/secmark and other metadata left out on purpose */
}

/** A conntrack tuple (nf_conntrack_tuple). For ICMP, sport is the echo id and dport the type. */
export interface Tuple {
  proto: number;
  src: Addr;
  dst: Addr;
  sport: number;
  dport: number;
}

/** ctinfo as conntrack attaches it to a packet, plus the two states without an nf_conn. */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

/** One connection (struct nf_conn). */
export interface Connection {
  id: number;
  family: Family;
  orig: Tuple;
  reply: Tuple;
  /** IPS_SEEN_REPLY */
  seenReply: boolean;
  /** IPS_ASSURED */
  assured: boolean;
  /** IPS_SRC_NAT / IPS_DST_NAT: the nat mapping differs from the identity */
  srcNat: boolean;
  dstNat: boolean;
  /** nat decided for each manip (IPS_SRC_NAT_DONE / IPS_DST_NAT_DONE) */
  srcNatDone: boolean;
  dstNatDone: boolean;
  /** ct->mark */
  mark: number;
  /** the mark was changed (IPCT_MARK event cached): ctnetlink shows it even when it went back to 0 */
  markEvent?: boolean;
  /** tcp state name (SYN_SENT, ESTABLISHED, …) for tcp, '' otherwise */
  tcpState: string;
  /** confirmed = inserted into the table (the packet survived to the last hook) */
  confirmed: boolean;
  /** helper name, zone, timeouts are not modelled */
  /** seconds (session time) when created / last seen */
  created: number;
  lastSeen: number;
  /** packets and bytes seen in the original and the reply direction (numbers, not pairs: a batch keeps many) */
  pktsOrig: number;
  pktsReply: number;
  bytesOrig: number;
  bytesReply: number;
}

/** An interface of the host model (net_device with its addresses). */
export interface HostInterface {
  name: string;
  /** addresses with prefix length, e.g. "192.0.2.1/24", "2001:db8::1/64" */
  addrs: string[];
  mac?: string;
  /** device kind: 'ethernet' (default), 'loopback', 'dummy', 'bridge', 'veth', … */
  kind?: string;
  /** bridge this interface is a port of */
  master?: string;
  up?: boolean;
  /** IFF_NOARP etc. are not modelled */
}

/** One route (fib entry). */
export interface HostRoute {
  /** "default" or a CIDR */
  dst: string;
  via?: string;
  dev?: string;
  /** 'unicast' (default), 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit' */
  type?: string;
  /** route table: 'main' (default) or 'local' */
  table?: string;
  src?: string;
  metric?: number;
}

/** The host the trace runs on. */
export interface Host {
  name?: string;
  interfaces: HostInterface[];
  routes: HostRoute[];
  /** sysctl values as strings, e.g. "net.ipv4.ip_forward": "1" */
  sysctls: Record<string, string>;
  /** where each part came from (files, or "built-in default") */
  sources: string[];
}

// The trace engine's output: a list of events per packet (the renderers in src/render/trace-*.ts print them).
// The JSON format is this structure with addresses as text (see README "trace JSON schema").
import type { Addr, CtState, Hook, Packet, Tuple } from '../model/packet.js';
import type { Rule, TableName } from '../model/ruleset.js';
import type { RejectReply } from '../extensions/types.js';
import type { IpvsForward } from '../model/ipvs.js';

/** what IPVS did with a packet */
export interface IpvsEvent {
  kind: 'ipvs';
  hook: Hook;
  /** scheduled: a new connection (scheduler or persistence template); connection: an existing one; reply: a masq reply
   * got the virtual address back; unreachable: no real server (ICMP port unreachable, drop); pass: not IPVS's (the
   * packet goes on); drop */
  action: 'scheduled' | 'connection' | 'reply' | 'unreachable' | 'pass' | 'drop';
  /** "TCP 10.96.0.10:80" / "FWM 5" */
  service?: string;
  scheduler?: string;
  /** the real server "10.244.1.3:8080" */
  dest?: string;
  forward?: IpvsForward;
  /** persistence: the client's template chose the server (no scheduler call) */
  templateHit?: boolean;
  persistent?: boolean;
  /** the IPVS connection state after the packet (SYN_RECV, ESTABLISHED, UDP …) */
  state?: string;
  /** the real server's ActiveConn / InActConn after the packet */
  counts?: { active: number; inactive: number };
  /** --all-paths / random schedulers: the choice was random (twos) */
  random?: boolean;
  /** conntrack after IPVS: kept (net.ipv4.vs.conntrack=1, reply tuple now the real server) or detached (untracked) */
  conntrack?: 'kept' | 'untracked';
  before?: Tuple;
  after?: Tuple;
  why?: string;
}

export type RuleVerdict = 'ACCEPT' | 'DROP' | 'QUEUE' | 'STOLEN' | 'CONTINUE' | 'RETURN' | `JUMP ${string}` | `GOTO ${string}`;

export type TraceEvent =
  /** the packet enters a hook (headers as the first table of the hook sees them) */
  | { kind: 'hook'; hook: Hook; pkt: Packet }
  /** nf_conntrack_in attached ctinfo (or the packet is untracked) */
  | { kind: 'conntrack'; hook: Hook; state: CtState; ctId?: number; created: boolean; reply: boolean; why?: string }
  /** a table's base chain starts (only for tables that have that chain) */
  | { kind: 'table'; hook: Hook; table: TableName; chain: string }
  /** one rule evaluated. `matched` false rules appear only in full traces (text/json), never in xtables output */
  | {
      kind: 'rule';
      table: TableName;
      chain: string;
      /** 1-based position in the chain */
      num: number;
      rule: Rule;
      depth: number;
      matched: boolean;
      /** why it did not match (first failing part) */
      why?: string;
      /** matches that could not be decided and what was assumed */
      undecided?: { what: string; assumed: boolean }[];
      /** the verdict in the kernel's words (nft trace), for matched rules */
      verdict?: RuleVerdict;
      /** the target's side effect, e.g. "mark 0x0 → 0x4000" */
      note?: string;
    }
  /** rules from..to (1-based, inclusive) skipped by the compiled index: their exact -d differs from the packet's */
  | { kind: 'skipped'; table: TableName; chain: string; from: number; to: number; depth: number }
  /** a user chain ended (implicit) or -j RETURN ran (explicit); back in `to` */
  | { kind: 'return'; table: TableName; chain: string; to: string; depth: number; explicit: boolean }
  /** the end of a base chain: its policy */
  | { kind: 'policy'; table: TableName; chain: string; verdict: 'ACCEPT' | 'DROP' }
  /** NAT decided (first packet) or applied (later packets) */
  | { kind: 'nat'; hook: Hook; manip: 'SRC' | 'DST'; how: 'rule' | 'null-binding' | 'established'; before: Tuple; after: Tuple; target?: string }
  /** a routing decision */
  | { kind: 'route'; decision: 'local' | 'forward' | 'output' | 'loopback' | 'drop' | 'reroute'; dev?: string; via?: Addr; reason?: string }
  /** the packet leaves a hook (after all its tables) */
  | { kind: 'leave'; hook: Hook; pkt: Packet }
  | { kind: 'log'; table: TableName; chain: string; num: number; text: string }
  | { kind: 'reject'; table: TableName; chain: string; num: number; reply: RejectReply; note?: string }
  /** a packet sent to a local address re-enters through lo */
  | { kind: 'loopback' }
  | IpvsEvent;

export interface TraceResult {
  verdict: 'ACCEPT' | 'DROP' | 'QUEUE' | 'STOLEN';
  /** 'local' delivered to a local socket; 'transmitted' sent out oif; 'dropped'; 'queued'; 'vanished' (routing) */
  outcome: 'local' | 'transmitted' | 'dropped' | 'queued' | 'stolen' | 'vanished';
  hook?: Hook;
  table?: TableName;
  chain?: string;
  /** rule number, absent for a policy */
  num?: number;
  reason?: string;
  /** the packet as it left (or died) */
  pkt: Packet;
}

/** The conntrack entry after the packet (original and reply tuples). */
export interface CtSnapshot {
  id: number;
  proto: number;
  state: string;
  orig: Tuple;
  reply: Tuple;
  mark: number;
  /** the mark was changed at some point (ctnetlink then reports it even when 0) */
  markEvent: boolean;
  seenReply: boolean;
  confirmed: boolean;
  srcNat: boolean;
  dstNat: boolean;
}

export interface PacketTrace {
  /** the spec as given */
  spec: string;
  /** the packet before the first hook */
  pkt: Packet;
  in: string;
  time: number;
  events: TraceEvent[];
  result: TraceResult;
  conntrack?: CtSnapshot;
  /** match/target kinds that were undecided or unsupported on this packet */
  warnings: string[];
  /** --all-paths: the probability of this path (numerator / denominator as bigint text) */
  probability?: { num: bigint; den: bigint };
  /** --all-paths: the random choices taken */
  choices?: string[];
}

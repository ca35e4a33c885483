// The scheduler interface (struct ip_vs_scheduler: init_service, add_dest/upd_dest/del_dest, schedule) and the
// registry of the kernel's schedulers by name.
import type { Addr } from '../../model/packet.js';
import type { IpvsProtocol, RealServer, VirtualService } from '../../model/ipvs.js';
import type { Family } from '../../values/addr.js';

/** What a scheduler may look at in the packet (struct ip_vs_iphdr + skb->mark). */
export interface IpvsFlow {
  family: Family;
  protocol: IpvsProtocol;
  saddr: Addr;
  sport: number;
  daddr: Addr;
  dport: number;
  mark: number;
}

export interface SchedContext {
  /** session time in seconds */
  now: number;
  /** true with probability num/den (twos: --all-paths branches on it) */
  chance(num: number, den: number, label: string): boolean;
}

export type DestChange =
  | { kind: 'add'; dest: RealServer }
  | { kind: 'upd'; dest: RealServer }
  /** index: where the dest was in the list before it was unlinked */
  | { kind: 'del'; dest: RealServer; index: number };

export interface SchedulerDef<S = unknown> {
  readonly name: string;
  /** the choice is random (twos): --all-paths gives each real server's share */
  readonly random?: boolean;
  /** init_service: fresh state for a service that binds this scheduler */
  init(svc: VirtualService): S;
  /** add_dest / upd_dest / del_dest, called after the list changed */
  update(svc: VirtualService, state: S, change: DestChange): void;
  schedule(svc: VirtualService, flow: IpvsFlow, state: S, ctx: SchedContext): RealServer | undefined;
}

/** IP_VS_DEST_F_OVERLOAD */
export const overloaded = (d: RealServer): boolean => d.overloaded === true;

/** ip_vs_dest_conn_overhead(): active × 256 + inactive */
export const connOverhead = (d: RealServer): number => d.activeConns * 256 + d.inactConns;

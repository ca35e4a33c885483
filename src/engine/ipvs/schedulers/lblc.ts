// lblc: locality-based least connection (ip_vs_lblc.c): destination address → server; the cached server is kept
// while it is available, has weight and is not "overloaded" (active > weight while some server has active × 2 <
// weight); otherwise a wlc choice replaces it. Entries idle for lblc_expiration (24 h) are dropped.
import type { Addr } from '../../../model/packet.js';
import type { RealServer, VirtualService } from '../../../model/ipvs.js';
import { weightedLeast } from './weighted.js';
import type { SchedulerDef } from '../scheduler.js';

export const LBLC_EXPIRATION = 24 * 60 * 60;

/** is_overloaded() of lblc/lblcr */
export function lblcOverloaded(d: RealServer, svc: VirtualService): boolean {
  if (d.activeConns > d.weight) {
    for (const e of svc.realServers) if (e.activeConns * 2 < e.weight) return true;
  }
  return false;
}

export const addrKey = (a: Addr): string | number => (typeof a === 'number' ? a : a.toString(16));

interface Entry {
  dest: RealServer;
  lastuse: number;
}

export const lblc: SchedulerDef<{ table: Map<string | number, Entry> }> = {
  name: 'lblc',
  init: () => ({ table: new Map() }),
  update() {},
  schedule(svc, flow, st, ctx) {
    const key = addrKey(flow.daddr);
    const en = st.table.get(key);
    if (en && ctx.now - en.lastuse > LBLC_EXPIRATION) st.table.delete(key);
    else if (en) {
      en.lastuse = ctx.now;
      const d = en.dest;
      // IP_VS_DEST_F_AVAILABLE: still in the service
      if (svc.realServers.includes(d) && d.weight > 0 && !lblcOverloaded(d, svc)) return d;
    }
    const d = weightedLeast(svc.realServers);
    if (!d) return undefined;
    const cur = st.table.get(key);
    if (cur) cur.dest = d;
    else st.table.set(key, { dest: d, lastuse: ctx.now });
    return d;
  },
};

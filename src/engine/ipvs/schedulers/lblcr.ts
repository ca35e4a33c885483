// lblcr: locality-based least connection with replication (ip_vs_lblcr.c): destination address → a set of servers;
// the set's weighted-least member serves unless it is overloaded (lblc's test), then a wlc choice joins the set;
// a set unchanged for lblcr_expiration (24 h) loses its most loaded member.
import type { RealServer, VirtualService } from '../../../model/ipvs.js';
import { connOverhead, overloaded, type SchedulerDef } from '../scheduler.js';
import { weightedLeast } from './weighted.js';
import { addrKey, lblcOverloaded, LBLC_EXPIRATION } from './lblc.js';

interface DestSet {
  /** newest first (list_add_rcu) */
  list: RealServer[];
  lastmod: number;
}

function setMin(set: DestSet, svc: VirtualService): RealServer | undefined {
  const avail = (d: RealServer) => svc.realServers.includes(d);
  let i = 0;
  let least: RealServer | undefined;
  for (; i < set.list.length; i++) {
    const d = set.list[i];
    if (overloaded(d)) continue;
    if (d.weight > 0 && avail(d)) {
      least = d;
      break;
    }
  }
  if (!least) return undefined;
  let loh = connOverhead(least);
  for (i++; i < set.list.length; i++) {
    const d = set.list[i];
    if (overloaded(d)) continue;
    const doh = connOverhead(d);
    if (loh * d.weight > doh * least.weight && avail(d)) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

function setMax(set: DestSet): RealServer | undefined {
  let i = 0;
  let most: RealServer | undefined;
  for (; i < set.list.length; i++) {
    if (set.list[i].weight > 0) {
      most = set.list[i];
      break;
    }
  }
  if (!most) return undefined;
  let moh = connOverhead(most);
  for (i++; i < set.list.length; i++) {
    const d = set.list[i];
    const doh = connOverhead(d);
    if (moh * d.weight < doh * most.weight && d.weight > 0) {
      most = d;
      moh = doh;
    }
  }
  return most;
}

function insert(set: DestSet, d: RealServer, now: number): void {
  if (set.list.includes(d)) return;
  set.list.unshift(d);
  set.lastmod = now;
}

export const lblcr: SchedulerDef<{ table: Map<string | number, { set: DestSet; lastuse: number }> }> = {
  name: 'lblcr',
  init: () => ({ table: new Map() }),
  update() {},
  schedule(svc, flow, st, ctx) {
    const key = addrKey(flow.daddr);
    let en = st.table.get(key);
    if (en && ctx.now - en.lastuse > LBLC_EXPIRATION) {
      st.table.delete(key);
      en = undefined;
    }
    if (en) {
      en.lastuse = ctx.now;
      const d = setMin(en.set, svc);
      if (en.set.list.length > 1 && ctx.now > en.set.lastmod + LBLC_EXPIRATION) {
        const m = setMax(en.set);
        if (m) {
          en.set.list.splice(en.set.list.indexOf(m), 1);
          en.set.lastmod = ctx.now;
        }
      }
      if (d && !lblcOverloaded(d, svc)) return d;
      const w = weightedLeast(svc.realServers);
      if (!w) return undefined;
      insert(en.set, w, ctx.now);
      return w;
    }
    const d = weightedLeast(svc.realServers);
    if (!d) return undefined;
    st.table.set(key, { set: { list: [d], lastmod: ctx.now }, lastuse: ctx.now });
    return d;
  },
};

// wrr: weighted round robin (ip_vs_wrr.c): current weight cw steps down by the gcd di from the max weight mw; each
// pass over the list picks the servers whose weight is at least cw.
import type { RealServer, VirtualService } from '../../../model/ipvs.js';
import { overloaded, type SchedulerDef } from '../scheduler.js';

interface WrrMark {
  /** current list entry, undefined = the head */
  cl: RealServer | undefined;
  cw: number;
  mw: number;
  di: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

function gcdWeight(svc: VirtualService): number {
  let g = 0;
  for (const d of svc.realServers) if (d.weight > 0) g = g > 0 ? gcd(d.weight, g) : d.weight;
  return g || 1;
}

function maxWeight(svc: VirtualService): number {
  let w = 0;
  for (const d of svc.realServers) if (d.weight > w) w = d.weight;
  return w;
}

export const wrr: SchedulerDef<WrrMark> = {
  name: 'wrr',
  init(svc) {
    const di = gcdWeight(svc);
    const mw = maxWeight(svc) - (di - 1);
    return { cl: undefined, cw: mw, mw, di };
  },
  // ip_vs_wrr_dest_changed
  update(svc, m) {
    m.cl = undefined;
    m.di = gcdWeight(svc);
    m.mw = maxWeight(svc) - (m.di - 1);
    if (m.cw > m.mw || !m.cw) m.cw = m.mw;
    else if (m.di > 1) m.cw = Math.trunc(m.cw / m.di) * m.di + 1;
  },
  schedule(svc, _flow, m) {
    const list = svc.realServers;
    if (m.mw === 0) return undefined;
    let pos = m.cl === undefined ? -1 : list.indexOf(m.cl); // -1: the head
    const last = pos;
    let stop = -2;
    let lastPass = false;
    let restarted = false;
    for (;;) {
      for (let i = pos + 1; i < list.length; i++) {
        const d = list[i];
        if (!overloaded(d) && d.weight >= m.cw) {
          m.cl = d;
          return d;
        }
        if (i === stop) {
          m.cl = d;
          return undefined;
        }
      }
      pos = -1;
      m.cw -= m.di;
      if (m.cw <= 0) {
        m.cw = m.mw;
        if (lastPass || last === -1) {
          m.cl = undefined;
          return undefined;
        }
        restarted = true;
      }
      lastPass = m.cw <= m.di;
      if (lastPass && restarted && last !== -1) stop = last;
    }
  },
};

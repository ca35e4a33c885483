// The weighted-least search wlc, sed, lblc and lblcr share (ip_vs_wlc.c ip_vs_wlc_schedule): the first usable
// server, then any later one whose overhead/weight is strictly smaller (loh × dw > doh × lw).
import type { RealServer } from '../../../model/ipvs.js';
import { connOverhead, overloaded } from '../scheduler.js';

export function weightedLeast(list: readonly RealServer[], overhead: (d: RealServer) => number = connOverhead): RealServer | undefined {
  let i = 0;
  let least: RealServer | undefined;
  for (; i < list.length; i++) {
    const d = list[i];
    if (!overloaded(d) && d.weight > 0) {
      least = d;
      break;
    }
  }
  if (!least) return undefined;
  let loh = overhead(least);
  for (i++; i < list.length; i++) {
    const d = list[i];
    if (overloaded(d)) continue;
    const doh = overhead(d);
    if (loh * d.weight > doh * least.weight) {
      least = d;
      loh = doh;
    }
  }
  return least;
}

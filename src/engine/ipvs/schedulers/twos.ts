// twos: weighted random twos choice (ip_vs_twos.c, kernel ≥ 6.5): two servers drawn at random in proportion to their
// weights (r in [0, total], so the first eligible server gets one extra share), the less loaded (overhead/weight)
// of the two wins. The draws come from the session's chooser: seeded, or enumerated by --all-paths.
import type { RealServer } from '../../../model/ipvs.js';
import { ipv4ToString, ipv6ToString } from '../../../values/addr.js';
import { connOverhead, overloaded, type SchedContext, type SchedulerDef } from '../scheduler.js';

const serverText = (d: RealServer): string => (typeof d.addr === 'number' ? `${ipv4ToString(d.addr)}:${d.port}` : `[${ipv6ToString(d.addr)}]:${d.port}`);

function draw(list: RealServer[], total: number, ctx: SchedContext, label: string): RealServer {
  // P(server i) = w_i / total, the first one (w_1 + 1) / total: rweight = random below total, minus weights until ≤ 0
  let left = total;
  for (let i = 0; i < list.length - 1; i++) {
    const share = list[i].weight + (i === 0 ? 1 : 0);
    if (ctx.chance(share, left, `${label} ${serverText(list[i])}`)) return list[i];
    left -= share;
  }
  return list[list.length - 1];
}

export const twos: SchedulerDef<null> = {
  name: 'twos',
  random: true,
  init: () => null,
  update() {},
  schedule(svc, _flow, _st, ctx) {
    const elig = svc.realServers.filter((d) => !overloaded(d) && d.weight > 0);
    if (elig.length === 0) return undefined;
    const total = elig.reduce((s, d) => s + d.weight, 0) + 1;
    const c1 = draw(elig, total, ctx, 'twos first pick: server');
    const c2 = draw(elig, total, ctx, 'twos second pick: server');
    return c2.weight * connOverhead(c1) > c1.weight * connOverhead(c2) ? c2 : c1;
  },
};

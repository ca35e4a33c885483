// Bundled by bench/ipvs-sched.js (esbuild): the IPVS core called in-process.
import { IpvsCore } from '../src/engine/ipvs/core.js';
import { newIpvsState, zeroIpvsStats, type RealServer, type VirtualService } from '../src/model/ipvs.js';

const dest = (addr: number, weight: number): RealServer => ({ family: 'ipv4', addr, port: 8080, forward: 'masq', weight, upperThreshold: 0, lowerThreshold: 0, activeConns: 0, inactConns: 0, persistConns: 0, stats: zeroIpvsStats() });

/** n services 10.96.x.y:80 (scheduler `sched`, 3 real servers each) */
export function makeCore(n: number, sched: string): IpvsCore {
  const core = new IpvsCore(newIpvsState());
  for (let i = 0; i < n; i++) {
    const svc: VirtualService = { key: { kind: 'addr', protocol: 'tcp', family: 'ipv4', addr: (0x0a600000 + i) >>> 0, port: 80 }, scheduler: sched, schedFlags: 0, realServers: [], stats: zeroIpvsStats() };
    core.addService(svc);
    for (let k = 0; k < 3; k++) core.addDest(svc.key, dest((0x0af40000 + i * 4 + k) >>> 0, k + 1));
  }
  return core;
}

/** schedule `count` new TCP connections to random services; µs per choice (lookup + schedule + connection entry) */
export function run(core: IpvsCore, n: number, count: number): number {
  const ctx = { now: 0, chance: () => true };
  let seed = 12345;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const svc = seed % n;
    const v = core.inPacket({ family: 'ipv4', protocol: 'tcp', saddr: (0xc0a80000 + (i >>> 16)) >>> 0, sport: i & 0xffff, daddr: (0x0a600000 + svc) >>> 0, dport: 80, mark: 0 }, 0x02, ctx);
    if (v.kind !== 'conn') throw new Error(`no connection: ${v.kind}`);
  }
  return ((performance.now() - t0) * 1000) / count;
}

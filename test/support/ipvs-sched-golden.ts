// Reads the IPVS oracle's block output (test/golden/ipvs-sched/*.out) and replays it through nfsim's IPVS core:
// ipvsadm lines change the services, mangle MARK rules give fwmarks, vsend's per-flow lines are the kernel's choices.
import { readFileSync } from 'node:fs';
import type { Addr } from '../../src/model/packet.js';
import type { IpvsState } from '../../src/model/ipvs.js';
import { newIpvsState } from '../../src/model/ipvs.js';
import { IpvsCore } from '../../src/engine/ipvs/core.js';
import type { IpvsFlow } from '../../src/engine/ipvs/scheduler.js';
import { parseIpvsadm } from '../../src/syntax/ipvsadm.js';
import { newRealServer, newVirtualService, serviceKeyOf } from '../../src/ops/ipvs.js';
import { ipv4ToString, numericToIpv4 } from '../../src/values/addr.js';

export interface OracleBlock {
  n: number;
  cmd: string;
  exit: number;
  stdout: string;
}

export function readBlocks(file: string): OracleBlock[] {
  const text = readFileSync(file, 'utf8');
  const out: OracleBlock[] = [];
  for (const part of text.split(/^(?=### cmd \d+: )/m)) {
    const m = /^### cmd (\d+): (.*)\n### exit: (\d+)\n### stdout \((\d+) bytes\)\n/.exec(part);
    if (!m) continue;
    const start = m[0].length;
    const len = Number(m[4]);
    out.push({ n: Number(m[1]), cmd: m[2], exit: Number(m[3]), stdout: Buffer.from(part.slice(start), 'utf8').subarray(0, len).toString('utf8') });
  }
  return out;
}

export interface FlowResult {
  scenario: number;
  flow: string;
  kernel: string;
  ours: string;
}

export interface Counters {
  /** "10.96.1.1:80" or "fwm 8" → "10.244.1.1:8080" → [active, inactive] */
  [svc: string]: Record<string, [number, number]>;
}

interface MarkRule {
  net: number;
  mask: number;
  ports?: number[];
  mark: number;
}

const ip = (s: string): number => numericToIpv4(s)!;

/** the scenario number of a flow: VIP 10.96.1.N or fwmark destinations 10.97.N.x */
export function scenarioOf(daddr: string): number {
  const m = /^10\.9([67])\.(\d+)\.(\d+)$/.exec(daddr)!;
  return m[1] === '6' ? Number(m[3]) : Number(m[2]);
}

export function parseListing(stdout: string): Counters {
  const out: Counters = {};
  let cur: Record<string, [number, number]> | undefined;
  for (const line of stdout.split('\n')) {
    const s = /^(TCP|UDP|SCTP|FWM)\s+(\S+)\s/.exec(line);
    if (s) {
      cur = out[s[1] === 'FWM' ? `fwm ${s[2]}` : s[2]] = {};
      continue;
    }
    const d = /^ {2}-> (\S+)\s+\S+\s+\d+\s+(\d+)\s+(\d+)/.exec(line);
    if (d && cur) cur[d[1]] = [Number(d[2]), Number(d[3])];
  }
  return out;
}

/** Replay one oracle capture; returns every flow with the kernel's and our choice, and both final listings. */
export function replay(file: string): { flows: FlowResult[]; kernel: Counters; ours: Counters; state: IpvsState } {
  const state = newIpvsState();
  const core = new IpvsCore(state);
  const marks: MarkRule[] = [];
  const flows: FlowResult[] = [];
  let kernel: Counters = {};
  const ctx = { now: 0, chance: () => true };
  for (const b of readBlocks(file)) {
    const words = b.cmd.trim().split(/\s+/);
    if (words[0] === 'ipvsadm' && /^-L/.test(words[1] ?? '')) {
      if (b.cmd.trim() !== 'ipvsadm -Ln') continue;
      kernel = parseListing(b.stdout);
      continue;
    }
    if (words[0] === 'ipvsadm') {
      if (b.exit !== 0) continue;
      // the kernel accepted it (exit 0): ipvsadm's own parser gives the command, the IPVS core applies it
      const c = parseIpvsadm(words.slice(1), 'ipvsadm');
      if (c.kind !== 'command') continue;
      const key = serviceKeyOf(c.svc);
      const d = c.dest;
      switch (c.cmd) {
        case 'add-service': core.addService(newVirtualService(c.svc)); break;
        case 'edit-service': {
          const v = newVirtualService(c.svc);
          core.editService(key, { scheduler: v.scheduler, schedFlags: v.schedFlags, persistent: v.persistent, onePacket: v.onePacket });
          break;
        }
        case 'delete-service': core.deleteService(key); break;
        case 'add-server': core.addDest(key, newRealServer(d)); break;
        case 'edit-server': core.editDest(key, d.addr, d.port, { weight: d.weight, forward: d.forward, upperThreshold: d.upperThreshold, lowerThreshold: d.lowerThreshold }); break;
        case 'delete-server': core.deleteDest(key, d.addr, d.port); break;
        default: break;
      }
      continue;
    }
    if (words[0] === 'iptables') {
      const d = /-d (\S+)/.exec(b.cmd)![1];
      const [a, p] = d.split('/');
      const mask = p === undefined ? 0xffffffff : (0xffffffff << (32 - Number(p))) >>> 0;
      const ports = /--dports (\S+)/.exec(b.cmd)?.[1].split(',').map(Number);
      marks.push({ net: (ip(a) & mask) >>> 0, mask, ports, mark: Number(/--set-mark (\S+)/.exec(b.cmd)![1]) });
      continue;
    }
    if (words[0] !== 'vsend') continue;
    for (const line of b.stdout.split('\n')) {
      const m = /^(tcp|udp) (\S+):(\d+) -> (\S+):(\d+) => (\S+)$/.exec(line);
      if (!m) continue;
      const daddr = ip(m[4]);
      const dport = Number(m[5]);
      const rule = marks.find((r) => ((daddr & r.mask) >>> 0) === r.net && (!r.ports || (m[1] === 'tcp' && r.ports.includes(dport))));
      const flow: IpvsFlow = { family: 'ipv4', protocol: m[1] as 'tcp' | 'udp', saddr: ip(m[2]), sport: Number(m[3]), daddr, dport, mark: rule?.mark ?? 0 };
      const v = core.inPacket(flow, m[1] === 'tcp' ? 0x02 : 0, ctx);
      const ours = v.kind === 'conn' ? `${ipv4ToString(v.conn.entry.dest.addr as number)}:${v.conn.entry.dest.port}` : '-';
      flows.push({ scenario: scenarioOf(m[4]), flow: `${m[1]} ${m[2]}:${m[3]} -> ${m[4]}:${m[5]}`, kernel: m[6], ours });
    }
  }
  const ours: Counters = {};
  for (const s of state.services) {
    const name = s.key.kind === 'fwmark' ? `fwm ${s.key.fwmark}` : `${ipv4ToString(s.key.addr as number)}:${s.key.port}`;
    ours[name] = Object.fromEntries(s.realServers.map((d) => [`${ipv4ToString(d.addr as Addr as number)}:${d.port}`, [d.activeConns, d.inactConns] as [number, number]]));
  }
  return { flows, kernel, ours, state };
}

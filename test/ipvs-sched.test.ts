// Scheduler conformance: test/golden/ipvs-sched/flows.out is a real 6.1 kernel's IPVS (capture.sh with the qemu
// oracle) choosing a real server for each of 400+ flows across every scheduler; the same ipvsadm lines and flows go
// through nfsim's IPVS core here, and every choice and the final ActiveConn/InActConn counters must agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from './support/ipvs-sched-golden.js';

const DIR = join(import.meta.dirname, 'golden', 'ipvs-sched');
const titles = new Map<number, string>();
for (const m of readFileSync(join(DIR, 'flows.cmds'), 'utf8').matchAll(/^# ---- (\d+) (.*)$/gm)) titles.set(Number(m[1]), m[2]);
const r = replay(join(DIR, 'flows.out'));

describe('IPVS schedulers against the kernel (test/golden/ipvs-sched/flows.out)', () => {
  it('covers every scenario with flows', () => {
    const seen = new Set(r.flows.map((f) => f.scenario));
    expect([...titles.keys()].filter((n) => !seen.has(n))).toEqual([]);
    expect(r.flows.length).toBeGreaterThan(400);
  });
  it.each([...titles])('scenario %i: %s', (n) => {
    const flows = r.flows.filter((f) => f.scenario === n);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.map((f) => `${f.flow} => ${f.ours}`)).toEqual(flows.map((f) => `${f.flow} => ${f.kernel}`));
  });
  it('final ActiveConn/InActConn counters (ipvsadm -Ln) agree for every service', () => {
    expect(Object.keys(r.kernel).length).toBe(titles.size);
    const sorted = (o: Record<string, [number, number]> | undefined) => Object.fromEntries(Object.entries(o ?? {}).sort());
    for (const k of Object.keys(r.kernel)) expect([k, sorted(r.ours[k])]).toEqual([k, sorted(r.kernel[k])]);
  });
});

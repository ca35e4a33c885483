// Bundled by bench/trace.js (esbuild): the engine called in-process, to time batches after load.
import { newRuleset } from '../src/model/ruleset.js';
import { restore } from '../src/ops/restore.js';
import { parsePacketSpec } from '../src/syntax/packet.js';
import { defaultHost } from '../src/syntax/host.js';
import { HostView } from '../src/engine/host.js';
import { Session } from '../src/engine/trace.js';

export function load(text: string) {
  const t0 = performance.now();
  const out = restore(text, newRuleset('ipv4'), { family: 'ipv4', flavor: 'nft', counters: false, noflush: false, test: false, verbose: 0 });
  if (out.status !== 0) throw new Error(out.stderr);
  return { ruleset: out.ruleset, ms: performance.now() - t0 };
}

/** trace every spec in one session; returns packets per second and a digest of the outcomes */
export function batch(ruleset: ReturnType<typeof load>['ruleset'], specs: string[], useIndex: boolean, digestCount = Infinity) {
  const parsed = specs.map((s) => parsePacketSpec(s));
  const session = new Session({ rules: { ipv4: ruleset }, host: new HostView(defaultHost()), flavor: 'nft', seed: 1, assume: 'nomatch', recordMisses: false, recordEvents: false, useIndex });
  const tc = performance.now();
  session.compileAll();
  const compileMs = performance.now() - tc;
  const outcomes = new Map<string, number>();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const digest: string[] = [];
  for (const p of parsed) {
    const tr = session.trace(p);
    const k = tr.result.outcome;
    outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    // the outcome of the first packets, to compare the index with the linear walk (kept out of the hot loop's cost)
    if (digest.length < digestCount) digest.push(`${tr.result.verdict} ${k} ${String(tr.result.pkt.dst)}:${tr.result.pkt.dport}`);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  // CPU time of all the process's threads (the main thread and V8's garbage collector threads)
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { pps: (parsed.length / ms) * 1000, ms, start: t0, compileMs, cpuMs, outcomes: Object.fromEntries(outcomes), digest };
}

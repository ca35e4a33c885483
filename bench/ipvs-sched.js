#!/usr/bin/env node
// IPVS scheduler benchmark (issue #5): the cost of one scheduling decision in the trace engine (service lookup by
// hash as ip_vs_service_find does, the scheduler, the new connection entry) at 100, 1,000 and 16,000 virtual
// services; it must not grow with the number of services.
//
//   node bench/ipvs-sched.js [--choices N] [--runs N]
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const choices = opt('choices', 100000);
const runs = opt('runs', 5);

await build({ entryPoints: [path.join(HERE, 'ipvs-sched-entry.ts')], bundle: true, platform: 'node', format: 'esm', outfile: path.join(HERE, '.ipvs-sched.mjs'), packages: 'external', logLevel: 'error' });
const lib = await import(path.join(HERE, '.ipvs-sched.mjs'));

const rows = [];
for (const sched of ['rr', 'wlc', 'sh', 'mh']) {
  for (const n of [100, 1000, 16000]) {
    const t = [];
    for (let r = 0; r < runs; r++) {
      const core = lib.makeCore(n, sched);
      lib.run(core, n, 2000); // warm-up
      t.push(lib.run(core, n, choices));
    }
    t.sort((a, b) => a - b);
    rows.push({ sched, n, median: t[Math.floor(t.length / 2)], min: t[0] });
  }
}
console.log(`IPVS scheduling: µs per new connection (${choices} choices, median / min of ${runs} runs)`);
console.log('scheduler  services  median µs  min µs');
for (const r of rows) console.log(`${r.sched.padEnd(10)} ${String(r.n).padStart(8)} ${r.median.toFixed(3).padStart(10)} ${r.min.toFixed(3).padStart(7)}`);

#!/usr/bin/env node
// Lint benchmark (issue #6): `nfsim lint` through the CLI, process start included, on a kube-proxy dump
// (bench/gen-kube-proxy.js --services N --with-jumps: ~115k lines for 10,000 services). Target: ≤ 3 s.
// Prints each run, the median and the minimum, and what the lint found (the dump's known findings).
//
//   node bench/lint.js [--services N] [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const services = opt('services', 10000);
const runs = opt('runs', 5);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nfsim-bench-lint-'));
try {
  const dump = path.join(tmp, 'kube.rules');
  fs.writeFileSync(dump, execFileSync(process.execPath, [path.join(HERE, 'gen-kube-proxy.js'), '--services', String(services), '--with-jumps'], { maxBuffer: 1 << 30 }));
  const lines = fs.readFileSync(dump, 'utf8').split('\n').length - 1;
  const times = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/nfsim.js'), 'lint', '--format', 'gcc', dump], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`nfsim lint exited ${r.status}: ${r.stderr}`);
    out = r.stdout;
    times.push(ms);
    console.log(`run ${i + 1}: ${ms.toFixed(0)} ms`);
  }
  const sorted = times.slice().sort((a, b) => a - b);
  const counts = {};
  for (const m of out.matchAll(/\[(NF\d{4})\]$/gm)) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  console.log(`nfsim lint of a ${lines}-line kube-proxy dump (${services} services): median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms (target ≤ 3000 ms)`);
  console.log(`findings: ${JSON.stringify(counts)}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

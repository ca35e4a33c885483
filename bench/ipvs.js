#!/usr/bin/env node
// Benchmark for issue #5: `nfsim ipvsadm -Sn` and `-Ln` on a 16,000-service IPVS table (kube-proxy-like: TCP
// services on ClusterIPs, 2 real servers each, built with `ipvsadm-restore`), against the published real-kernel
// figure for `ipvsadm -Sn` of 16,000 services (363 ms) and `node -e 0`. Prints medians and minima of N runs.
// Usage: node bench/ipvs.js [--runs N] [--services N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('--runs', 9);
const SERVICES = arg('--services', 16000);
const REAL_KERNEL_MS = 363;

const dir = mkdtempSync(join(tmpdir(), 'nfsim-bench-ipvs-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130));

const lines = [];
for (let i = 0; i < SERVICES; i++) {
  const vip = `10.96.${(i >> 8) & 255}.${i & 255}`;
  const port = [80, 443, 8080, 53][i % 4];
  lines.push(`-A -t ${vip}:${port} -s rr`);
  for (let j = 1; j <= 2; j++) lines.push(`-a -t ${vip}:${port} -r 10.244.${(i >> 7) & 255}.${((i & 127) << 1) + j - 1}:${port + 8000} -m -w 1`);
}
const nfsim = [join(ROOT, 'bin/nfsim.js'), '--state', join(dir, 'state')];
const r = spawnSync(process.execPath, [...nfsim, 'ipvsadm-restore'], { input: lines.join('\n') + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
if (r.status !== 0) throw new Error(`ipvsadm-restore failed (${r.status})`);

function time(args) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i <= RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (p.status !== 0) throw new Error(`${args.join(' ')} exited ${p.status}`);
    bytes = p.stdout.length;
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0], bytes };
}

const rows = [
  ['nfsim ipvsadm -Sn', time([...nfsim, 'ipvsadm', '-Sn'])],
  ['nfsim ipvsadm -Ln', time([...nfsim, 'ipvsadm', '-Ln'])],
  ['node -e 0', time(['-e', '0'])],
];
console.log(`${SERVICES} services, ${lines.length} ipvsadm lines; ${RUNS} runs each; real kernel ipvsadm -Sn: ${REAL_KERNEL_MS} ms (published)`);
for (const [name, t] of rows) console.log(`${name.padEnd(20)} median ${t.median.toFixed(0).padStart(5)} ms  min ${t.min.toFixed(0).padStart(5)} ms  (${t.bytes} bytes out)`);
const worst = Math.max(rows[0][1].median, rows[1][1].median);
console.log(worst <= REAL_KERNEL_MS ? `ok: no slower than ${REAL_KERNEL_MS} ms` : `SLOWER than the real kernel's ${REAL_KERNEL_MS} ms`);

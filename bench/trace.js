#!/usr/bin/env node
// Trace benchmark (issue #4): on a kube-proxy dump (bench/gen-kube-proxy.js --services N --with-jumps, ~110k lines
// for 10,000 services):
//  1. one trace through the CLI, process start and load included (`nfsim trace --rules DUMP --packet ...`);
//  2. a batch of packets in one session, after load and compile, with the compiled index and with the engine's own
//     linear walk (the speed-up of the index), checking both give the same outcome for every packet; the engine runs
//     as `nfsim trace --format summary` runs it (no events recorded); services visited round-robin, then scattered;
//  3. the same batch through the CLI end to end (`--packets FILE --format summary`).
//
//   node bench/trace.js [--services N] [--packets N] [--linear-packets N] [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const services = opt('services', 10000);
const nPackets = opt('packets', 200000);
const nLinear = opt('linear-packets', 2000);
const runs = opt('runs', 5);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nfsim-bench-trace-'));
try {
  const dump = path.join(tmp, 'kube.rules');
  fs.writeFileSync(dump, execFileSync(process.execPath, [path.join(HERE, 'gen-kube-proxy.js'), '--services', String(services), '--with-jumps'], { maxBuffer: 1 << 30 }));
  const text = fs.readFileSync(dump, 'utf8');
  const lines = text.split('\n').length;
  // service (ip, port, proto) from the KUBE-SERVICES cluster-IP rules
  const svc = [];
  for (const m of text.matchAll(/^-A KUBE-SERVICES .*-p (tcp|udp) -d ([\d.]+) --dport (\d+) -j KUBE-SVC-/gm)) svc.push([m[1], m[2], Number(m[3])]);
  const spec = (i) => {
    const [proto, ip, port] = svc[i % svc.length];
    return `${proto} 192.0.2.2:${1024 + (i % 60000)} > ${ip}:${port} in=eth0${proto === 'tcp' ? ' flags=S' : ''}`;
  };

  // 1. one trace via the CLI
  const cli = [];
  const one = spec(Math.floor(svc.length / 2));
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [path.join(ROOT, 'bin/nfsim.js'), 'trace', '--rules', dump, '--packet', one, '--format', 'xtables'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t0;
    if (res.status !== 0) throw new Error(res.stderr);
    if (r > 0) cli.push(ms);
  }
  cli.sort((a, b) => a - b);

  // 2. batch in-process
  const outfile = path.join(tmp, 'batch.mjs');
  await build({ entryPoints: [path.join(HERE, 'trace-batch-entry.ts')], bundle: true, platform: 'node', format: 'esm', outfile: path.join(HERE, '.trace-batch.mjs'), packages: 'external', logLevel: 'error' });
  const lib = await import(path.join(HERE, '.trace-batch.mjs'));
  const loaded = lib.load(text);
  const specs = Array.from({ length: nPackets }, (_, i) => spec(i));
  lib.batch(loaded.ruleset, specs.slice(0, 2000), true); // warm-up
  const fast = lib.batch(loaded.ruleset, specs, true, nLinear);
  const linear = lib.batch(loaded.ruleset, specs.slice(0, nLinear), false);
  // the same packets with the services visited in a scattered order (a prime stride): what a cache sees with real
  // traffic, where consecutive packets rarely go to services whose rules sit next to each other in memory
  const scattered = lib.batch(loaded.ruleset, specs.map((_, i) => spec((i * 7919) % nPackets)), true, 0);

  // 3. the same batch through the CLI, end to end: start, load, compile, reading and parsing the packet file,
  // tracing and writing one summary line per packet
  const pfile = path.join(tmp, 'batch.packets');
  fs.writeFileSync(pfile, specs.join('\n') + '\n');
  const c0 = performance.now();
  const cliBatch = spawnSync(process.execPath, [path.join(ROOT, 'bin/nfsim.js'), 'trace', '--rules', dump, '--packets', pfile, '--format', 'summary'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const cliMs = performance.now() - c0;
  if (cliBatch.status !== 0) throw new Error(cliBatch.stderr);
  const same = linear.digest.every((d, i) => d === fast.digest[i]);
  const median = cli[Math.floor(cli.length / 2)];
  console.log(`dump: ${services} services, ${lines} lines, ${svc.length} cluster-IP rules`);
  console.log(`one trace via the CLI (start + load + trace), median of ${runs}: ${median.toFixed(0)} ms (min ${cli[0].toFixed(0)} ms; target ≤ 1500 ms)`);
  console.log(`load (restore of the dump, in-process): ${loaded.ms.toFixed(0)} ms`);
  console.log(`compile of the whole ruleset for a batch (once, before the first packet): ${fast.compileMs.toFixed(0)} ms`);
  console.log(`batch with the index: ${nPackets} packets in ${fast.ms.toFixed(0)} ms = ${Math.round(fast.pps).toLocaleString('en-US')} packets/s (target ≥ 200,000)`);
  console.log(`batch with the index, services in scattered order: ${nPackets} packets in ${scattered.ms.toFixed(0)} ms = ${Math.round(scattered.pps).toLocaleString('en-US')} packets/s`);
  console.log(`CLI end to end (nfsim trace --packets FILE --format summary, ${nPackets} packets; start, load, parse, trace, output): ${(cliMs / 1000).toFixed(2)} s = ${Math.round((nPackets / cliMs) * 1000).toLocaleString('en-US')} packets/s`);
  console.log(`batch linear walk:    ${nLinear} packets in ${linear.ms.toFixed(0)} ms = ${Math.round(linear.pps).toLocaleString('en-US')} packets/s`);
  console.log(`speed-up of the index: ${(fast.pps / linear.pps).toFixed(1)}×; same outcome for every packet of the linear run: ${same}`);
  console.log(`outcomes: ${JSON.stringify(fast.outcomes)}`);
  if (!same) process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

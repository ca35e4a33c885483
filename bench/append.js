#!/usr/bin/env node
// Benchmark for issue #3: `iptables -A` into a state holding a 10,000-service kube-proxy dump (~115k lines),
// side by side: nfsim (journaled append), the real iptables-nft and iptables-legacy in a throwaway network
// namespace (root only), and `node -e 0`. Prints medians and the ratio to `node -e 0`.
// Usage: node bench/append.js [--runs N] [--services N] [--node-env clean|inherit]
// Node rows run without NODE_EXTRA_CA_CERTS unless --node-env inherit (Node parses that certificate file at every
// start; nfsim makes no TLS connection: see bench/README.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('--runs', 7);
const SERVICES = arg('--services', 10000);
const k = process.argv.indexOf('--node-env');
const INHERIT = k > 0 && process.argv[k + 1] === 'inherit';
const NODE_ENV = INHERIT ? {} : { NODE_EXTRA_CA_CERTS: '' };
/** when this environment sets it, the Node rows are also timed with it, as inherited */
const ALSO_INHERITED = !INHERIT && !!process.env.NODE_EXTRA_CA_CERTS;

const dir = mkdtempSync(join(tmpdir(), 'nfsim-bench-append-'));
const ns = `nfsim-bench-app-${process.pid}`;
let nsMade = false;
const cleanup = () => {
  if (nsMade) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => process.exit(130));

const dump = join(dir, 'dump.rules');
writeFileSync(dump, execFileSync(process.execPath, [join(ROOT, 'bench/gen-kube-proxy.js'), '--services', String(SERVICES), '--seed', '1'], { maxBuffer: 256 << 20 }));
const state = join(dir, 'state');
const nfsim = [process.execPath, join(ROOT, 'bin/nfsim.js')];
execFileSync(nfsim[0], [nfsim[1], '--state', state, 'iptables-restore', dump]);

function time(cmd, args, env) {
  const times = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args.map((a) => a.replace('{i}', String(i))), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { error: `exit ${r.status}: ${String(r.stderr).trim().slice(0, 120)}` };
    if (i > 0) times.push(ms); // the first run warms the page cache
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], min: times[0] };
}

const rule = ['-t', 'nat', '-A', 'KUBE-SERVICES', '-d', '198.51.100.{i}/32', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT'];
const rows = [];
rows.push(['node -e 0 (start-up baseline)', time(process.execPath, ['-e', '0'], NODE_ENV)]);
rows.push(['nfsim iptables -A (115k-line state)', time(nfsim[0], [nfsim[1], '--state', state, 'iptables', ...rule], NODE_ENV)]);
const inherited = ALSO_INHERITED
  ? [['node -e 0 (NODE_EXTRA_CA_CERTS inherited)', time(process.execPath, ['-e', '0'], {})],
     ['nfsim iptables -A (NODE_EXTRA_CA_CERTS inherited)', time(nfsim[0], [nfsim[1], '--state', state, 'iptables', ...rule], {})]]
  : [];
for (const flavor of ['nft', 'legacy']) {
  const name = `iptables-${flavor} -A (115k-line state, netns)`;
  if (process.getuid?.() !== 0 || spawnSync('ip', ['netns', 'add', ns]).status !== 0) {
    rows.push([name, { error: 'skipped (needs root)' }]);
    continue;
  }
  nsMade = true;
  execFileSync('ip', ['netns', 'exec', ns, `iptables-${flavor}-restore`, dump]);
  rows.push([name, time('ip', ['netns', 'exec', ns, `iptables-${flavor}`, ...rule])]);
  spawnSync('ip', ['netns', 'del', ns]);
  nsMade = false;
}
console.log(`iptables -A into a ${SERVICES}-service kube-proxy state; ${RUNS} timed runs each, medians${INHERIT ? '' : '; Node rows without NODE_EXTRA_CA_CERTS unless marked'}`);
const print = (list, base) => {
  for (const [name, r] of list) {
    if (r.error) console.log(`${name.padEnd(50)} ${r.error}`);
    else console.log(`${name.padEnd(50)} ${r.median.toFixed(1).padStart(8)} ms  (min ${r.min.toFixed(1)})  ${(r.median / base).toFixed(2)}× node -e 0`);
  }
};
print(rows, rows[0][1].median);
if (inherited.length) print(inherited, inherited[0][1].median);

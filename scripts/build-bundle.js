// Build step: bundle the CLI into dist/nfsim.cjs with esbuild (one file keeps shim start-up small), then write V8's
// code cache for it (dist/nfsim.cjs.cache) after a training run, which bin/load.cjs hands to vm.Script: start-up skips
// parsing the bundle and compiling the functions the emulated tools run.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/nfsim.cjs');
const result = await build({
  entryPoints: [join(root, 'src/cli/entry.ts')],
  bundle: true,
  platform: 'node',
  // CommonJS: loaded as a vm.Script with a code cache (Node 20 caches no ES module code); `require` of node: built-ins
  // also spares the ES module facades (node:fs's enumerates its lazy stream classes, which loads node:stream)
  format: 'cjs',
  target: 'node20',
  // the dependencies too: a real import() from a vm.Script needs an experimental loader hook (and Node 20 loses it for
  // functions from the code cache), and chalk 5 cannot be require()d
  sourcemap: false,
  // no comments or indentation: a third less to read at every start (names stay: stack traces still say where)
  minifyWhitespace: true,
  // non-ASCII characters escaped, so bin/load.cjs reads the file as latin1 (a one-byte string, no UTF-8 decoding)
  charset: 'ascii',
  logLevel: 'warning',
  write: false,
  define: { 'import.meta.url': '__nfsim_import_meta_url' },
  banner: { js: 'var __nfsim_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});
const code = result.outputFiles[0].text;
if (!/^[\x00-\x7f]*$/.test(code)) throw new Error('build-bundle: the bundle must be ASCII (bin/load.cjs reads it as latin1)');
const id = createHash('sha256').update(code).digest('hex').slice(0, 16);
// dist/ does not exist in a fresh clone
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${code}\n//# nfsim-build ${id}\n`);
// a stale cache would be ignored anyway (its id differs); remove it before training writes the new one
rmSync(`${out}.cache`, { force: true });

// Training: the emulated tools on a kube-proxy-shaped input, in a child process (its V8 flags are the launcher's)
const dir = mkdtempSync(join(tmpdir(), 'nfsim-train-'));
try {
  const train = `
    const fs = require('node:fs');
    const { loadBundle, CACHE } = require(${JSON.stringify(join(root, 'bin/load.cjs'))});
    const b = loadBundle(false);
    const dump = ${JSON.stringify(join(dir, 'kube.rules'))};
    const gen = require('node:child_process').execFileSync(process.execPath, [${JSON.stringify(join(root, 'bench/gen-kube-proxy.js'))}, '--services', '300', '--seed', '1']);
    fs.writeFileSync(dump, gen);
    const silent = { write() { return true; } };
    for (const flavor of ['nft', 'legacy']) {
      process.env.NFSIM_BACKEND = flavor;
      for (let i = 0; i < 3; i++) {
        for (const argv of [['iptables-restore', '--test', dump], ['iptables-restore', dump], ['iptables-save'], ['iptables', '-S'], ['iptables-restore', '--test', '--noflush', dump]]) {
          const code = b.exports.run('nfsim', ['--state', ${JSON.stringify(join(dir, 'state'))}, ...argv]);
          if (code !== 0) throw new Error('training run failed: ' + argv.join(' ') + ' -> ' + code);
        }
      }
    }
    const data = b.script.createCachedData();
    fs.writeFileSync(CACHE, Buffer.concat([Buffer.from(b.id, 'latin1'), data]));
  `;
  const r = spawnSync(process.execPath, ['-e', train], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    // no cache: the launcher compiles the bundle as usual
    process.stderr.write(`build-bundle: code cache not written (training failed): ${r.stderr}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

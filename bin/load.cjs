// Loads the bundled CLI (dist/nfsim.cjs) as a vm.Script with V8's code cache (dist/nfsim.cjs.cache): bytecode the build
// saved after a training run (scripts/build-bundle.js), so start-up neither parses the bundle nor compiles its hot
// functions again. A cache from another build, Node or V8 is ignored (V8 rejects it) and the bundle compiles as usual.
'use strict';
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createRequire } = require('node:module');
const { Script } = require('node:vm');

// Less inlining in TurboFan than V8's defaults (460 bytes of bytecode per callee, 920 in all): nfsim's commands are
// short runs whose hot code is optimized while they run, and smaller graphs are compiled (and recompiled after a
// deoptimization) sooner; restore --test of the 115k-line kube-proxy dump takes 8% less, lint 7% less, trace runs
// are unchanged. Set before the bundle is compiled, so the code cache (made through here too) has the same flag hash.
// Only on V8 versions known to have these flags: V8 prints an error for a flag it does not know.
const V8_MAJOR = Number(process.versions.v8.split('.')[0]);
if (V8_MAJOR >= 10 && V8_MAJOR <= 13) {
  require('node:v8').setFlagsFromString('--max-inlined-bytecode-size=200 --max-inlined-bytecode-size-cumulative=400');
}

const FILE = join(__dirname, '..', 'dist', 'nfsim.cjs');
const CACHE = FILE + '.cache';
/** the bundle's last line, written by the build: `//# nfsim-build <16 hex digits>` (a digest of the bundle) */
const ID_TAG = '\n//# nfsim-build ';

/** The bundle's exports; `script` is there to create a cache from (the build's training run). */
function loadBundle(useCache = true) {
  // ASCII (the build checks), so latin1 reads it exactly, without UTF-8 decoding
  const src = readFileSync(FILE, 'latin1');
  const at = src.lastIndexOf(ID_TAG);
  const id = at >= 0 ? src.slice(at + ID_TAG.length, at + ID_TAG.length + 16) : '';
  let cachedData;
  if (useCache && id) {
    try {
      // the cache starts with the id of the bundle it was made from (V8 itself only compares the source length)
      const buf = readFileSync(CACHE);
      if (buf.length > 16 && buf.toString('latin1', 0, 16) === id) cachedData = buf.subarray(16);
    } catch {
      /* no cache: compile */
    }
  }
  // the CommonJS module wrapper, as require() would add it (the bundle holds its dependencies: it makes no import())
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${src}\n})`, {
    filename: FILE,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(FILE), module, FILE, dirname(FILE));
  return { exports: module.exports, script, id, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

module.exports = { loadBundle, CACHE };

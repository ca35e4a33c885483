#!/usr/bin/env node
// nfsim launcher: argv[0] names the tool when invoked through a shim (iptables-save, iptables-restore, ...).
// CommonJS (bin/package.json), so Node starts no ES module loader; the CLI is the bundle bin/load.cjs loads.
'use strict';
const { run } = require('./load.cjs').loadBundle().exports;

const argv0 = process.env.NFSIM_ARGV0 || require('node:path').basename(process.argv[1]);
// exit at once: output is written synchronously, and tearing down a large heap costs more than the work
const code = run(argv0, process.argv.slice(2));
if (typeof code === 'number') process.exit(code);
else code.then((c) => process.exit(c));

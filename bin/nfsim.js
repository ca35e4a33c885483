#!/usr/bin/env node
// nfsim launcher: argv[0] names the tool when invoked through a shim (iptables-save, iptables-restore, ...).
import { run } from '../dist/nfsim.mjs';
import { basename } from 'node:path';

const argv0 = process.env.NFSIM_ARGV0 || basename(process.argv[1]);
// exit at once: output is written synchronously, and tearing down a large heap costs more than the work
const code = run(argv0, process.argv.slice(2));
process.exit(typeof code === 'number' ? code : await code);

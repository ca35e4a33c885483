// `nfsim shims DIR`: executables named like the real tools, so unmodified scripts run against nfsim's state.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** ipvsadm 1.31 and its two scripts */
const IPVSADM_SHIMS = ['ipvsadm', 'ipvsadm-save', 'ipvsadm-restore'];

export const SHIM_NAMES: readonly string[] = ['iptables', 'ip6tables'].flatMap((base) =>
  ['', '-nft', '-legacy'].flatMap((flavor) => ['', '-save', '-restore'].map((tool) => `${base}${flavor}${tool}`)),
).concat(['ipset'], IPVSADM_SHIMS);

/** The nfsim package directory (this file runs from src/cli in tests and from dist/ when bundled). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'nfsim.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('nfsim: cannot find bin/nfsim.js');
    dir = up;
  }
  return dir;
}

/** Writes one small sh script per tool name; each runs bin/nfsim.js with argv[0] set to its own name. */
export function writeShims(dir: string, stateDir?: string): string[] {
  mkdirSync(dir, { recursive: true });
  const bin = join(packageRoot(), 'bin', 'nfsim.js');
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  for (const name of SHIM_NAMES) {
    const state = stateDir ? `NFSIM_STATE=${q(resolve(stateDir))} ` : '';
    const what = name === 'ipset' ? 'ipset 7.17' : name.startsWith('ipvsadm') ? 'ipvsadm 1.31' : 'iptables 1.8.9';
    const script =
      `#!/bin/sh\n# nfsim shim: emulates ${name} (${what}) on nfsim's state, without root\n` +
      '# (NODE_EXTRA_CA_CERTS emptied: Node would load those certificates at every start, and nfsim makes no TLS connection)\n' +
      `${state}NFSIM_ARGV0=${name} NODE_EXTRA_CA_CERTS= exec ${q(process.execPath)} ${q(bin)} "$@"\n`;
    const file = join(dir, name);
    writeFileSync(file, script);
    chmodSync(file, 0o755);
  }
  return [...SHIM_NAMES];
}

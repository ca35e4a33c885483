// Differential test: nfsim's trace of each kernel-captured case (test/golden/trace/kernel/*.trace, captured by
// test/golden/trace/capture.sh with ../shared/oracle/kernel-trace) must give the kernel's lines: the headers at every
// hook (HOOK/LEAVE, i.e. NAT rewrites and marks), the matched rules in order with their verdicts, policies,
// loopback re-entry, the result, and the conntrack entry's tuples (CT NEW).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRuleset } from '../../src/model/ruleset.js';
import { restore } from '../../src/ops/restore.js';
import { parsePacketSpec } from '../../src/syntax/packet.js';
import { defaultHost } from '../../src/syntax/host.js';
import { HostView } from '../../src/engine/host.js';
import { Session } from '../../src/engine/trace.js';
import { renderKernelLines } from '../../src/render/trace.js';
import { TRACE_DIVERGENCES, maskPorts } from './trace-divergences.js';

const GOLDEN = join(__dirname, '../golden/trace');
const DIR = join(GOLDEN, 'kernel');

export interface KernelCase {
  name: string;
  packet: string;
  rules: string;
  exit: number;
  output: string[];
}

export function readKernelCase(file: string): KernelCase {
  const text = readFileSync(file, 'utf8');
  const sec = (name: string): string => {
    const re = new RegExp(`^### ${name}.*\\n`, 'm');
    const m = re.exec(text);
    if (!m) throw new Error(`${file}: no ### ${name}`);
    const start = m.index + m[0].length;
    const next = text.slice(start).search(/^### /m);
    return next < 0 ? text.slice(start) : text.slice(start, start + next);
  };
  const exitM = /^### kernel-trace exit (\d+)/m.exec(text);
  return {
    name: file.split('/').pop()!.replace(/\.trace$/, ''),
    packet: sec('packet').trim(),
    rules: sec('ruleset'),
    exit: exitM ? Number(exitM[1]) : -1,
    output: sec('kernel-trace exit').split('\n'),
  };
}

/** The comparable lines of the kernel's trace: the first packet's block and its CT NEW line. */
export function kernelComparable(lines: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (l.startsWith('PACKET ') || l.startsWith('#') || l === '') continue;
    if (l.startsWith('RELATED ')) break;
    if (l.startsWith('CT ')) {
      if (l.startsWith('CT NEW ')) out.push(l);
      continue;
    }
    out.push(l);
  }
  return out;
}

export function nfsimKernelLines(c: KernelCase): string[] {
  const loaded = restore(c.rules, newRuleset('ipv4'), { family: 'ipv4', flavor: 'nft', counters: false, noflush: false, test: false, verbose: 0 });
  if (loaded.status !== 0) return [`LOAD-ERROR ${loaded.stderr.trim()}`];
  const session = new Session({ rules: { ipv4: loaded.ruleset }, host: new HostView(defaultHost()), flavor: 'nft', seed: 1, assume: 'nomatch', recordMisses: false, useIndex: true });
  const trace = session.trace(parsePacketSpec(c.packet));
  return renderKernelLines(trace);
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.trace')).sort((a, b) => parseInt(a) - parseInt(b));
const natFiles = readdirSync(join(GOLDEN, 'nat-range')).filter((f) => f.endsWith('.trace')).sort();

describe('trace agrees with the kernel (kernel-trace goldens)', () => {
  it('has at least 300 kernel-captured cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(300);
  });
  for (const path of [...files.map((f) => join(DIR, f)), ...natFiles.map((f) => join(GOLDEN, 'nat-range', f))]) {
    const c = readKernelCase(path);
    if (c.exit !== 0) continue;
    const known = TRACE_DIVERGENCES[c.name];
    it(`case ${c.name}: ${c.packet}${known ? ' (known divergence)' : ''}`, () => {
      const ours = nfsimKernelLines(c);
      const theirs = kernelComparable(c.output);
      if (known) {
        expect(ours).not.toEqual(theirs);
        expect(maskPorts(ours)).toEqual(maskPorts(theirs));
      } else expect(ours).toEqual(theirs);
    });
  }
});

// Mutation corpus: real dumps mutated by test/mutation/mutate.mjs (truncated, lines/words dropped, duplicated,
// swapped, junk inserted, numbers/tables/commands changed), restored on top of test/mutation/base.rules. For every
// case and both flavors, nfsim must match the real tool (test/mutation/cases/NNN.{nft,legacy}.txt, captured by
// test/mutation/capture.sh) byte for byte: exit code, stdout, stderr and the resulting iptables-save — which also
// checks that a failed restore leaves the pre-state exactly as the real tool does.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from 'vitest';
import { runCase, type Case } from './support/restore-cases.js';
import { goldenCase } from './support/ledger.js';

const DIR = join(import.meta.dirname, 'mutation');
const CASES = join(DIR, 'cases');

function mutationCases(): Case[] {
  const pre = readFileSync(join(DIR, 'base.rules'), 'utf8');
  return readdirSync(CASES)
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((f) => {
      const n = f.slice(0, -'.rules'.length);
      return { id: `mutation/${n}`, rules: readFileSync(join(CASES, f), 'utf8'), pre, golden: join(CASES, n), family: 'ipv4', flags: [], saveCounters: false };
    });
}

const desc = (c: Case) => readFileSync(`${c.golden}.desc`, 'utf8').trim();

describe.each(['nft', 'legacy'] as const)('iptables-restore mutation corpus (%s)', (flavor) => {
  for (const c of mutationCases()) {
    const golden = `${c.golden}.${flavor}.txt`;
    if (!existsSync(golden)) continue;
    goldenCase(`${c.id} ${flavor}`, `${c.id} (${desc(c)})`, () => runCase({ ...c, golden }, flavor));
  }
});

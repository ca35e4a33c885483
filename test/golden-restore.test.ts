// Replays every captured iptables-restore case (test/golden/restore, corpus-wild, front-ends, kube-proxy) through
// nfsim in-process and compares exit code, stdout, stderr and the resulting iptables-save byte for byte.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRuleset } from '../src/model/ruleset.js';
import type { Family, Flavor } from '../src/model/ruleset.js';
import { restore } from '../src/ops/restore.js';
import type { RestoreOptions } from '../src/ops/restore.js';
import { saveRuleset } from '../src/render/save.js';
import { oracleText, readRestoreGolden } from './support/golden.js';
import { KNOWN_DIVERGENCES } from './divergences.js';

const ROOT = join(import.meta.dirname, 'golden');

export interface Case {
  id: string;
  rules: string;
  pre?: string;
  golden: string;
  family: Family;
  flags: string[];
  saveCounters: boolean;
}

function parseFlags(words: string[]): { family: Family; saveCounters: boolean; flags: string[] } {
  let family: Family = 'ipv4';
  let saveCounters = false;
  let i = 0;
  for (; i < words.length; i++) {
    if (words[i] === '-6') family = 'ipv6';
    else if (words[i] === '--save-c') saveCounters = true;
    else if (words[i] === '--') {
      i++;
      break;
    } else break;
  }
  return { family, saveCounters, flags: words.slice(i) };
}

function restoreOptions(flags: string[], family: Family, flavor: Flavor): RestoreOptions {
  const o: RestoreOptions = { family, flavor, counters: false, noflush: false, test: false, verbose: 0 };
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i];
    if (f === '-c' || f === '--counters') o.counters = true;
    else if (f === '-n' || f === '--noflush') o.noflush = true;
    else if (f === '-t' || f === '--test') o.test = true;
    else if (f === '-v' || f === '--verbose') o.verbose++;
    else if (f === '-T' || f === '--table') o.table = flags[++i];
    else if (f.startsWith('--table=')) o.table = f.slice(8);
    else throw new Error(`flag ${f} needs the CLI`);
  }
  return o;
}

export function runCase(c: Case, flavor: Flavor) {
  const golden = readRestoreGolden(c.golden);
  let start = newRuleset(c.family);
  if (c.pre !== undefined) {
    const pre = restore(c.pre, start, { family: c.family, flavor, counters: false, noflush: false, test: false, verbose: 0 });
    if (pre.status !== 0) throw new Error(`pre-state failed: ${pre.stderr}`);
    start = pre.ruleset;
  }
  const out = restore(c.rules, start, restoreOptions(c.flags, c.family, flavor));
  const save = saveRuleset(out.ruleset, { flavor, counters: c.saveCounters, program: '', now: null });
  return {
    actual: { exit: out.status, stdout: oracleText(out.stdout), stderr: oracleText(out.stderr), save },
    expected: { exit: golden.exit, stdout: golden.stdout, stderr: golden.stderr, save: golden.save },
  };
}

function restoreCases(): Case[] {
  const dir = join(ROOT, 'restore');
  const cases: Case[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.rules')).sort()) {
    const base = join(dir, f.slice(0, -6));
    const words = existsSync(base + '.flags') ? readFileSync(base + '.flags', 'utf8').trim().split(/\s+/).filter(Boolean) : [];
    const { family, saveCounters, flags } = parseFlags(words);
    cases.push({
      id: `restore/${f.slice(0, -6)}`,
      rules: readFileSync(base + '.rules', 'utf8'),
      pre: existsSync(base + '.pre') ? readFileSync(base + '.pre', 'utf8') : undefined,
      golden: base,
      family, flags, saveCounters,
    });
  }
  return cases;
}

function dumpCases(): Case[] {
  const cases: Case[] = [];
  const wild = join(import.meta.dirname, '..', '..', 'shared', 'corpus-wild');
  if (existsSync(wild)) {
    for (const d of readdirSync(wild).sort()) {
      if (!existsSync(join(wild, d, 'input.rules'))) continue;
      cases.push({ id: `wild/${d}`, rules: readFileSync(join(wild, d, 'input.rules'), 'utf8'), golden: join(wild, d, 'kernel-restore'), family: 'ipv4', flags: [], saveCounters: false });
    }
  }
  const fe = join(ROOT, 'frontends');
  for (const d of readdirSync(fe).sort()) {
    const dir = join(fe, d);
    if (!existsSync(join(dir, 'README.md'))) continue;
    for (const [input, golden, family] of [
      ['input.rules', 'kernel-restore', 'ipv4'], ['input6.rules', 'kernel-restore6', 'ipv6'],
      ['generated.rules', 'kernel-restore-generated', 'ipv4'], ['generated6.rules', 'kernel-restore6-generated', 'ipv6'],
    ] as const) {
      if (!existsSync(join(dir, input)) || !existsSync(join(dir, `${golden}.nft.txt`))) continue;
      cases.push({ id: `frontends/${d}/${input}`, rules: readFileSync(join(dir, input), 'utf8'), golden: join(dir, golden), family, flags: [], saveCounters: false });
    }
  }
  const kp = join(ROOT, 'kube-proxy');
  cases.push({ id: 'kube-proxy/svc200', rules: readFileSync(join(kp, 'svc200.rules'), 'utf8'), golden: join(kp, 'svc200'), family: 'ipv4', flags: [], saveCounters: false });
  return cases;
}

describe.each(['nft', 'legacy'] as const)('iptables-restore goldens (%s)', (flavor) => {
  const all = [...restoreCases(), ...dumpCases()];
  for (const c of all) {
    const key = `${c.id} ${flavor}`;
    const known = KNOWN_DIVERGENCES.get(key);
    const golden = `${c.golden}.${flavor}.txt`;
    if (!existsSync(golden)) continue;
    const cc = { ...c, golden };
    if (known) {
      it(`${c.id} [known divergence: ${known}]`, () => {
        const { actual, expected } = runCase(cc, flavor);
        // the ledger only shrinks: a listed case that now passes must be removed from test/divergences.ts
        expect(actual, `${key} passes now: remove it from test/divergences.ts`).not.toEqual(expected);
      });
    } else {
      it(c.id, () => {
        const { actual, expected } = runCase(cc, flavor);
        expect(actual).toEqual(expected);
      });
    }
  }
});

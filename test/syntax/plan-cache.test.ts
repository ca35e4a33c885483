// The command parser's plan cache (src/syntax/command.ts: a recorded getopt path replayed for argvs of the same
// shape) must not change any outcome: every golden restore case and rules group gives the same bytes with the cache
// off, while it fills and once it is warm, and random argvs of a recorded shape parse like the slow path.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Family, Flavor } from '../../src/model/ruleset.js';
import { XtError, parseCommand, setPlanCache } from '../../src/syntax/command.js';
import type { ParseOptions } from '../../src/syntax/command.js';
import { parseScript } from '../../src/syntax/command-line.js';
import { scanArgs } from '../../src/syntax/restore-scan.js';
import { allCases, runCase } from '../support/restore-cases.js';
import { RULES_DIR, replay, rulesFiles } from '../support/rules-cases.js';

afterAll(() => setPlanCache(true));

describe.each(['nft', 'legacy'] as const)('plan cache: golden restore cases (%s)', (flavor) => {
  it('give the same exit, stdout, stderr and save with the cache off, filling and warm', () => {
    const cases = allCases().filter((c) => existsSync(`${c.golden}.${flavor}.txt`)).map((c) => ({ ...c, golden: `${c.golden}.${flavor}.txt` }));
    setPlanCache(false);
    const off = cases.map((c) => runCase(c, flavor).actual);
    setPlanCache(true);
    const filling = cases.map((c) => runCase(c, flavor).actual);
    const warm = cases.map((c) => runCase(c, flavor).actual);
    cases.forEach((c, k) => {
      expect(filling[k], c.id).toStrictEqual(off[k]);
      expect(warm[k], c.id).toStrictEqual(off[k]);
    });
  });
});

describe.each(['nft', 'legacy'] as const)('plan cache: golden rules groups (%s)', (flavor) => {
  it('give the same per-command outcomes and listings with the cache off, filling and warm', () => {
    const groups = rulesFiles().filter((g) => existsSync(join(RULES_DIR, `${g}.${flavor}.txt`)));
    const run = () => groups.map((g) => {
      const r = replay(g, flavor);
      return { commands: r.commands, sections: [...r.sections] };
    });
    setPlanCache(false);
    const off = run();
    setPlanCache(true);
    const filling = run();
    const warm = run();
    groups.forEach((g, k) => {
      expect(filling[k], g).toStrictEqual(off[k]);
      expect(warm[k], g).toStrictEqual(off[k]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Random argvs: real command shapes (every iptables command of the rules goldens and every rule line of the restore
// goldens) with their values replaced by values taken from anywhere in that corpus, so a plan recorded for one argv
// is replayed for another of the same shape whose values may load other extensions, consume other words or fail.

interface Sample {
  argv: string[];
  family: Family;
  restore: boolean;
}

function corpus(): Sample[] {
  const out: Sample[] = [];
  for (const g of rulesFiles()) {
    const text = readFileSync(join(RULES_DIR, `${g}.cmds`), 'utf8');
    for (const line of parseScript(text)) {
      const words = line.words.map((w) => w.t);
      if (words[0] === 'sudo') words.shift();
      if (words[0] !== 'iptables' && words[0] !== 'ip6tables') continue;
      out.push({ argv: words.slice(1), family: words[0] === 'iptables' ? 'ipv4' : 'ipv6', restore: false });
    }
  }
  const dir = join(import.meta.dirname, '..', 'golden', 'restore');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.rules')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    const flags = existsSync(join(dir, f.slice(0, -6) + '.flags')) ? readFileSync(join(dir, f.slice(0, -6) + '.flags'), 'utf8') : '';
    const family: Family = /(^|\s)-6(\s|$)/.test(flags) ? 'ipv6' : 'ipv4';
    let s = 0;
    while (s < text.length) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      if (text[s] === '-') out.push({ argv: ['-t', 'filter', ...scanArgs(text, s, e, e < text.length)], family, restore: true });
      s = e + 1;
    }
  }
  return out;
}

type Outcome = { ok: unknown } | { err: { message: string; before: string; status: number; framing: string; tryHelp: boolean } };

function outcome(argv: string[], po: ParseOptions): Outcome {
  try {
    return { ok: parseCommand(argv.slice(), po) };
  } catch (e) {
    if (!(e instanceof XtError)) throw e;
    return { err: { message: e.message, before: e.before, status: e.status, framing: e.framing, tryHelp: e.tryHelp } };
  }
}

describe('plan cache: random argvs of recorded shapes', () => {
  const samples = corpus();
  const isShapeWord = (w: string) => w[0] === '-' || w[0] === '!';
  const values = [...new Set(samples.flatMap((s) => s.argv.filter((w) => !isShapeWord(w))))].sort();
  values.push('', 'tcp', 'udp', 'sctp', 'icmp', 'DNAT', 'REJECT', 'MARK', 'LOG', 'ACCEPT', 'DROP', 'set', 'multiport', 'x,y', '1,2');

  // abbreviated -m/-p/-j (getopt takes unique prefixes) hide from the shape which extension a value loads
  const ABBREV: Record<string, string> = { '-m': '--mat', '-p': '--prot', '-j': '--ju' };
  const sampleArb = fc.tuple(fc.integer({ min: 0, max: samples.length - 1 }), fc.boolean()).map(([k, abbrev]) => {
    const s = samples[k];
    return abbrev ? { ...s, argv: s.argv.map((w) => ABBREV[w] ?? w) } : s;
  });
  /** the sample's argv with each value word replaced (or kept) */
  const variant = (s: Sample) => fc.tuple(...s.argv.map((w) => (isShapeWord(w) ? fc.constant(w) : fc.oneof(fc.constant(w), fc.constantFrom(...values)))));

  it(`replays give what the slow path gives (${samples.length} shapes)`, () => {
    expect(samples.length).toBeGreaterThan(1000);
    fc.assert(fc.property(
      sampleArb.chain((s) => fc.tuple(fc.constant(s), variant(s), variant(s), fc.constantFrom<Flavor>('nft', 'legacy'))),
      ([s, a, b, flavor]) => {
        const po: ParseOptions = { family: s.family, flavor, restore: s.restore, table: s.restore ? 'filter' : undefined };
        setPlanCache(false);
        const slowA = outcome(a, po);
        const slowB = outcome(b, po);
        setPlanCache(true);
        // a records the plan when it parses, b replays it (or aborts to the slow path), a replays it again
        const cachedA = outcome(a, po);
        const cachedB = outcome(b, po);
        const againA = outcome(a, po);
        expect(isDeepStrictEqual(cachedA, slowA)).toBe(true);
        expect(cachedB).toStrictEqual(slowB);
        expect(againA).toStrictEqual(slowA);
      },
    ), { numRuns: 4000 });
  });

  // argvs of one shape whose values make getopt's path differ: the replay of the first one's plan must notice
  it.each([
    ['another extension behind an abbreviated --match', ['-A', 'X', '--mat', 'tcp', '--dport', '80'], ['-A', 'X', '--mat', 'udp', '--dport', '80']],
    ['another extension behind an abbreviated --jump', ['-A', 'X', '--ju', 'DNAT', '--to-destination', '1.2.3.4'], ['-A', 'X', '--ju', 'SNAT', '--to-destination', '1.2.3.4']],
    ['a protocol match loaded for an unknown option', ['-A', 'X', '--prot', 'tcp', '--dport', '80'], ['-A', 'X', '--prot', 'udp', '--dport', '80']],
    ['-c with the byte counter in its own word or after a comma', ['-A', 'X', '-c', '1', '2'], ['-A', 'X', '-c', '1,2', '3']],
    ['-c the other way round', ['-A', 'X', '-c', '1,2', '3'], ['-A', 'X', '-c', '1', '2']],
    ['--tcp-flags and a value that looks like an option', ['-A', 'X', '-p', 'tcp', '--tcp-flags', 'SYN', 'SYN'], ['-A', 'X', '-p', 'tcp', '--tcp-flags', 'SYN', '']],
  ])('%s', (_what, first, second) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      const po: ParseOptions = { family: 'ipv4', flavor, restore: false };
      setPlanCache(false);
      const slow = [outcome(first, po), outcome(second, po)];
      setPlanCache(true);
      expect([outcome(first, po), outcome(second, po)]).toStrictEqual(slow);
      expect([outcome(second, po), outcome(first, po)]).toStrictEqual([slow[1], slow[0]]);
    }
  });

  it('hits: the second argv of a shape is replayed, not parsed again (same result either way)', () => {
    setPlanCache(true);
    const po: ParseOptions = { family: 'ipv4', flavor: 'nft', restore: true, table: 'nat' };
    const a = ['-t', 'nat', '-A', 'KUBE-SEP-A', '-m', 'tcp', '-p', 'tcp', '-j', 'DNAT', '--to-destination', '10.0.0.1:80'];
    const b = ['-t', 'nat', '-A', 'KUBE-SEP-B', '-m', 'tcp', '-p', 'tcp', '-j', 'DNAT', '--to-destination', '10.0.0.2:8080'];
    const bad = ['-t', 'nat', '-A', 'KUBE-SEP-C', '-m', 'tcp', '-p', 'tcp', '-j', 'DNAT', '--to-destination', '10.0.0.2:99999'];
    const viaCache = [outcome(a, po), outcome(b, po), outcome(bad, po)];
    setPlanCache(false);
    expect(viaCache).toStrictEqual([outcome(a, po), outcome(b, po), outcome(bad, po)]);
    expect('err' in viaCache[2]).toBe(true);
    setPlanCache(true);
  });
});

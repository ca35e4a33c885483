// Live differential test (npm run test:kernel): fresh random mutations of real dumps, never seen by the committed
// goldens, are restored by the real iptables-restore (../shared/oracle/kernel-restore, both flavors) and by nfsim
// over the same base state; exit code, stdout, stderr and the resulting save must agree. Skips, saying why, when
// the oracle cannot run here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCase } from '../support/restore-cases.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ORACLE = join(ROOT, '..', 'shared', 'oracle', 'kernel-restore');
const isRoot = process.getuid?.() === 0;
const haveOracle = existsSync(ORACLE) && spawnSync('iptables-nft', ['--version']).status === 0;
const why = !isRoot ? 'not root' : !haveOracle ? 'no ../shared/oracle or no iptables 1.8.9' : '';
const COUNT = Number(process.env.NFSIM_KERNEL_CASES ?? 24);
const SEED = Number(process.env.NFSIM_KERNEL_SEED ?? Date.now() % 100000);

describe.skipIf(why !== '')(`kernel differential (${why || `${COUNT} fresh cases, base seed ${SEED}`})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'nfsim-kdiff-'));
  const sources = readdirSync(join(ROOT, 'test/mutation/sources')).filter((f) => f.endsWith('.rules'));
  const base = join(ROOT, 'test/mutation/base.rules');
  for (let k = 0; k < COUNT; k++) {
    const seed = SEED + k;
    const src = join(ROOT, 'test/mutation/sources', sources[k % sources.length]);
    it.each(['nft', 'legacy'] as const)(`seed ${seed} (${sources[k % sources.length]}) %s`, (flavor) => {
      const file = join(dir, `${seed}.rules`);
      if (!existsSync(file)) {
        const text = execFileSync(process.execPath, [join(ROOT, 'test/mutation/mutate.mjs'), '--seed', String(seed), '--in', src], { stdio: ['ignore', 'pipe', 'ignore'] });
        writeFileSync(file, text);
      }
      const golden = join(dir, `${seed}.${flavor}.txt`);
      // stdin keeps the bytes intact (the oracle reads a FILE argument in text mode, turning \r into newlines)
      writeFileSync(golden, execFileSync(ORACLE, ['--backend', flavor, '--pre', base, '-'], { input: readFileSync(file), encoding: 'utf8' }));
      const { actual, expected } = runCase({
        id: `kernel/${seed}`, rules: readFileSync(file, 'utf8'), pre: readFileSync(base, 'utf8'), golden, family: 'ipv4', flags: [], saveCounters: false,
      }, flavor);
      expect(actual, `mutated input kept in ${file}`).toEqual(expected);
    });
  }
  it('cleans up', () => rmSync(dir, { recursive: true, force: true }));
});

describe.runIf(why !== '')('kernel differential', () => {
  it(`SKIPPED: ${why}`, () => {
    expect(why).not.toBe('');
  });
});

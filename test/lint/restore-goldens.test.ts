// Every error the real iptables-restore raised on the conformance files (test/golden/restore, kernel-captured, both
// flavors) is also reported by lint as an error at the line the real tool names. Where that line is a COMMIT (the
// kernel refused the block: a jump to a missing chain on nft, a target in the wrong hook on legacy), lint reports
// both: NF1000 with the real message at the COMMIT line, and the rule that causes it inside that block.
// Left out, because their outcome depends on something a lint run does not see: cases with a pre-loaded state
// (--noflush over existing tables) and cases run with -c/--counters (lint reads a file as iptables-restore without
// -c does, where `[packets:bytes]` are not checked).
import { afterAll, describe, expect, it } from 'vitest';
import { readRestoreGolden } from '../support/golden.js';
import { restoreCases } from '../support/restore-cases.js';
import { lintText } from '../../src/lint/runner.js';

const LINE = /(?:Error occurred at line: |line |Bad line |at line )(\d+)/;
const COUNTERS = (flags: string[]) => flags.some((f) => f === '-c' || f === '--counters');

const same = { nft: 0, legacy: 0 };
const atCommit = { nft: 0, legacy: 0 };
const noCause: string[] = [];

afterAll(() => {
  // the numbers the README quotes
  console.log(`restore goldens: nft ${same.nft} at the real line (${atCommit.nft} of them a COMMIT the kernel refused, with the cause inside the block too); legacy ${same.legacy} (${atCommit.legacy}); refused at COMMIT with no cause found inside the block: ${noCause.join(', ') || 'none'}`);
});

for (const flavor of ['nft', 'legacy'] as const) {
  describe(`lint reports the real iptables-restore's errors at its line (${flavor})`, () => {
    const cases = restoreCases()
      .filter((c) => c.pre === undefined && !COUNTERS(c.flags))
      .map((c) => ({ c, g: readRestoreGolden(`${c.golden}.${flavor}.txt`) }))
      .filter(({ g }) => g.exit !== 0 && LINE.test(g.stderr));
    it('covers the failing cases', () => {
      expect(cases.length).toBeGreaterThan(100);
    });
    it.each(cases.map(({ c, g }) => [c.id, c, g] as const))('%s', (_id, c, g) => {
      const line = Number(LINE.exec(g.stderr)![1]);
      const res = lintText('case.rules', c.rules, { type: 'restore', family: c.family, flavor });
      const errors = res.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.pos!.line), `real tool: ${g.stderr}`).toContain(line);
      same[flavor]++;
      // NF1000 carries the real tool's own message
      const nf1000 = errors.find((d) => d.code === 'NF1000' && d.pos!.line === line);
      if (nf1000) expect(nf1000.message).toContain(g.stderr.split('\n')[0].replace(/^ip6?tables-restore v[^:]*: /, '').trim());
      const lines = c.rules.split('\n');
      if (nf1000 && /^COMMIT\r?$/.test(lines[line - 1] ?? '')) {
        let start = line - 1;
        while (start > 0 && !lines[start - 1].startsWith('*')) start--;
        // the kernel refused the block: the rule inside it that causes it is reported too (where lint's model sees it)
        if (errors.some((d) => d.pos!.line > start && d.pos!.line < line)) atCommit[flavor]++;
        else noCause.push(`${flavor} ${c.id}`);
      }
    });
  });
}

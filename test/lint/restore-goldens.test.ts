// Every error the real iptables-restore raised on the conformance files (test/golden/restore, kernel-captured, both
// flavors) is also reported by lint as an error at the line the real tool names — except where the real tool names
// a COMMIT line (the kernel refused the block: a jump to a missing chain on nft, a target in the wrong hook on
// legacy): there lint reports the rule that causes it, inside that block, instead of "line N failed" (NF1000 is
// only added at the COMMIT when no error inside the block explains it). Cases whose outcome depends on something
// lint does not see (a pre-loaded state, restore flags such as --noflush/-T/-c) are left out.
import { afterAll, describe, expect, it } from 'vitest';
import { readRestoreGolden } from '../support/golden.js';
import { restoreCases } from '../support/restore-cases.js';
import { lintText } from '../../src/lint/runner.js';

const LINE = /(?:Error occurred at line: |line |Bad line |at line )(\d+)/;

const same = { nft: 0, legacy: 0 };
const atCommit = { nft: 0, legacy: 0 };

afterAll(() => {
  // the numbers the README quotes
  console.log(`restore goldens: nft ${same.nft} at the same line + ${atCommit.nft} at the culprit inside a block refused at COMMIT; legacy ${same.legacy} + ${atCommit.legacy}`);
});

for (const flavor of ['nft', 'legacy'] as const) {
  describe(`lint reports the real iptables-restore's errors (${flavor})`, () => {
    const cases = restoreCases()
      .filter((c) => c.pre === undefined && c.flags.length === 0)
      .map((c) => ({ c, g: readRestoreGolden(`${c.golden}.${flavor}.txt`) }))
      .filter(({ g }) => g.exit !== 0 && LINE.test(g.stderr));
    it('covers the failing cases', () => {
      expect(cases.length).toBeGreaterThan(flavor === 'nft' ? 80 : 80);
    });
    it.each(cases.map(({ c, g }) => [c.id, c, g] as const))('%s', (_id, c, g) => {
      const line = Number(LINE.exec(g.stderr)![1]);
      const res = lintText('case.rules', c.rules, { type: 'restore', family: c.family, flavor });
      const errors = res.diagnostics.filter((d) => d.severity === 'error').map((d) => d.pos!.line);
      const lines = c.rules.split('\n');
      if (/^COMMIT\r?$/.test(lines[line - 1] ?? '') && !errors.includes(line)) {
        let start = line - 1;
        while (start > 0 && !lines[start - 1].startsWith('*')) start--;
        expect(errors.some((l) => l >= start && l < line), `real tool: ${g.stderr}; lint: ${errors}`).toBe(true);
        atCommit[flavor]++;
      } else {
        expect(errors, `real tool: ${g.stderr}`).toContain(line);
        same[flavor]++;
      }
    });
  });
}

// Oracle: /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/recent.cmds
// (captured into test/golden/rules/recent.{nft,legacy}.txt; replayed byte for byte by golden-rules.ts)
import { describe, expect, it } from 'vitest';
import { replayGolden } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  describe(`recent golden (${flavor})`, () => {
    const res = replayGolden('recent', flavor);
    it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
      expect(r.got).toBe(r.want);
    });
  });
}

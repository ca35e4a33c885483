// Oracle: /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/conntrack.cmds
// (captured into test/golden/rules/conntrack.{nft,legacy}.txt; replayed byte for byte by golden-rules.ts)
import { describe, expect, it } from 'vitest';
import { replayGolden } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  describe(`conntrack golden (${flavor})`, () => {
    const res = replayGolden('conntrack', flavor, (c) => c.includes('host.invalid.example')); // no DNS in the emulator
    it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
      expect(r.got).toBe(r.want);
    });
  });
}

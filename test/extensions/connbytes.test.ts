// -m connbytes: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/connbytes.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['extra:connbytes']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('connbytes explicit (values from golden-extra/connbytes.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir original')).toBe('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir original\n');
    expect(saveOf('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir reply')).toBe('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir reply\n');
    expect(saveOf('-A INPUT -m connbytes --connbytes 10 --connbytes-mode avgpkt --connbytes-dir both')).toBe('-A INPUT -m connbytes --connbytes 10 --connbytes-mode avgpkt --connbytes-dir both\n');
    expect(saveOf('-A INPUT -m connbytes --connbytes 10: --connbytes-mode bytes --connbytes-dir both')).toBe('-A INPUT -m connbytes --connbytes 10 --connbytes-mode bytes --connbytes-dir both\n');
    expect(saveOf('-A INPUT -m connbytes --connbytes :10 --connbytes-mode bytes --connbytes-dir both')).toBe('-A INPUT -m connbytes --connbytes 0:10 --connbytes-mode bytes --connbytes-dir both\n');
    expect(saveOf('-A INPUT -m connbytes ! --connbytes 100:200 --connbytes-mode bytes --connbytes-dir reply')).toBe('-A INPUT -m connbytes ! --connbytes 100:200 --connbytes-mode bytes --connbytes-dir reply\n');
    expect(saveOf('-A INPUT -m connbytes --connbytes 0:18446744073709551615 --connbytes-mode avgpkt --connbytes-dir both')).toBe('-A INPUT -m connbytes --connbytes 0 --connbytes-mode avgpkt --connbytes-dir both\n');
    expect(saveOf('-A INPUT -m connbytes --connbytes 0x10:0x20 --connbytes-mode bytes --connbytes-dir both')).toBe('-A INPUT -m connbytes --connbytes 16:32 --connbytes-mode bytes --connbytes-dir both\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m connbytes --connbytes 500:100 --connbytes-mode bytes --connbytes-dir both')).toBe('500 should be less than 100');
    expect(errOf('-A INPUT -m connbytes --connbytes -1:0 --connbytes-mode packets --connbytes-dir original')).toBe('connbytes: bad value for option "--connbytes" near "-1:0", or out of range (0-18446744073709551615).\n');
    expect(errOf('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode wrong --connbytes-dir both')).toBe("Unknown --connbytes-mode `wrong'");
    expect(errOf('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir wrong')).toBe("Unknown --connbytes-dir `wrong'");
    expect(errOf('-A INPUT -m connbytes --connbytes 0:1000 --connbytes-dir original')).toBe('connbytes: option "--connbytes-mode" must be specified\n');
    expect(errOf('-A INPUT -m connbytes --connbytes 1:2:3 --connbytes-mode packets --connbytes-dir both')).toBe('connbytes: Too many components for option "--connbytes" (max: 2)\n');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m connbytes ! --connbytes 100:200 --connbytes-mode bytes --connbytes-dir reply')).toBe(' ! connbytes 100:200 connbytes mode bytes connbytes direction reply');
  });
});

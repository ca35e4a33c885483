// -m connlimit: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/connlimit.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['connlimit']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('connlimit explicit (values from test/golden/rules/connlimit.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m connlimit --connlimit-upto 0')).toBe('-A INPUT -m connlimit --connlimit-upto 0 --connlimit-mask 32 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit --connlimit-above 0')).toBe('-A INPUT -m connlimit --connlimit-above 0 --connlimit-mask 32 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit --connlimit-upto 4294967295 --connlimit-mask 32 --connlimit-saddr')).toBe('-A INPUT -m connlimit --connlimit-upto 4294967295 --connlimit-mask 32 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit --connlimit-above 10 --connlimit-daddr')).toBe('-A INPUT -m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-daddr\n');
    expect(saveOf('-A INPUT -m connlimit --connlimit-above 10 --connlimit-mask 0')).toBe('-A INPUT -m connlimit --connlimit-above 10 --connlimit-mask 0 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit ! --connlimit-above 5')).toBe('-A INPUT -m connlimit --connlimit-upto 5 --connlimit-mask 32 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit ! --connlimit-upto 5')).toBe('-A INPUT -m connlimit --connlimit-above 5 --connlimit-mask 32 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit --connlimit-above 10 --connlimit-mask 33')).toBe('-A INPUT -m connlimit --connlimit-above 10 --connlimit-mask 32 --connlimit-saddr\n');
    expect(saveOf('-A INPUT -m connlimit --connlimit-above 4 --connlimit-mask 64', 'ipv6')).toBe('-A INPUT -m connlimit --connlimit-above 4 --connlimit-mask 64 --connlimit-saddr\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m connlimit')).toBe('You must specify "--connlimit-above" or "--connlimit-upto".');
    expect(errOf('-A INPUT -m connlimit --connlimit-upto 4294967296')).toBe('connlimit: bad value for option "--connlimit-upto", or out of range (0-4294967295).\n');
    expect(errOf('-A INPUT -m connlimit --connlimit-upto 1 --connlimit-above 1')).toBe('connlimit: option "--connlimit-upto" cannot be used together with "--connlimit-above".\n');
    expect(errOf('-A INPUT -m connlimit --connlimit-above 10 --connlimit-saddr --connlimit-daddr')).toBe('connlimit: option "--connlimit-saddr" cannot be used together with "--connlimit-daddr".\n');
    expect(errOf('-A INPUT -m connlimit --connlimit-above 10 --connlimit-mask 129', 'ipv6')).toBe('connlimit: bad value for option "--connlimit-mask", neither a valid network mask nor valid CIDR (0-128).\n');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 16 --connlimit-daddr')).toBe(' #conn dst/16 > 2');
    expect(listOf('-A INPUT -m connlimit --connlimit-upto 5')).toBe(' #conn src/32 <= 5');
  });
});

// -m mark: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/mark.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['mark']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('mark explicit (values from test/golden/rules/mark.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m mark --mark 1 -j ACCEPT')).toBe('-A INPUT -m mark --mark 0x1 -j ACCEPT\n');
    expect(saveOf('-A INPUT -m mark --mark 4294967295')).toBe('-A INPUT -m mark --mark 0xffffffff\n');
    expect(saveOf('-A INPUT -m mark --mark 0xffffffff/0xffffffff')).toBe('-A INPUT -m mark --mark 0xffffffff\n');
    expect(saveOf('-A INPUT -m mark --mark 16/240')).toBe('-A INPUT -m mark --mark 0x10/0xf0\n');
    expect(saveOf('-A INPUT -m mark --mark 0xFEEDcafe')).toBe('-A INPUT -m mark --mark 0xfeedcafe\n');
    expect(saveOf('-A INPUT -m mark --mark 010')).toBe('-A INPUT -m mark --mark 0x8\n');
    expect(saveOf('-A INPUT -m mark ! --mark 0x2/0x3')).toBe('-A INPUT -m mark ! --mark 0x2/0x3\n');
    expect(saveOf('-A INPUT -m mark --mark 0x5/0x0')).toBe('-A INPUT -m mark --mark 0x5/0x0\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m mark')).toBe('mark: option "--mark" must be specified\n');
    expect(errOf('-A INPUT -m mark --mark 4294967296')).toBe('mark: bad integer value for option "--mark", or out of range.\n');
    expect(errOf('-A INPUT -m mark --mark 1/')).toBe('mark: bad integer value for option "--mark", or out of range.\n');
    expect(errOf('-A INPUT -m mark --mark 1 --mark 2')).toBe('mark: option "--mark" can only be used once.\n');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m mark ! --mark 0x2/0x3')).toBe(' mark match ! 0x2/0x3');
  });
});

// -m connmark: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/connmark.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['connmark']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('connmark explicit (values from test/golden/rules/connmark.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m connmark --mark 1 -j ACCEPT')).toBe('-A INPUT -m connmark --mark 0x1 -j ACCEPT\n');
    expect(saveOf('-A INPUT -m connmark --mark 0xffffffff')).toBe('-A INPUT -m connmark --mark 0xffffffff\n');
    expect(saveOf('-A INPUT -m connmark --mark 0xffffffff/0xffffffff')).toBe('-A INPUT -m connmark --mark 0xffffffff\n');
    expect(saveOf('-A INPUT -m connmark --mark 0xffffffff/0x0')).toBe('-A INPUT -m connmark --mark 0xffffffff/0x0\n');
    expect(saveOf('-A INPUT -m connmark --mark 0/0xffffffff')).toBe('-A INPUT -m connmark --mark 0x0\n');
    expect(saveOf('-A INPUT -m connmark ! --mark 3/7')).toBe('-A INPUT -m connmark ! --mark 0x3/0x7\n');
    expect(saveOf('-t mangle -A PREROUTING -m connmark --mark 100')).toBe('-A PREROUTING -m connmark --mark 0x64\n');
    expect(saveOf('-A INPUT -m connmark --mark 0x2/0x2', 'ipv6')).toBe('-A INPUT -m connmark --mark 0x2/0x2\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m connmark')).toBe('connmark: option "--mark" must be specified\n');
    expect(errOf('-A INPUT -m connmark --mark -1')).toBe('connmark: bad integer value for option "--mark", or out of range.\n');
    expect(errOf('-A INPUT -m connmark --mark x')).toBe('connmark: bad integer value for option "--mark", or out of range.\n');
    expect(errOf('-A INPUT -m connmark --mark 1 --mark 2')).toBe('connmark: option "--mark" can only be used once.\n');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m connmark --mark 1')).toBe(' connmark match  0x1');
    expect(listOf('-A INPUT -m connmark ! --mark 3/7')).toBe(' connmark match ! 0x3/0x7');
  });
});

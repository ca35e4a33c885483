// -m cgroup: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/cgroup.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['extra:cgroup']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('cgroup explicit (values from golden-extra/cgroup.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A OUTPUT -m cgroup --cgroup 1')).toBe('-A OUTPUT -m cgroup --cgroup 1\n');
    expect(saveOf('-A OUTPUT -m cgroup ! --cgroup 1')).toBe('-A OUTPUT -m cgroup ! --cgroup 1\n');
    expect(saveOf('-A OUTPUT -m cgroup --cgroup 0x10')).toBe('-A OUTPUT -m cgroup --cgroup 16\n');
    expect(saveOf('-A OUTPUT -m cgroup --cgroup 4294967295')).toBe('-A OUTPUT -m cgroup --cgroup 4294967295\n');
    expect(saveOf('-A OUTPUT -m cgroup --path /')).toBe('-A OUTPUT -m cgroup --path "/"\n');
    expect(saveOf('-A OUTPUT -m cgroup ! --path /')).toBe('-A OUTPUT -m cgroup ! --path "/"\n');
    expect(saveOf('-A OUTPUT -m cgroup --path ""')).toBe('-A OUTPUT -m cgroup --path ""\n');
    expect(saveOf('-A INPUT -m cgroup --cgroup 5')).toBe('-A INPUT -m cgroup --cgroup 5\n');
    expect(saveOf('-A OUTPUT -m cgroup --cgroup 7', 'ipv6')).toBe('-A OUTPUT -m cgroup --cgroup 7\n');
  });
  it('errors', () => {
    expect(errOf('-A OUTPUT -m cgroup --cgroup 4294967296')).toBe('cgroup: bad value for option "--cgroup", or out of range (0-4294967295).\n');
    expect(errOf('-A OUTPUT -m cgroup --cgroup -1')).toBe('cgroup: bad value for option "--cgroup", or out of range (0-4294967295).\n');
    expect(errOf('-A OUTPUT -m cgroup --cgroup abc')).toBe('cgroup: bad value for option "--cgroup", or out of range (0-4294967295).\n');
    expect(errOf('-A OUTPUT -m cgroup --cgroup 1 --cgroup 2')).toBe('cgroup: option "--cgroup" can only be used once.\n');
  });
  it('kernel refusals and -L text', () => {
    expect(refusedOf('-A OUTPUT -m cgroup')).toBe(true);
    expect(refusedOf('-A OUTPUT -m cgroup --cgroup 1 --path /')).toBe(true);
    expect(refusedOf('-A FORWARD -m cgroup --cgroup 1')).toBe(true);
    expect(refusedOf('-A OUTPUT -m cgroup --path /nonexistent-cgroup-dir')).toBe(true);
    expect(listOf('-A OUTPUT -m cgroup ! --path /')).toBe(' cgroup ! /');
  });
});

// -m limit: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/limit.cmds
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/statistic-limit.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['limit', 'extra:statistic-limit']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('limit explicit (values from limit.*.txt and golden-extra/statistic-limit.*.txt)', () => {
  it('save: the rate is printed back from avg = 10000 * unit / rate', () => {
    expect(saveOf('-A INPUT -m limit')).toBe('-A INPUT -m limit --limit 3/hour\n');
    expect(saveOf('-A INPUT -m limit --limit 60/min')).toBe('-A INPUT -m limit --limit 1/sec\n');
    expect(saveOf('-A INPUT -m limit --limit 7')).toBe('-A INPUT -m limit --limit 7/sec\n');
    expect(saveOf('-A INPUT -m limit --limit 7/hour')).toBe('-A INPUT -m limit --limit 7/hour\n');
    expect(saveOf('-A INPUT -m limit --limit 86400/day')).toBe('-A INPUT -m limit --limit 1/sec\n');
    expect(saveOf('-A INPUT -m limit --limit 9999/sec')).toBe('-A INPUT -m limit --limit 10000/sec\n');
    expect(saveOf('-A INPUT -m limit --limit 99999/day')).toBe('-A INPUT -m limit --limit 100000/day\n');
    expect(saveOf('-A INPUT -m limit --limit 2/sE')).toBe('-A INPUT -m limit --limit 2/sec\n');
    expect(saveOf('-A INPUT -m limit --limit-burst 20')).toBe('-A INPUT -m limit --limit 3/hour --limit-burst 20\n');
    expect(saveOf('-A INPUT -m limit --limit 1/sec --limit-burst 0', 'ipv4', 'nft')).toBe('-A INPUT -m limit --limit 1/sec\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m limit --limit 0/sec')).toBe('bad rate "0/sec"\'');
    expect(errOf('-A INPUT -m limit --limit 1/fortnight')).toBe('bad rate "1/fortnight"\'');
    expect(errOf('-A INPUT -m limit --limit 100000/sec')).toBe('Rate too fast "100000/sec"');
    expect(errOf('-A INPUT -m limit --limit -5/sec')).toBe('Rate too fast "-5/sec"');
    expect(errOf('-A INPUT -m limit ! --limit 1/sec')).toBe('limit: option "--limit" cannot be inverted.\n');
    expect(errOf('-A INPUT -m limit --limit 1/sec --limit-burst 10001')).toBe('limit: bad value for option "--limit-burst", or out of range (0-10000).\n');
  });
  it('legacy kernel refusals (ERANGE) and -L text', () => {
    expect(refusedOf('-A INPUT -m limit --limit 1/d', 'ipv4', 'legacy')).toBe(true);
    expect(refusedOf('-A INPUT -m limit --limit 1/d', 'ipv4', 'nft')).toBe(false);
    expect(refusedOf('-A INPUT -m limit --limit 1/sec --limit-burst 0', 'ipv4', 'legacy')).toBe(true);
    expect(refusedOf('-A INPUT -m limit --limit 1000/day', 'ipv4', 'legacy')).toBe(false);
    expect(listOf('-A INPUT -m limit --limit 2/sec --limit-burst 10000')).toBe(' limit: avg 2/sec burst 10000');
  });
});

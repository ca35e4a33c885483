// -m ecn: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/ecn.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['extra:ecn']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('ecn explicit (values from golden-extra/ecn.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -p tcp -m ecn --ecn-tcp-cwr')).toBe('-A INPUT -p tcp -m ecn --ecn-tcp-cwr\n');
    expect(saveOf('-A INPUT -p tcp -m ecn --ecn-tcp-ece')).toBe('-A INPUT -p tcp -m ecn --ecn-tcp-ece\n');
    expect(saveOf('-A INPUT -p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr --ecn-ip-ect 2')).toBe('-A INPUT -p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr --ecn-ip-ect 2\n');
    expect(saveOf('-A INPUT -p tcp -m ecn ! --ecn-tcp-ece ! --ecn-tcp-cwr ! --ecn-ip-ect 2')).toBe('-A INPUT -p tcp -m ecn ! --ecn-tcp-ece ! --ecn-tcp-cwr ! --ecn-ip-ect 2\n');
    expect(saveOf('-A INPUT -m ecn --ecn-ip-ect 0')).toBe('-A INPUT -m ecn --ecn-ip-ect 0\n');
    expect(saveOf('-A INPUT -m ecn ! --ecn-ip-ect 1')).toBe('-A INPUT -m ecn ! --ecn-ip-ect 1\n');
    expect(saveOf('-A INPUT -p udp -m ecn --ecn-ip-ect 1')).toBe('-A INPUT -p udp -m ecn --ecn-ip-ect 1\n');
    expect(saveOf('-A INPUT -p tcp -m ecn --ecn-ip-ect 0x2')).toBe('-A INPUT -p tcp -m ecn --ecn-ip-ect 2\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m ecn')).toBe('ECN match: some option required');
    expect(errOf('-A INPUT -p tcp -m ecn --ecn-ip-ect 4')).toBe('ecn: bad value for option "--ecn-ip-ect", or out of range (0-3).\n');
    expect(errOf('-A INPUT -p tcp -m ecn --ecn-ip-ect abc')).toBe('ecn: bad value for option "--ecn-ip-ect", or out of range (0-3).\n');
    expect(errOf('-A INPUT -p tcp -m ecn --ecn-tcp-cwr --ecn-tcp-cwr')).toBe('ecn: option "--ecn-tcp-cwr" can only be used once.\n');
  });
  it('kernel refusals and -L text', () => {
    expect(refusedOf('-A INPUT -m ecn --ecn-tcp-cwr')).toBe(true);
    expect(refusedOf('-A INPUT ! -p tcp -m ecn --ecn-tcp-cwr')).toBe(true);
    expect(refusedOf('-A INPUT -p udp -m ecn --ecn-ip-ect 1')).toBe(false);
    expect(listOf('-A INPUT -p tcp -m ecn ! --ecn-tcp-ece ! --ecn-tcp-cwr ! --ecn-ip-ect 2')).toBe(' ECN match !ECE !CWR !ECT=2');
  });
});

// -m state: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/state.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['state']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('state explicit (values from test/golden/rules/state.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT')).toBe('-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT\n');
    expect(saveOf('-A INPUT -m state --state NEW')).toBe('-A INPUT -m state --state NEW\n');
    expect(saveOf('-A INPUT -m state --state INVALID')).toBe('-A INPUT -m state --state INVALID\n');
    expect(saveOf('-A INPUT -m state --state UNTRACKED')).toBe('-A INPUT -m state --state UNTRACKED\n');
    expect(saveOf('-A INPUT -m state ! --state NEW')).toBe('-A INPUT -m state ! --state NEW\n');
    expect(saveOf('-A INPUT -m state --state new,related')).toBe('-A INPUT -m state --state NEW,RELATED\n');
    expect(saveOf('-A INPUT -m state --state NEW,ESTABLISHED,RELATED,INVALID,UNTRACKED')).toBe('-A INPUT -m state --state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED\n');
    expect(saveOf('-A INPUT -m state --state ESTABLISHED', 'ipv6')).toBe('-A INPUT -m state --state ESTABLISHED\n');
    expect(saveOf('-A INPUT -m state --state ESTABLISHED', 'ipv4', 'legacy')).toBe('-A INPUT -m state --state ESTABLISHED\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m state')).toBe('state: option "--state" must be specified\n');
    expect(errOf('-A INPUT -m state --state SNAT')).toBe('Bad state "SNAT"');
    expect(errOf('-A INPUT -m state --state NEW,')).toBe('"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED');
    expect(errOf('-A INPUT -m state --state NEW --state INVALID')).toBe('state: option "--state" can only be used once.\n');
    expect(errOf('-A INPUT -m state --ctstate NEW')).toBe('unknown option "--ctstate"');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m state ! --state NEW')).toBe(' ! state NEW');
  });
});

// -m conntrack: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/conntrack.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['conntrack']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('conntrack explicit (values from test/golden/rules/conntrack.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT')).toBe('-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n');
    expect(saveOf('-A INPUT -m conntrack --ctstate new,established')).toBe('-A INPUT -m conntrack --ctstate NEW,ESTABLISHED\n');
    expect(saveOf('-A INPUT -m conntrack ! --ctproto icmp')).toBe('-A INPUT -m conntrack ! --ctproto 1\n');
    expect(saveOf('-A INPUT -m conntrack ! --ctorigdst 198.51.100.7/255.255.255.0')).toBe('-A INPUT -m conntrack ! --ctorigdst 198.51.100.7/24\n');
    expect(saveOf('-A INPUT -m conntrack --ctreplsrc 203.0.113.9/32')).toBe('-A INPUT -m conntrack --ctreplsrc 203.0.113.9\n');
    expect(saveOf('-A INPUT -m conntrack --ctorigdstport 80:90')).toBe('-A INPUT -m conntrack --ctorigdstport 80:90\n');
    expect(saveOf('-A INPUT -m conntrack --ctorigsrcport 65536')).toBe('-A INPUT -m conntrack --ctorigsrcport 0\n');
    expect(saveOf('-A INPUT -m conntrack --ctorigsrcport ssh')).toBe('-A INPUT -m conntrack --ctorigsrcport 22\n');
    expect(saveOf('-A INPUT -m conntrack --ctstatus NONE')).toBe('-A INPUT -m conntrack --ctstatus NONE\n');
    expect(saveOf('-A INPUT -m conntrack ! --ctexpire 5:5')).toBe('-A INPUT -m conntrack ! --ctexpire 5\n');
    expect(saveOf('-A INPUT -m conntrack --ctexpire 100:10')).toBe('-A INPUT -m conntrack --ctexpire 100:10\n');
    expect(saveOf('-A INPUT -m conntrack --ctdir original')).toBe('-A INPUT -m conntrack --ctdir ORIGINAL\n');
    expect(saveOf('-A INPUT -m conntrack --ctstate NEW --ctproto tcp --ctorigdstport 22 --ctdir ORIGINAL')).toBe('-A INPUT -m conntrack --ctstate NEW --ctproto 6 --ctorigdstport 22 --ctdir ORIGINAL\n');
    expect(saveOf('-A INPUT -m conntrack ! --ctreplsrc 2001:db8:0:0:0:0:0:5', 'ipv6')).toBe('-A INPUT -m conntrack ! --ctreplsrc 2001:db8::5\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m conntrack')).toBe('conntrack: At least one option is required');
    expect(errOf('-A INPUT -m conntrack --ctstate NEW,')).toBe('Bad ctstate ""');
    expect(errOf('-A INPUT -m conntrack --ctstatus WRONG')).toBe('Bad ctstatus "WRONG"');
    expect(errOf('-A INPUT -m conntrack --ctdir BOTH')).toBe('conntrack: Bad value for "--ctdir" option: "BOTH"');
    expect(errOf('-A INPUT -m conntrack --ctexpire -1')).toBe('conntrack: bad value for option "--ctexpire" near "-1", or out of range (0-4294967295).\n');
    expect(errOf('-A INPUT -m conntrack --ctorigsrc 2001:db8::1')).toBe('getaddrinfo: Address family for hostname not supported\n');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m conntrack ! --ctstate NEW --ctstatus EXPECTED,SEEN_REPLY')).toBe(' ! ctstate NEW ctstatus EXPECTED,SEEN_REPLY');
    expect(listOf('-A INPUT -m conntrack --ctorigsrc 0.0.0.0/0', false)).toBe(' ctorigsrc anywhere');
    expect(listOf('-A INPUT -m conntrack --ctorigsrc 0.0.0.0/0', true)).toBe(' ctorigsrc 0.0.0.0/0');
  });
});

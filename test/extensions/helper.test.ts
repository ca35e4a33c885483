// -m helper: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/helper.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['helper']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('helper explicit (values from test/golden/rules/helper.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m helper --helper ftp -j ACCEPT')).toBe('-A INPUT -m helper --helper ftp -j ACCEPT\n');
    expect(saveOf('-A INPUT -m helper --helper sip')).toBe('-A INPUT -m helper --helper sip\n');
    expect(saveOf('-A INPUT -m helper --helper ftp-2121')).toBe('-A INPUT -m helper --helper ftp-2121\n');
    expect(saveOf('-A INPUT -m helper ! --helper irc')).toBe('-A INPUT -m helper ! --helper irc\n');
    expect(saveOf('-A INPUT -m helper --helper ""')).toBe('-A INPUT -m helper --helper ""\n');
    expect(saveOf('-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp')).toBe('-A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp\n');
    expect(saveOf('-A INPUT -m helper --helper abcdefghijklmnopqrstuvwxyz01234')).toBe('-A INPUT -m helper --helper abcdefghijklmnopqrstuvwxyz012\n');
    expect(saveOf('-A INPUT -m helper --helper tftp', 'ipv6')).toBe('-A INPUT -m helper --helper tftp\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m helper')).toBe('helper: option "--helper" must be specified\n');
    expect(errOf('-A INPUT -m helper --helper ftp --helper sip')).toBe('helper: option "--helper" can only be used once.\n');
    expect(errOf('-A INPUT -m helper --helper')).toBe('option "--helper" requires an argument');
    expect(errOf('-A INPUT -m helper --helpr ftp')).toBe('unknown option "--helpr"');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m helper ! --helper irc')).toBe(' helper match ! "irc"');
  });
});

// -m hashlimit: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/hashlimit.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['hashlimit']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('hashlimit explicit (values from test/golden/rules/hashlimit.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m hashlimit --hashlimit 10/min --hashlimit-name h2')).toBe('-A INPUT -m hashlimit --hashlimit-upto 10/min --hashlimit-burst 5 --hashlimit-name h2\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 7 --hashlimit-name h8')).toBe('-A INPUT -m hashlimit --hashlimit-upto 7/sec --hashlimit-burst 5 --hashlimit-name h8\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-mode dstport,srcip --hashlimit-name h12')).toBe('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-mode srcip,dstport --hashlimit-name h12\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-mode srcip --hashlimit-srcmask 32 --hashlimit-name h15')).toBe('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name h15\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-name h18 --hashlimit-htable-expire 10000 --hashlimit-htable-gcinterval 1000')).toBe('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name h18 --hashlimit-htable-expire 10000\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 4kb/s --hashlimit-burst 400kb --hashlimit-name h19')).toBe('-A INPUT -m hashlimit --hashlimit-upto 4kb/s --hashlimit-burst 400kb --hashlimit-name h19\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 123456b/s --hashlimit-burst 1mb --hashlimit-name h21')).toBe('-A INPUT -m hashlimit --hashlimit-upto 123456b/s --hashlimit-burst 1mb --hashlimit-name h21\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-above 512kb/m --hashlimit-name h22')).toBe('-A INPUT -m hashlimit --hashlimit-above 512/min --hashlimit-burst 5 --hashlimit-name h22\n');
    expect(saveOf('-A INPUT -m hashlimit --hashlimit-upto 40/sec --hashlimit-mode srcip --hashlimit-name h24 --hashlimit-rate-match --hashlimit-rate-interval 10')).toBe('-A INPUT -m hashlimit --hashlimit-upto 40/sec --hashlimit-burst 5 --hashlimit-mode srcip --hashlimit-name h24 --hashlimit-rate-match --hashlimit-rate-interval 10\n');
    expect(saveOf('-A INPUT -m hashlimit ! --hashlimit-upto 1/sec --hashlimit-name x10')).toBe('-A INPUT -m hashlimit --hashlimit-above 1/sec --hashlimit-burst 5 --hashlimit-name x10\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m hashlimit --hashlimit-name x1')).toBe('You have to specify --hashlimit');
    expect(errOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec')).toBe('hashlimit: option "--hashlimit-name" must be specified\n');
    expect(errOf('-A INPUT -m hashlimit --hashlimit-upto 0/sec --hashlimit-name x3')).toBe('hashlimit: Bad value for "--hashlimit-upto" option: "0/sec"');
    expect(errOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-mode nosuch --hashlimit-name x5')).toBe('hashlimit: Bad value for "--hashlimit-mode" option: "nosuch"');
    expect(errOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 0 --hashlimit-name x7')).toBe('bad value for option "--hashlimit-burst", or out of range (1-1000000).');
    expect(errOf('-A INPUT -m hashlimit --hashlimit-upto 96b/s --hashlimit-burst 5 --hashlimit-name x8')).toBe('burst cannot be smaller than 96b');
  });
  it('-L text and refusals', () => {
    expect(listOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-name x9 --hashlimit-rate-interval 10')).toBe(' limit: up to 6/min burst 5 htable-expire 1000');
    expect(listOf('-A INPUT -m hashlimit --hashlimit-upto 10mb/s --hashlimit-name h20')).toBe(' limit: up to 10mb/s');
    expect(refusedOf('-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-srcmask 33 --hashlimit-name x6')).toBe(true);
  });
});

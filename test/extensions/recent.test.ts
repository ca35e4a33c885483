// -m recent: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/recent.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['recent']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('recent explicit (values from test/golden/rules/recent.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m recent --set')).toBe('-A INPUT -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource\n');
    expect(saveOf('-A INPUT -m recent --set --name web --rdest')).toBe('-A INPUT -m recent --set --name web --mask 255.255.255.255 --rdest\n');
    expect(saveOf('-A INPUT -m recent --update --seconds 60 --hitcount 4 --name ssh -j DROP')).toBe('-A INPUT -m recent --update --seconds 60 --hitcount 4 --name ssh --mask 255.255.255.255 --rsource -j DROP\n');
    expect(saveOf('-A INPUT -m recent --rcheck --seconds 60 --reap --name ssh')).toBe('-A INPUT -m recent --rcheck --seconds 60 --reap --name ssh --mask 255.255.255.255 --rsource\n');
    expect(saveOf('-A INPUT -m recent --update --rttl')).toBe('-A INPUT -m recent --update --rttl --name DEFAULT --mask 255.255.255.255 --rsource\n');
    expect(saveOf('-A INPUT -m recent ! --rcheck --name foo')).toBe('-A INPUT -m recent ! --rcheck --name foo --mask 255.255.255.255 --rsource\n');
    expect(saveOf('-A INPUT -m recent --set --name m2 --mask 255.0.255.0')).toBe('-A INPUT -m recent --set --name m2 --mask 255.0.255.0 --rsource\n');
    expect(saveOf('-A INPUT -m recent --rcheck --seconds 4294967295 --name big')).toBe('-A INPUT -m recent --rcheck --seconds -1 --name big --mask 255.255.255.255 --rsource\n');
    expect(saveOf('-A INPUT -m recent --set --name "bad name"')).toBe('-A INPUT -m recent --set --name bad name --mask 255.255.255.255 --rsource\n');
    expect(saveOf('-A INPUT -m recent --rcheck --name v6m --mask ffff:ffff:ffff:ffff::', 'ipv6')).toBe('-A INPUT -m recent --rcheck --name v6m --mask ffff:ffff:ffff:ffff:: --rsource\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m recent')).toBe("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
    expect(errOf('-A INPUT -m recent --set --rcheck')).toBe('recent: option "--set" cannot be used together with "--rcheck".\n');
    expect(errOf('-A INPUT -m recent --set --rttl')).toBe('recent: option "--rttl" cannot be used together with "--set".\n');
    expect(errOf('-A INPUT -m recent --rcheck --reap --name foo')).toBe('recent: option "--reap" also requires "--seconds".\n');
    expect(errOf('-A INPUT -m recent --rcheck --seconds 0 --name zero')).toBe('recent: bad value for option "--seconds", or out of range (1-4294967295).\n');
  });
  it('-L text and refusals', () => {
    expect(listOf('-A INPUT -m recent --update --seconds 60 --hitcount 4 --name ssh')).toBe(' recent: UPDATE seconds: 60 hit_count: 4 name: ssh side: source mask: 255.255.255.255');
    expect(refusedOf('-A INPUT -m recent --set --seconds 10')).toBe(true);
    expect(refusedOf('-A INPUT -m recent --rcheck --seconds 10')).toBe(false);
  });
});

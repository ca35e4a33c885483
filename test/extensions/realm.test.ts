// -m realm: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/realm.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['extra:realm']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('realm explicit (values from golden-extra/realm.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m realm --realm 0x1/0x2a')).toBe('-A INPUT -m realm --realm 0x1/0x2a\n');
    expect(saveOf('-A INPUT -m realm --realm 0x2a')).toBe('-A INPUT -m realm --realm 0x2a\n');
    expect(saveOf('-A INPUT -m realm --realm 42')).toBe('-A INPUT -m realm --realm 0x2a\n');
    expect(saveOf('-A INPUT -m realm ! --realm 1')).toBe('-A INPUT -m realm ! --realm 0x1\n');
    expect(saveOf('-A INPUT -m realm --realm 4294967295')).toBe('-A INPUT -m realm --realm 0xffffffff\n');
    expect(saveOf('-A INPUT -m realm --realm 0/0')).toBe('-A INPUT -m realm --realm 0x0/0x0\n');
    expect(saveOf('-A INPUT -m realm --realm cosmos')).toBe('-A INPUT -m realm --realm cosmos\n');
    expect(saveOf('-A INPUT -m realm --realm 5/0xff')).toBe('-A INPUT -m realm --realm 0x5/0xff\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m realm')).toBe('realm: option "--realm" must be specified\n');
    expect(errOf('-A INPUT -m realm --realm nosuchrealm')).toBe('realm: could not map name nosuchrealm to an integer value for option "--realm".\n');
    expect(errOf('-A INPUT -m realm --realm 4294967296')).toBe('realm: could not map name 4294967296 to an integer value for option "--realm".\n');
    expect(errOf('-A INPUT -m realm --realm 1/')).toBe('realm: bad integer value for option "--realm", or out of range.\n');
    expect(errOf('-A INPUT -m realm --realm 1', 'ipv6')).toBe("Couldn't load match `realm':No such file or directory\n");
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m realm --realm cosmos', true)).toBe(' realm 0x0');
    expect(listOf('-A INPUT -m realm --realm cosmos', false)).toBe(' realm cosmos');
    expect(refusedOf('-t mangle -A PREROUTING -m realm --realm 1')).toBe(true);
  });
});

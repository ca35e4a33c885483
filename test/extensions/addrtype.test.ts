// -m addrtype: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/addrtype.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['addrtype']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('addrtype explicit (values from test/golden/rules/addrtype.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT')).toBe('-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT\n');
    expect(saveOf('-A INPUT -m addrtype --src-type UNSPEC')).toBe('-A INPUT -m addrtype --src-type UNSPEC\n');
    expect(saveOf('-A INPUT -m addrtype --dst-type local')).toBe('-A INPUT -m addrtype --dst-type LOCAL\n');
    expect(saveOf('-A INPUT -m addrtype --dst-type LOCAL,BROADCAST,MULTICAST')).toBe('-A INPUT -m addrtype --dst-type LOCAL,BROADCAST,MULTICAST\n');
    expect(saveOf('-A INPUT -m addrtype ! --src-type LOCAL ! --dst-type UNICAST')).toBe('-A INPUT -m addrtype ! --src-type LOCAL ! --dst-type UNICAST\n');
    expect(saveOf('-A INPUT -m addrtype --src-type LOCAL --limit-iface-in')).toBe('-A INPUT -m addrtype --src-type LOCAL --limit-iface-in\n');
    expect(saveOf('-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out')).toBe('-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out\n');
    expect(saveOf('-A INPUT -m addrtype --dst-type XRESOLVE')).toBe('-A INPUT -m addrtype --dst-type XRESOLVE\n');
    expect(saveOf('-A INPUT -m addrtype --src-type MULTICAST', 'ipv6')).toBe('-A INPUT -m addrtype --src-type MULTICAST\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m addrtype')).toBe('addrtype: you must specify --src-type or --dst-type');
    expect(errOf('-A INPUT -m addrtype --src-type wrong')).toBe('addrtype: bad type "wrong"');
    expect(errOf('-A INPUT -m addrtype --dst-type LOCAL,')).toBe('addrtype: bad type ""');
    expect(errOf('-A INPUT -m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out')).toBe('addrtype: option "--limit-iface-in" cannot be used together with "--limit-iface-out".\n');
    expect(errOf('-A INPUT -m addrtype --src-type LOCAL --src-type UNICAST')).toBe('addrtype: option "--src-type" can only be used once.\n');
  });
  it('kernel refusals and -L text', () => {
    expect(refusedOf('-A INPUT -m addrtype --src-type LOCAL --limit-iface-out')).toBe(true);
    expect(refusedOf('-A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in')).toBe(true);
    expect(refusedOf('-A FORWARD -m addrtype --src-type LOCAL --limit-iface-in')).toBe(false);
    expect(listOf('-A INPUT -m addrtype ! --src-type LOCAL ! --dst-type UNICAST')).toBe(' ADDRTYPE match src-type !LOCAL dst-type !UNICAST');
  });
});

// SECMARK, CONNSECMARK, AUDIT, LED, IDLETIMER, SYNPROXY targets. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/SECMARK-CONNSECMARK.cmds
//   /tmp/orc/run.py misc.txt (kernel-save with -S / -L -n / -L after each command) for the others.
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('filter');

describe('SECMARK / CONNSECMARK', () => {
  it('save forms', () => {
    expect(save('-t mangle -A INPUT -j CONNSECMARK --save')).toBe('-A INPUT -j CONNSECMARK --save\n');
    expect(save('-t security -A INPUT -j CONNSECMARK --restore')).toBe('-A INPUT -j CONNSECMARK --restore\n');
    expect(save('-t mangle -A OUTPUT -j CONNSECMARK --restore', 'ipv6')).toBe('-A OUTPUT -j CONNSECMARK --restore\n');
    expect(save('-t security -A INPUT -j SECMARK --selctx system_u:object_r:ssh_packet_t:s0')).toBe('-A INPUT -j SECMARK --selctx system_u:object_r:ssh_packet_t:s0\n');
  });
  it('errors', () => {
    expect(err('-t security -A INPUT -j SECMARK')).toBe('SECMARK: option "--selctx" must be specified\n');
    expect(err('-t mangle -A PREROUTING -j CONNSECMARK')).toBe('CONNSECMARK target: parameter required');
    expect(err('-t mangle -A PREROUTING -j CONNSECMARK --save --restore')).toBe('CONNSECMARK: option "--save" cannot be used together with "--restore".\n');
    expect(err('-t mangle -A PREROUTING -j CONNSECMARK --save --save')).toBe('CONNSECMARK: option "--save" can only be used once.\n');
  });
  it('kernel', () => {
    expect(kernel('iptables -t security -A INPUT -j SECMARK --selctx system_u:object_r:ssh_packet_t:s0')).toBe('enoent');
    expect(kernel('iptables -A INPUT -j SECMARK --selctx system_u:object_r:ssh_packet_t:s0', 'legacy')).toBe('kernel');
    expect(kernel('iptables -t nat -A PREROUTING -j CONNSECMARK --save')).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-t mangle -A INPUT -j CONNSECMARK --save')).toBe(' CONNSECMARK save');
    expect(list('-t security -A INPUT -j SECMARK --selctx a:b:c:s0')).toBe(' SECMARK selctx a:b:c:s0');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden SECMARK-CONNSECMARK (${flavor})`, () => {
      const r = checkGolden('SECMARK-CONNSECMARK', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(15);
    });
  }
});

describe('AUDIT', () => {
  it('save / errors / -L', () => {
    expect(save('-A INPUT -j AUDIT --type accept')).toBe('-A INPUT -j AUDIT --type accept\n');
    expect(save('-A INPUT -j AUDIT --type DROP')).toBe('-A INPUT -j AUDIT --type drop\n');
    expect(save('-A INPUT -j AUDIT --type Reject')).toBe('-A INPUT -j AUDIT --type reject\n');
    expect(save('-A INPUT -j AUDIT --type drop', 'ipv6')).toBe('-A INPUT -j AUDIT --type drop\n');
    expect(err('-A INPUT -j AUDIT --type foo')).toBe('Bad action type value "foo"');
    expect(err('-A INPUT -j AUDIT')).toBe('AUDIT: option "--type" must be specified\n');
    expect(list('-A INPUT -j AUDIT --type Reject')).toBe(' AUDIT reject');
  });
});

describe('IDLETIMER', () => {
  it('save / errors / kernel / -L', () => {
    expect(save('-A INPUT -j IDLETIMER --timeout 10 --label foo')).toBe('-A INPUT -j IDLETIMER --timeout 10 --label foo\n');
    expect(save('-A INPUT -j IDLETIMER --timeout 10 --label bar --alarm')).toBe('-A INPUT -j IDLETIMER --timeout 10 --label bar --alarm\n');
    expect(save('-A INPUT -j IDLETIMER --timeout 10 --label "a b"')).toBe('-A INPUT -j IDLETIMER --timeout 10 --label a b\n');
    expect(save('-A INPUT -j IDLETIMER --timeout 10 --label 0123456789012345678901234567890')).toBe('-A INPUT -j IDLETIMER --timeout 10 --label 012345678901234567890123456\n');
    expect(err('-A INPUT -j IDLETIMER --label nolabel')).toBe('IDLETIMER: option "--timeout" must be specified\n');
    expect(err('-A INPUT -j IDLETIMER --timeout 1')).toBe('IDLETIMER: option "--label" must be specified\n');
    expect(err('-A INPUT -j IDLETIMER --timeout x --label a')).toBe('IDLETIMER: bad value for option "--timeout", or out of range (0-4294967295).\n');
    expect(kernel('iptables -A INPUT -j IDLETIMER --timeout 0 --label zero')).toBe('kernel');
    expect(kernel('iptables -A INPUT -j IDLETIMER --timeout 2147483 --label big')).toBe('kernel');
    expect(kernel('iptables -A INPUT -j IDLETIMER --timeout 2147482 --label big2')).toBe('ok');
    expect(kernel('iptables -A INPUT -j IDLETIMER --timeout 5 --label a/b', 'legacy')).toBe('kernel');
    expect(list('-A INPUT -j IDLETIMER --timeout 10 --label bar --alarm')).toBe(' timeout:10 label:bar alarm');
  });
});

describe('SYNPROXY', () => {
  it('save / kernel / -L', () => {
    expect(save('-A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460 --ecn')).toBe('-A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460 --ecn\n');
    expect(save('-A INPUT -p tcp -j SYNPROXY --mss 70000 --wscale 300')).toBe('-A INPUT -p tcp -j SYNPROXY --wscale 44 --mss 4464\n');
    expect(save('-A INPUT -p tcp -j SYNPROXY')).toBe('-A INPUT -p tcp -j SYNPROXY\n');
    expect(save('-A INPUT -p tcp -j SYNPROXY --ecn --wscale 0', 'ipv6')).toBe('-A INPUT -p tcp -j SYNPROXY --wscale 0 --ecn\n');
    expect(save('-A INPUT -p tcp -j SYNPROXY --wscale 15 --timestamp --sack-perm')).toBe('-A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 15\n');
    expect(err('-A INPUT -p tcp -j SYNPROXY --mss 1 --mss 2')).toBe('SYNPROXY: option "--mss" can only be used once.\n');
    expect(err('-A INPUT -p tcp -j SYNPROXY --mss -1')).toBe('SYNPROXY: bad value for option "--mss", or out of range (0-4294967295).\n');
    expect(kernel('iptables -A INPUT -j SYNPROXY --mss 1460')).toBe('kernel');
    expect(kernel('iptables -A FORWARD ! -p tcp -j SYNPROXY --mss 1460', 'legacy')).toBe('kernel');
    expect(kernel('iptables -A OUTPUT -p tcp -j SYNPROXY')).toBe('kernel');
    expect(kernel('iptables -t mangle -A FORWARD -p tcp -j SYNPROXY')).toBe('ok');
    expect(list('-A INPUT -p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460 --ecn')).toBe(' SYNPROXY sack-perm timestamp wscale 7 mss 1460 ecn ');
    expect(list('-A INPUT -p tcp -j SYNPROXY')).toBe(' SYNPROXY ');
  });
});

describe('LED', () => {
  it('save / errors / -L (the reference kernel has no xt_LED: ENOENT)', () => {
    expect(save('-A INPUT -j LED --led-trigger-id x --led-delay infinity --led-always-blink')).toBe('-A INPUT -j LED --led-trigger-id "x" --led-delay -1 --led-always-blink\n');
    expect(save(`-A INPUT -j LED --led-trigger-id 'a"b' --led-delay 0`)).toBe('-A INPUT -j LED --led-trigger-id "a\\"b"\n');
    expect(err('-A INPUT -j LED --led-trigger-id 01234567890123456')).toBe('Argument must have a maximum length of 16 characters\n');
    expect(err('-A INPUT -j LED --led-delay 5')).toBe('LED: option "--led-trigger-id" must be specified\n');
    expect(err('-A INPUT -j LED --led-trigger-id x --led-delay bad')).toBe('Delay value must be within range 0..4294967295');
    expect(kernel('iptables -A INPUT -j LED --led-trigger-id x')).toBe('enoent');
    expect(list('-A INPUT -j LED --led-trigger-id x --led-delay inf')).toBe(' led-trigger-id:"x" led-delay:inf');
    expect(list('-A INPUT -j LED --led-trigger-id x --led-delay 20')).toBe(' led-trigger-id:"x" led-delay:20ms');
  });
});

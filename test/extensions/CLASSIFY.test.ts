// CLASSIFY, CHECKSUM, TTL and HL targets. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/CLASSIFY-CHECKSUM-TTL-HL.cmds
//   /tmp/orc/run.py tos.txt (kernel-save with -S / -L -n / -L after each command) for the -L texts.
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('mangle');

describe('CLASSIFY / CHECKSUM / TTL / HL', () => {
  it('CLASSIFY save forms', () => {
    expect(save('-A POSTROUTING -j CLASSIFY --set-class 1:10')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0001:0010\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class 1:10000')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0001:0000\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class ffff:ffff')).toBe('-A POSTROUTING -j CLASSIFY --set-class ffff:ffff\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class " 1: 2zz"')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0001:0002\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class 0x1:-1')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0001:ffff\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class abc:def')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0abc:0def\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class 2:3', 'ipv6')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0002:0003\n');
    expect(save('-A POSTROUTING -j CLASSIFY --set-class 0:0')).toBe('-A POSTROUTING -j CLASSIFY --set-class 0000:0000\n');
  });
  it('CHECKSUM / TTL / HL save forms', () => {
    expect(save('-A POSTROUTING -p udp --dport 68 -j CHECKSUM --checksum-fill')).toBe('-A POSTROUTING -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill\n');
    expect(save('-A POSTROUTING -j CHECKSUM --checksum-fill', 'ipv6')).toBe('-A POSTROUTING -j CHECKSUM --checksum-fill\n');
    expect(save('-A PREROUTING -j TTL --ttl-set 64')).toBe('-A PREROUTING -j TTL --ttl-set 64\n');
    expect(save('-A PREROUTING -j TTL --ttl-inc 1')).toBe('-A PREROUTING -j TTL --ttl-inc 1\n');
    expect(save('-A POSTROUTING -j TTL --ttl-dec 3')).toBe('-A POSTROUTING -j TTL --ttl-dec 3\n');
    expect(save('-A POSTROUTING -j TTL --ttl-set 0')).toBe('-A POSTROUTING -j TTL --ttl-set 0\n');
    expect(save('-A PREROUTING -j HL --hl-set 64', 'ipv6')).toBe('-A PREROUTING -j HL --hl-set 64\n');
    expect(save('-A PREROUTING -j HL --hl-dec 1', 'ipv6')).toBe('-A PREROUTING -j HL --hl-dec 1\n');
  });
  it('errors', () => {
    expect(err('-A POSTROUTING -j CLASSIFY')).toBe('CLASSIFY: option "--set-class" must be specified\n');
    expect(err('-A POSTROUTING -j CLASSIFY --set-class 10')).toBe('Bad class value "10"');
    expect(err('-A POSTROUTING -j CLASSIFY --set-class x:y')).toBe('Bad class value "x:y"');
    expect(err('-A POSTROUTING -j CHECKSUM')).toBe('CHECKSUM: option "--checksum-fill" must be specified\n');
    expect(err('-A PREROUTING -j TTL')).toBe('TTL: You must specify an action');
    expect(err('-A PREROUTING -j TTL --ttl-inc 0')).toBe('TTL: bad value for option "--ttl-inc", or out of range (1-255).\n');
    expect(err('-A PREROUTING -j TTL --ttl-set 1 --ttl-inc 1')).toBe('TTL: option "--ttl-set" cannot be used together with "--ttl-inc".\n');
    expect(err('-A PREROUTING -j HL --hl-set 1')).toBe('unknown option "--hl-set"');
    expect(err('-A PREROUTING -j TTL --ttl-set 1', 'ipv6')).toBe('unknown option "--ttl-set"');
    expect(err('-A PREROUTING -j HL', 'ipv6')).toBe('HL: You must specify an action');
  });
  it('kernel: hooks and tables', () => {
    expect(kernel('iptables -t mangle -A PREROUTING -j CLASSIFY --set-class 1:1')).toBe('kernel');
    expect(kernel('iptables -t nat -A POSTROUTING -j CLASSIFY --set-class 1:1', 'legacy')).toBe('ok');
    expect(kernel('iptables -A INPUT -j CHECKSUM --checksum-fill')).toBe('kernel');
    expect(kernel('ip6tables -A OUTPUT -j HL --hl-set 1')).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-A POSTROUTING -j CLASSIFY --set-class 0x1:-1')).toBe(' CLASSIFY set 1:ffff');
    expect(list('-A POSTROUTING -j CHECKSUM --checksum-fill')).toBe(' CHECKSUM fill');
    expect(list('-A POSTROUTING -j TTL --ttl-dec 3')).toBe(' TTL decrement by 3');
    expect(list('-A POSTROUTING -j TTL --ttl-set 3')).toBe(' TTL set to 3');
    expect(list('-A POSTROUTING -j HL --hl-inc 3', 'ipv6')).toBe(' HL increment by 3');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden CLASSIFY-CHECKSUM-TTL-HL (${flavor})`, () => {
      const r = checkGolden('CLASSIFY-CHECKSUM-TTL-HL', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(35);
    });
  }
});

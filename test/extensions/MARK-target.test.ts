// MARK (rev 2) and CONNMARK (rev 2) targets. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/MARK-CONNMARK.cmds   (golden files)
//   /tmp/orc/run.py mk.txt (kernel-save with -S / -L -n / -L after each command) for shifts and -L texts.
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('mangle');

describe('MARK', () => {
  it('save forms', () => {
    expect(save('-A PREROUTING -j MARK --set-mark 1')).toBe('-A PREROUTING -j MARK --set-xmark 0x1/0xffffffff\n');
    expect(save('-A PREROUTING -j MARK --set-mark 0x10/0xff')).toBe('-A PREROUTING -j MARK --set-xmark 0x10/0xff\n');
    expect(save('-A PREROUTING -j MARK --set-xmark 0xfeedcafe/0xfeedcafe')).toBe('-A PREROUTING -j MARK --set-xmark 0xfeedcafe/0xfeedcafe\n');
    expect(save('-A PREROUTING -j MARK --set-xmark 4294967295')).toBe('-A PREROUTING -j MARK --set-xmark 0xffffffff/0xffffffff\n');
    expect(save('-A PREROUTING -j MARK --and-mark 0xff')).toBe('-A PREROUTING -j MARK --set-xmark 0x0/0xffffff00\n');
    expect(save('-A PREROUTING -j MARK --or-mark 0x100')).toBe('-A PREROUTING -j MARK --set-xmark 0x100/0x100\n');
    expect(save('-A PREROUTING -j MARK --xor-mark 0x3')).toBe('-A PREROUTING -j MARK --set-xmark 0x3/0x0\n');
    expect(save('-A PREROUTING -j MARK --set-mark 0x2a', 'ipv6')).toBe('-A PREROUTING -j MARK --set-xmark 0x2a/0xffffffff\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -j MARK')).toBe('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
    expect(err('-A PREROUTING -j MARK --set-mark 4294967296')).toBe('MARK: bad integer value for option "--set-mark", or out of range.\n');
    expect(err('-A PREROUTING -j MARK --set-mark 1 --and-mark 2')).toBe('MARK: option "--set-mark" cannot be used together with "--and-mark".\n');
    expect(err('-A PREROUTING -j MARK --set-mark 1 --set-mark 2')).toBe('MARK: option "--set-mark" can only be used once.\n');
    expect(err('-A PREROUTING -j MARK --and-mark 1/2')).toBe('MARK: bad value for option "--and-mark", or out of range (0-4294967295).\n');
    expect(err('-A PREROUTING -j MARK ! --set-mark 1')).toBe('MARK: option "--set-mark" cannot be inverted.\n');
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -j MARK --set-mark 0x10/0xff')).toBe(' MARK xset 0x10/0xff');
    expect(list('-A PREROUTING -j MARK --and-mark 0xff')).toBe(' MARK and 0xff');
    expect(list('-A PREROUTING -j MARK --or-mark 0x100')).toBe(' MARK or 0x100');
    expect(list('-A PREROUTING -j MARK --xor-mark 3')).toBe(' MARK xor 0x3');
    expect(list('-A PREROUTING -j MARK --set-mark 7')).toBe(' MARK set 0x7');
    expect(list('-A PREROUTING -j MARK --set-mark 0')).toBe(' MARK and 0x0');
  });
});

describe('CONNMARK', () => {
  it('save forms', () => {
    expect(save('-A PREROUTING -j CONNMARK --set-mark 0x10/0xf0')).toBe('-A PREROUTING -j CONNMARK --set-xmark 0x10/0xf0\n');
    expect(save('-A PREROUTING -j CONNMARK --and-mark 0xff')).toBe('-A PREROUTING -j CONNMARK --set-xmark 0x0/0xffffff00\n');
    expect(save('-A PREROUTING -j CONNMARK --save-mark')).toBe('-A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff\n');
    expect(save('-A PREROUTING -j CONNMARK --restore-mark --mask 0xff')).toBe('-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff\n');
    expect(save('-A PREROUTING -j CONNMARK --restore-mark --ctmask 0xf0')).toBe('-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xf0\n');
    expect(save('-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 3')).toBe('-A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 3\n');
    expect(save('-A PREROUTING -j CONNMARK --set-mark 5 --left-shift-mark 2')).toBe('-A PREROUTING -j CONNMARK --set-xmark 0x5/0xffffffff --left-shift-mark 2\n');
    expect(save('-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 1 --right-shift-mark 2')).toBe('-A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff --right-shift-mark 2\n');
    expect(save('-A PREROUTING -j CONNMARK --set-mark 1 --nfmask 0xf')).toBe('-A PREROUTING -j CONNMARK --set-xmark 0x1/0xffffffff\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -j CONNMARK')).toBe('CONNMARK target: No operation specified');
    expect(err('-A PREROUTING -j CONNMARK --mask 0xff')).toBe('CONNMARK target: No operation specified');
    expect(err('-A PREROUTING -j CONNMARK --set-mark 1 --save-mark')).toBe('CONNMARK: option "--set-mark" cannot be used together with "--save-mark".\n');
    expect(err('-A PREROUTING -j CONNMARK --save-mark --mask 0xff --nfmask 0xf')).toBe('CONNMARK: option "--nfmask" cannot be used together with "--mask".\n');
    expect(err('-A PREROUTING -j CONNMARK --restore-mark --right-shift-mark 33')).toBe('CONNMARK: bad value for option "--right-shift-mark", or out of range (0-32).\n');
  });
  it('kernel: shift 32', () => {
    expect(kernel('iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --right-shift-mark 32 --nfmask 0xf')).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -j CONNMARK --save-mark --left-shift-mark 3')).toBe(' CONNMARK save left-shift-mark 3');
    expect(list('-A PREROUTING -j CONNMARK --set-mark 5 --left-shift-mark 2')).toBe(' CONNMARK set 0x5 left-shift-mark 2');
    expect(list('-A PREROUTING -j CONNMARK --save-mark --ctmask 0xf0 --nfmask 0xf')).toBe(' CONNMARK save nfmask 0xf ctmask ~0xf0');
    expect(list('-A PREROUTING -j CONNMARK --restore-mark --ctmask 0xf0 --nfmask 0xf')).toBe(' CONNMARK restore ctmask 0xf0 nfmask ~0xf');
    expect(list('-A PREROUTING -j CONNMARK --save-mark --mask 0xff')).toBe(' CONNMARK save mask 0xff');
    expect(list('-A PREROUTING -j CONNMARK --set-xmark 0x5/0x7')).toBe(' CONNMARK xset 0x5/0x7');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden MARK-CONNMARK (${flavor})`, () => {
      const r = checkGolden('MARK-CONNMARK', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(40);
    });
  }
});

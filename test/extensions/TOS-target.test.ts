// TOS (rev 1) and DSCP targets. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/TOS-DSCP.cmds   (golden files)
//   /tmp/orc/run.py tos.txt (kernel-save with -S / -L -n / -L after each command) for the -L texts.
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('mangle');

describe('TOS target', () => {
  it('save forms', () => {
    expect(save('-A PREROUTING -j TOS --set-tos 0x1f')).toBe('-A PREROUTING -j TOS --set-tos 0x1f/0xff\n');
    expect(save('-A PREROUTING -j TOS --set-tos Minimize-Delay')).toBe('-A PREROUTING -j TOS --set-tos 0x10/0x3f\n');
    expect(save('-A PREROUTING -j TOS --set-tos normal-service')).toBe('-A PREROUTING -j TOS --set-tos 0x00/0x3f\n');
    expect(save('-A PREROUTING -j TOS --and-tos 0x12')).toBe('-A PREROUTING -j TOS --set-tos 0x00/0xed\n');
    expect(save('-A PREROUTING -j TOS --or-tos 0x12')).toBe('-A PREROUTING -j TOS --set-tos 0x12/0x12\n');
    expect(save('-A PREROUTING -j TOS --xor-tos 0x12')).toBe('-A PREROUTING -j TOS --set-tos 0x12/0x00\n');
    expect(save('-A PREROUTING -j TOS --set-tos 16')).toBe('-A PREROUTING -j TOS --set-tos 0x10/0xff\n');
    expect(save('-A PREROUTING -j TOS --set-tos 0x08', 'ipv6')).toBe('-A PREROUTING -j TOS --set-tos 0x08/0xff\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -j TOS')).toBe('TOS: An action is required');
    expect(err('-A PREROUTING -j TOS --set-tos wrong')).toBe('Symbolic name "wrong" is unknown');
    expect(err('-A PREROUTING -j TOS --set-tos 0x100')).toBe('Symbolic name "0x100" is unknown');
    expect(err('-A PREROUTING -j TOS --set-tos 1/')).toBe('Illegal value: "1/"');
    expect(err('-A PREROUTING -j TOS --set-tos 1 --and-tos 2')).toBe('TOS: option "--set-tos" cannot be used together with "--and-tos".\n');
  });
  it('kernel: mangle only', () => {
    expect(kernel('iptables -A INPUT -j TOS --set-tos 0x10')).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -j TOS --set-tos Minimize-Delay', 'ipv4', false)).toBe(' TOS setMinimize-Delay');
    expect(list('-A PREROUTING -j TOS --set-tos Minimize-Delay', 'ipv4', true)).toBe(' TOS set 0x10/0x3f');
    expect(list('-A PREROUTING -j TOS --and-tos 0x12', 'ipv4', false)).toBe(' TOS and 0x12');
    expect(list('-A PREROUTING -j TOS --or-tos 0x12', 'ipv4', false)).toBe(' TOS or 0x12');
    expect(list('-A PREROUTING -j TOS --xor-tos 0x12', 'ipv4', false)).toBe(' TOS xor 0x12');
    expect(list('-A PREROUTING -j TOS --set-tos 0x20/0x3f', 'ipv4', false)).toBe(' TOS set 0x20/0x3f');
  });
});

describe('DSCP target', () => {
  it('save forms', () => {
    expect(save('-A PREROUTING -j DSCP --set-dscp 0x3f')).toBe('-A PREROUTING -j DSCP --set-dscp 0x3f\n');
    expect(save('-A PREROUTING -j DSCP --set-dscp 46')).toBe('-A PREROUTING -j DSCP --set-dscp 0x2e\n');
    expect(save('-A PREROUTING -j DSCP --set-dscp-class BE')).toBe('-A PREROUTING -j DSCP --set-dscp 0x00\n');
    expect(save('-A PREROUTING -j DSCP --set-dscp-class AF41')).toBe('-A PREROUTING -j DSCP --set-dscp 0x22\n');
    expect(save('-A PREROUTING -j DSCP --set-dscp-class cs6')).toBe('-A PREROUTING -j DSCP --set-dscp 0x30\n');
    expect(save('-A PREROUTING -j DSCP --set-dscp-class af11xyz')).toBe('-A PREROUTING -j DSCP --set-dscp 0x0a\n');
    expect(save('-A POSTROUTING -j DSCP --set-dscp-class AF11', 'ipv6')).toBe('-A POSTROUTING -j DSCP --set-dscp 0x0a\n');
    expect(save('-A PREROUTING -j DSCP --set-dscp-class EF')).toBe('-A PREROUTING -j DSCP --set-dscp 0x2e\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -j DSCP')).toBe('DSCP target: Parameter --set-dscp is required');
    expect(err('-A PREROUTING -j DSCP --set-dscp 0x40')).toBe('DSCP: bad value for option "--set-dscp", or out of range (0-63).\n');
    expect(err('-A PREROUTING -j DSCP --set-dscp 0x3f --set-dscp-class CS0')).toBe('DSCP: option "--set-dscp" cannot be used together with "--set-dscp-class".\n');
    expect(err('-A PREROUTING -j DSCP --set-dscp-class XX')).toBe("Invalid DSCP value `XX'");
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -j DSCP --set-dscp-class af11xyz')).toBe(' DSCP set 0x0a');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden TOS-DSCP (${flavor})`, () => {
      const r = checkGolden('TOS-DSCP', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(30);
    });
  }
});

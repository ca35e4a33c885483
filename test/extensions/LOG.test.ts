// LOG and NFLOG targets. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/LOG-NFLOG.cmds   (golden files)
//   /tmp/orc/run.py log.txt (kernel-save with -S / -L -n / -L after each command) for the -L texts.
import { describe, expect, it } from 'vitest';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import { findTarget } from '../../src/extensions/registry.js';
import { parseCommand } from '../../src/syntax/command.js';
import type { Family, Flavor } from '../../src/model/ruleset.js';
import { checkGolden } from './target-golden.js';

const save = (line: string, flavor: Flavor = 'nft', family: Family = 'ipv4') => saveLinesFor(line.split(' '), family, flavor, 'filter');
const err = (line: string) => {
  try {
    save(line);
  } catch (e) {
    if (e instanceof XtError) return e.message;
    throw e;
  }
  throw new Error('no error');
};
/** -L options column text of the rule's target */
const list = (words: string[], numeric: boolean) => {
  const cmd = parseCommand(words, { family: 'ipv4', flavor: 'nft', restore: false });
  const r = cmd.rules[0];
  if (r.target.kind !== 'ext') throw new Error('no target');
  return findTarget(r.target.ext.name, 'ipv4')!.print(r.target.ext, { family: 'ipv4', flavor: 'nft', numeric, rule: r });
};

describe('LOG', () => {
  it('save forms', () => {
    expect(save('-A INPUT -j LOG')).toBe('-A INPUT -j LOG\n');
    expect(save('-A INPUT -j LOG --log-level 4')).toBe('-A INPUT -j LOG\n');
    expect(save('-A INPUT -j LOG --log-level warning')).toBe('-A INPUT -j LOG\n');
    expect(save('-A INPUT -j LOG --log-level debug')).toBe('-A INPUT -j LOG --log-level 7\n');
    expect(save('-A INPUT -j LOG --log-level panic --log-prefix abc')).toBe('-A INPUT -j LOG --log-prefix abc --log-level 0\n');
    expect(save('-A INPUT -j LOG --log-level 0x3')).toBe('-A INPUT -j LOG --log-level 3\n');
    expect(saveLinesFor(['-A', 'INPUT', '-j', 'LOG', '--log-prefix', 'it"s \\x', '--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid', '--log-macdecode'], 'ipv4', 'legacy'))
      .toBe('-A INPUT -j LOG --log-prefix "it\\"s \\\\x" --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode\n');
    expect(save('-A INPUT -j LOG --log-macdecode --log-uid')).toBe('-A INPUT -j LOG --log-uid --log-macdecode\n');
    expect(save('-A INPUT -j LOG --log-prefix 0123456789012345678901234567890123456789')).toBe('-A INPUT -j LOG --log-prefix 01234567890123456789012345678\n');
    expect(saveLinesFor(['-A', 'INPUT', '-j', 'LOG', '--log-level', ' 3'], 'ipv4', 'nft')).toBe('-A INPUT -j LOG --log-level 3\n');
    expect(saveLinesFor(['-A', 'INPUT', '-j', 'LOG', '--log-prefix', 'v6 ', '--log-level', '7'], 'ipv6', 'nft')).toBe('-A INPUT -j LOG --log-prefix "v6 " --log-level 7\n');
  });
  it('errors', () => {
    expect(err('-A INPUT -j LOG --log-level 8')).toBe('log level "8" unknown\n');
    expect(err('-A INPUT -j LOG --log-level warn')).toBe('log level "warn" unknown\n');
    expect(err('-A INPUT -j LOG --log-level ERROR')).toBe('log level "ERROR" unknown\n');
    expect(err('-A INPUT -j LOG --log-uid --log-uid')).toBe('LOG: option "--log-uid" can only be used once.\n');
    expect(err('-A INPUT -j LOG --log-level')).toBe('option "--log-level" requires an argument');
    expect(saveLinesFor.bind(null, ['-A', 'INPUT', '-j', 'LOG', '--log-prefix', ''], 'ipv4', 'nft')).toThrow('Argument must have a minimum length of 1 characters\n');
    expect(saveLinesFor.bind(null, ['-A', 'INPUT', '-j', 'LOG', '--log-prefix', 'a\nb'], 'ipv4', 'nft')).toThrow('Newlines not allowed in --log-prefix');
  });
  it('-L text', () => {
    const w = ['-A', 'INPUT', '-j', 'LOG', '--log-prefix', 'it"s \\x', '--log-tcp-sequence', '--log-tcp-options', '--log-ip-options', '--log-uid', '--log-macdecode'];
    expect(list(w, true)).toBe(' LOG flags 47 level 4 prefix "it"s \\x"');
    expect(list(w, false)).toBe(' LOG level warn tcp-sequence tcp-options ip-options uid macdecode prefix "it"s \\x"');
    expect(list(['-A', 'INPUT', '-j', 'LOG', '--log-level', '0x3'], false)).toBe(' LOG level err');
    expect(list(['-A', 'INPUT', '-j', 'LOG', '--log-macdecode', '--log-uid'], true)).toBe(' LOG flags 40 level 4');
  });
});

describe('NFLOG', () => {
  it('save forms', () => {
    expect(save('-A INPUT -j NFLOG')).toBe('-A INPUT -j NFLOG\n');
    expect(save('-A INPUT -j NFLOG --nflog-group 0')).toBe('-A INPUT -j NFLOG\n');
    expect(save('-A INPUT -j NFLOG --nflog-group 65535')).toBe('-A INPUT -j NFLOG --nflog-group 65535\n');
    expect(save('-A INPUT -j NFLOG --nflog-size 0')).toBe('-A INPUT -j NFLOG --nflog-size 0\n');
    expect(save('-A INPUT -j NFLOG --nflog-threshold 1')).toBe('-A INPUT -j NFLOG --nflog-threshold 1\n');
    expect(save('-A INPUT -j NFLOG --nflog-group 5 --nflog-prefix p --nflog-size 64 --nflog-threshold 10'))
      .toBe('-A INPUT -j NFLOG --nflog-prefix p --nflog-group 5 --nflog-size 64 --nflog-threshold 10\n');
    expect(save('-A INPUT -j NFLOG --nflog-range 7', 'nft')).toBe('-A INPUT -j NFLOG\n');
    expect(save('-A INPUT -j NFLOG --nflog-range 7', 'legacy')).toBe('-A INPUT -j NFLOG --nflog-range 7\n');
    expect(save(`-A INPUT -j NFLOG --nflog-prefix ${'x'.repeat(70)}`, 'nft')).toBe(`-A INPUT -j NFLOG --nflog-prefix ${'x'.repeat(70)}\n`);
    expect(save(`-A INPUT -j NFLOG --nflog-prefix ${'x'.repeat(70)}`, 'legacy')).toBe(`-A INPUT -j NFLOG --nflog-prefix ${'x'.repeat(63)}\n`);
  });
  it('errors', () => {
    expect(err('-A INPUT -j NFLOG --nflog-group 65536')).toBe('NFLOG: bad value for option "--nflog-group", or out of range (0-65535).\n');
    expect(err('-A INPUT -j NFLOG --nflog-size 4294967296')).toBe('NFLOG: bad value for option "--nflog-size", or out of range (0-4294967295).\n');
    expect(err('-A INPUT -j NFLOG --nflog-size 1 --nflog-range 1')).toBe('NFLOG: option "--nflog-range" cannot be used together with "--nflog-size".\n');
    expect(err('-A INPUT -j NFLOG --nflog-threshold -1')).toBe('NFLOG: bad value for option "--nflog-threshold", or out of range (0-65535).\n');
  });
  it('-L text', () => {
    expect(list(['-A', 'INPUT', '-j', 'NFLOG', '--nflog-prefix', 'a b', '--nflog-group', '3', '--nflog-size', '10', '--nflog-threshold', '2'], true))
      .toBe(' nflog-prefix "a b" nflog-group 3 nflog-size 10 nflog-threshold 2');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden LOG-NFLOG (${flavor})`, () => {
      const r = checkGolden('LOG-NFLOG', flavor, (l) => l.includes('ULOG'));
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(50);
    });
  }
});

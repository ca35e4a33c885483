// -m socket: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/more-matches-ext4.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/socket.cmds
// The full captures are replayed too (save lines, error texts, -L options column, kernel refusals).
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/syntax/command.js';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import type { Family, Flavor, TableName } from '../../src/model/ruleset.js';
import { listOptions } from './golden-rules.js';
import { refusal, replayExt } from './golden-replay-ext.js';

const setup = (_group: string) => undefined;
const save = (words: string[], family: Family, flavor: Flavor = 'nft') => saveLinesFor(words, family, flavor);
const err = (words: string[], family: Family) => {
  try {
    saveLinesFor(words, family, 'nft');
  } catch (e) {
    if (e instanceof XtError) return e.message;
    throw e;
  }
  throw new Error('no error');
};
const kernel = (words: string[], family: Family) => {
  const cmd = parseCommand(words, { family, flavor: 'nft', restore: false });
  return cmd.rules.map((r) => refusal(r, family, cmd.table as TableName, cmd.chain ?? '')).find(Boolean);
};
const listOf = (line: string, family: Family, table: string, flavor: Flavor = 'nft') => {
  const cmd = parseCommand(['-t', table, ...splitSave(line)], { family, flavor, restore: false });
  return listOptions(cmd.rules[0], family, flavor);
};
/** iptables-save words: double-quoted strings with \\ and \" escapes */
function splitSave(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

const SKIP = (_cmd: string, _want: string, _got: string) => false;

const VALID: [string, string[], Family, string][] = [
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "-j", "ACCEPT"], "ipv4", "-A PREROUTING -m socket -j ACCEPT\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--transparent"], "ipv4", "-A PREROUTING -m socket --transparent\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--transparent", "--nowildcard"], "ipv4", "-A PREROUTING -m socket --transparent --nowildcard\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--transparent", "--nowildcard", "--restore-skmark"], "ipv4", "-A PREROUTING -m socket --transparent --nowildcard --restore-skmark\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--restore-skmark"], "ipv4", "-A PREROUTING -m socket --restore-skmark\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--nowildcard"], "ipv4", "-A PREROUTING -m socket --nowildcard\n"],
  ["socket", ["-t", "mangle", "-A", "INPUT", "-m", "socket", "--transparent"], "ipv4", "-A INPUT -m socket --transparent\n"],
  ["socket", ["-A", "INPUT", "-m", "socket"], "ipv4", "-A INPUT -m socket\n"],
  ["socket", ["-t", "raw", "-A", "PREROUTING", "-m", "socket"], "ipv4", "-A PREROUTING -m socket\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--transparent"], "ipv6", "-A PREROUTING -m socket --transparent\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "!", "--transparent"], "ipv4", "socket: option \"--transparent\" cannot be inverted.\n"],
  ["socket", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--foo"], "ipv4", "unknown option \"--foo\""],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "--nowildcard", "--nowildcard"], "ipv4", "socket: option \"--nowildcard\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "PREROUTING", "-m", "socket", "!", "--restore-skmark"], "ipv4", "socket: option \"--restore-skmark\" cannot be inverted.\n"],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "INPUT", "-m", "socket", "!", "--nowildcard"], "ipv4", "socket: option \"--nowildcard\" cannot be inverted.\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["socket", ["-t", "mangle", "-A", "OUTPUT", "-m", "socket"], "ipv4", "EINVAL"],
  ["socket", ["-t", "mangle", "-A", "FORWARD", "-m", "socket"], "ipv4", "EINVAL"],
  ["socket", ["-t", "mangle", "-A", "POSTROUTING", "-m", "socket"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["socket", "ipv4", "mangle", "-A PREROUTING -m socket -j ACCEPT", " socket"],
  ["socket", "ipv4", "mangle", "-A PREROUTING -m socket --transparent", " socket --transparent"],
  ["socket", "ipv4", "mangle", "-A PREROUTING -m socket --transparent --nowildcard", " socket --transparent --nowildcard"],
  ["socket", "ipv4", "mangle", "-A PREROUTING -m socket --transparent --nowildcard --restore-skmark", " socket --transparent --nowildcard --restore-skmark"],
  ["socket", "ipv4", "mangle", "-A PREROUTING -m socket --restore-skmark", " socket --restore-skmark"],
  ["socket", "ipv4", "mangle", "-A PREROUTING -m socket --nowildcard", " socket --nowildcard"],
];

describe('socket', () => {
  it.each(VALID)('%s: %j saves exactly', (group, words, family, want) => {
    setup(group);
    expect(save(words, family)).toBe(want);
    expect(save(words, family, 'legacy')).toBe(want);
  });
  it.each(INVALID)('%s: %j is refused with the tool\'s message', (group, words, family, want) => {
    setup(group);
    expect(err(words, family)).toBe(want);
  });
  it.each(KERNEL)('%s: %j is refused by the kernel', (group, words, family, want) => {
    setup(group);
    expect(kernel(words, family)).toBe(want);
  });
  it.each(LIST)('%s: -L options of %s %s %s', (group, family, table, line, want) => {
    setup(group);
    expect(listOf(line, family, table)).toBe(want);
  });
  it.each(["socket", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

// -m eui64: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/more-matches-ext4.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/rt-hbh-dst-eui64.cmds
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
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "eui64", "-j", "ACCEPT"], "ipv6", "-A INPUT -m eui64 -j ACCEPT\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "FORWARD", "-m", "eui64"], "ipv6", "-A FORWARD -m eui64\n"],
  ["extra:rt-hbh-dst-eui64", ["-t", "mangle", "-A", "PREROUTING", "-m", "eui64"], "ipv6", "-A PREROUTING -m eui64\n"],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "INPUT", "-m", "eui64"], "ipv6", "-A INPUT -m eui64\n"],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "FORWARD", "-m", "eui64"], "ipv6", "-A FORWARD -m eui64\n"],
  ["extra:more-matches-ext4", ["-t", "raw", "-A", "PREROUTING", "-m", "eui64"], "ipv6", "-A PREROUTING -m eui64\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-s", "2001:db8::/64", "-m", "eui64", "-j", "DROP"], "ipv6", "-A INPUT -s 2001:db8::/64 -m eui64 -j DROP\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "eui64", "-m", "eui64"], "ipv6", "-A INPUT -m eui64 -m eui64\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "eui64", "--foo"], "ipv6", "unknown option \"--foo\""],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "eui64"], "ipv4", "Couldn't load match `eui64':No such file or directory\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "!", "-m", "eui64"], "ipv6", "unexpected ! flag before --match"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["extra:rt-hbh-dst-eui64", ["-A", "OUTPUT", "-m", "eui64"], "ipv6", "EINVAL"],
  ["extra:rt-hbh-dst-eui64", ["-t", "mangle", "-A", "POSTROUTING", "-m", "eui64"], "ipv6", "EINVAL"],
  ["extra:more-matches-ext4", ["-t", "raw", "-A", "OUTPUT", "-m", "eui64"], "ipv6", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:rt-hbh-dst-eui64", "ipv6", "mangle", "-A PREROUTING -m eui64", ""],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m eui64 -j ACCEPT", ""],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A FORWARD -m eui64", ""],
  ["extra:more-matches-ext4", "ipv6", "mangle", "-A INPUT -m eui64", ""],
  ["extra:more-matches-ext4", "ipv6", "mangle", "-A FORWARD -m eui64", ""],
  ["extra:more-matches-ext4", "ipv6", "raw", "-A PREROUTING -m eui64", ""],
];

describe('eui64', () => {
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
  it.each(["extra:rt-hbh-dst-eui64", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

describe('eui64 -L per backend', () => {
  it('legacy prints the bare extension name, nft nothing (captured in more-matches-ext4 / rt-hbh-dst-eui64)', () => {
    expect(listOf('-A INPUT -m eui64 -j ACCEPT', 'ipv6', 'filter', 'legacy')).toBe('eui64 ');
    expect(listOf('-A INPUT -m eui64 -j ACCEPT', 'ipv6', 'filter', 'nft')).toBe('');
  });
});

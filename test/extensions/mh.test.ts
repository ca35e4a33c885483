// -m mh: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/ipcomp-mh.cmds
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
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "binding-update", "-j", "ACCEPT"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 5 -j ACCEPT\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "--mh-type", "bu"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 5\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "!", "--mh-type", "5"], "ipv6", "-A INPUT -p mobility-header -m mh ! --mh-type 5\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "1:3"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 1:3\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "home-test"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 3\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "hoti:cot"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 1:4\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", ":4"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 0:4\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "4:"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 4:255\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "200"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 200\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh"], "ipv6", "-A INPUT -p mobility-header -m mh\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "135", "-m", "mh", "--mh-type", "b"], "ipv6", "-A INPUT -p mobility-header -m mh --mh-type 0\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "0:255"], "ipv6", "-A INPUT -p mobility-header -m mh\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "5:1"], "ipv6", "Invalid MH type range (min > max)"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "foo"], "ipv6", "Invalid MH type `foo'"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "256"], "ipv6", "Invalid MH type `256'"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mobility-header", "--mh-type", "5"], "ipv6", "unknown option \"--mh-type\""],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipv6-mh", "--mh-type", "5"], "ipv6", "unknown option \"--mh-type\""],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "mh", "-m", "mh", "--mh-type", "5"], "ipv4", "Couldn't load match `mh':No such file or directory\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["extra:ipcomp-mh", ["-A", "INPUT", "-m", "mh", "--mh-type", "5"], "ipv6", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:ipcomp-mh", "ipv6", "filter", "-A INPUT -p mobility-header -m mh --mh-type 5 -j ACCEPT", " mh 5"],
  ["extra:ipcomp-mh", "ipv6", "filter", "-A INPUT -p mobility-header -m mh --mh-type 5", " mh 5"],
  ["extra:ipcomp-mh", "ipv6", "filter", "-A INPUT -p mobility-header -m mh ! --mh-type 5", " mh !5"],
  ["extra:ipcomp-mh", "ipv6", "filter", "-A INPUT -p mobility-header -m mh --mh-type 1:3", " mh 1:3"],
  ["extra:ipcomp-mh", "ipv6", "filter", "-A INPUT -p mobility-header -m mh --mh-type 3", " mh 3"],
  ["extra:ipcomp-mh", "ipv6", "filter", "-A INPUT -p mobility-header -m mh --mh-type 1:4", " mh 1:4"],
];

describe('mh', () => {
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
  it.each(["extra:ipcomp-mh"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

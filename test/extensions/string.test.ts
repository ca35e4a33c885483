// -m string: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/string-extra.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/string.cmds
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
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "test", "-j", "DROP"], "ipv4", "-A INPUT -m string --string \"test\" --algo bm -j DROP\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--string", "test", "--algo", "kmp"], "ipv4", "-A INPUT -m string --string \"test\" --algo kmp\n"],
  ["string", ["-A", "INPUT", "-m", "string", "!", "--string", "test", "--algo", "kmp"], "ipv4", "-A INPUT -m string ! --string \"test\" --algo kmp\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "GET /index.html"], "ipv4", "-A INPUT -m string --string \"GET /index.html\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "with \"quotes\""], "ipv4", "-A INPUT -m string --string \"with \\\"quotes\\\"\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "|0a0a0a0a|"], "ipv4", "-A INPUT -m string --hex-string \"|0a0a0a0a|\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "abc|0d0a|def"], "ipv4", "-A INPUT -m string --hex-string \"|6162630d0a646566|\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "|00 01 02|"], "ipv4", "-A INPUT -m string --hex-string \"|000102|\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "|41|"], "ipv4", "-A INPUT -m string --string \"A\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "tab\tx"], "ipv4", "-A INPUT -m string --hex-string \"|7461620978|\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "back\\slash"], "ipv4", "-A INPUT -m string --string \"back\\\\slash\" --algo bm\n"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "|pipe|"], "ipv4", "-A INPUT -m string --string \"|pipe|\" --algo bm\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"], "ipv4", "STRING too long \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\""],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm"], "ipv4", "STRING match: You must specify `--string' or `--hex-string'"],
  ["string", ["-A", "INPUT", "-m", "string", "--string", "test"], "ipv4", "string: option \"--algo\" must be specified\n"],
  ["string", ["-A", "INPUT", "-m", "string"], "ipv4", "STRING match: You must specify `--string' or `--hex-string'"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "|0g|"], "ipv4", "Invalid hex char 'g'"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "|0a"], "ipv4", "Invalid hex block"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "|0a0|"], "ipv4", "Invalid hex block"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", "a", "--hex-string", "|41|"], "ipv4", "string: option \"--string\" cannot be used together with \"--hex-string\".\n"],
  ["extra:string-extra", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "a\\"], "ipv4", "Bad literal placement at end of string"],
  ["extra:string-extra", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--hex-string", "abc\\"], "ipv4", "Bad literal placement at end of string"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "wrong", "--string", "test"], "ipv4", "ENOENT"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--string", ""], "ipv4", "EINVAL"],
  ["string", ["-A", "INPUT", "-m", "string", "--algo", "bm", "--from", "100", "--to", "10", "--string", "test"], "ipv4", "EINVAL"],
  ["extra:string-extra", ["-A", "INPUT", "-m", "string", "--algo", "fsm", "--string", "abc"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["string", "ipv4", "filter", "-A INPUT -m string --string \"test\" --algo bm -j DROP", " STRING match  \"test\" ALGO name bm"],
  ["string", "ipv4", "filter", "-A INPUT -m string --string \"test\" --algo kmp", " STRING match  \"test\" ALGO name kmp"],
  ["string", "ipv4", "filter", "-A INPUT -m string ! --string \"test\" --algo kmp", " STRING match ! \"test\" ALGO name kmp"],
  ["string", "ipv4", "filter", "-A INPUT -m string --string \"GET /index.html\" --algo bm", " STRING match  \"GET /index.html\" ALGO name bm"],
  ["string", "ipv4", "filter", "-A INPUT -m string --string \"with \\\"quotes\\\"\" --algo bm", " STRING match  \"with \\\"quotes\\\"\" ALGO name bm"],
  ["string", "ipv4", "filter", "-A INPUT -m string --hex-string \"|0a0a0a0a|\" --algo bm", " STRING match  \"|0a0a0a0a|\" ALGO name bm"],
];

describe('string', () => {
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
  it.each(["string", "extra:string-extra"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

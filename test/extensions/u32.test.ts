// -m u32: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/time-u32-policy-edges.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/u32.cmds
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
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0x0=0x0&&0x0=0x1", "-j", "ACCEPT"], "ipv4", "-A INPUT -m u32 --u32 \"0x0=0x0&&0x0=0x1\" -j ACCEPT\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0&0xFFFF=0x100:0xFFFF"], "ipv4", "-A INPUT -m u32 --u32 \"0x0&0xffff=0x100:0xffff\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "6&0xFF=1 && 4&0x3FFF=0 && 0>>22&0x3C@4>>24=0"], "ipv4", "-A INPUT -m u32 --u32 \"0x6&0xff=0x1&&0x4&0x3fff=0x0&&0x0>>0x16&0x3c@0x4>>0x18=0x0\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0>>22&0x3C@12>>26&0x3C@0=0x47455420"], "ipv4", "-A INPUT -m u32 --u32 \"0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x47455420\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "!", "--u32", "0x0=0x0"], "ipv4", "-A INPUT -m u32 ! --u32 \"0x0=0x0\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "12=0xc0000201"], "ipv4", "-A INPUT -m u32 --u32 \"0xc=0xc0000201\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "3&0xff=0x40,0x80"], "ipv4", "-A INPUT -m u32 --u32 \"0x3&0xff=0x40,0x80\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0=1:5,10,20:30"], "ipv4", "-A INPUT -m u32 --u32 \"0x0=0x1:0x5,0xa,0x14:0x1e\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "  6 & 0xFF = 6  "], "ipv4", "-A INPUT -m u32 --u32 \"0x6&0xff=0x6\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "16=3232235777"], "ipv4", "-A INPUT -m u32 --u32 \"0x10=0xc0a80101\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0<<1=0"], "ipv4", "-A INPUT -m u32 --u32 \"0x0<<0x1=0x0\"\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "6&0xFF=58"], "ipv6", "-A INPUT -m u32 --u32 \"0x6&0xff=0x3a\"\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["u32", ["-A", "INPUT", "-m", "u32"], "ipv4", "u32: option \"--u32\" must be specified\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", ""], "ipv4", "u32: abrupt end of input after location specifier"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0="], "ipv4", "u32: test ended with no value specified"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0=1&&"], "ipv4", "u32: abrupt end of input after location specifier"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "x=1"], "ipv4", "u32: at char 0: not a number or out of range"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0=1,2,3,4,5,6,7,8,9,10,11"], "ipv4", "u32: at char 25: too many \",\"s"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0&1&2&3&4&5&6&7&8&9&10&11=1"], "ipv4", "u32: at char 22: too many operators"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0=1", "--u32", "0=2"], "ipv4", "u32: option \"--u32\" can only be used once.\n"],
  ["u32", ["-A", "INPUT", "-m", "u32", "--u32", "0=0x100000000"], "ipv4", "u32: at char 2: not a number or out of range"],
  ["extra:time-u32-policy-edges", ["-A", "INPUT", "-m", "u32", "--u32", "0=1&&1=2&&2=3&&3=4&&4=5&&5=6&&6=7&&7=8&&8=9&&9=10&&10=11"], "ipv4", "u32: at char 56: too many \"&&\"s"],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["u32", "ipv4", "filter", "-A INPUT -m u32 --u32 \"0x0=0x0&&0x0=0x1\" -j ACCEPT", " u32 \"0x0=0x0&&0x0=0x1\""],
  ["u32", "ipv4", "filter", "-A INPUT -m u32 --u32 \"0x0&0xffff=0x100:0xffff\"", " u32 \"0x0&0xffff=0x100:0xffff\""],
  ["u32", "ipv4", "filter", "-A INPUT -m u32 --u32 \"0x6&0xff=0x1&&0x4&0x3fff=0x0&&0x0>>0x16&0x3c@0x4>>0x18=0x0\"", " u32 \"0x6&0xff=0x1&&0x4&0x3fff=0x0&&0x0>>0x16&0x3c@0x4>>0x18=0x0\""],
  ["u32", "ipv4", "filter", "-A INPUT -m u32 --u32 \"0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x47455420\"", " u32 \"0x0>>0x16&0x3c@0xc>>0x1a&0x3c@0x0=0x47455420\""],
  ["u32", "ipv4", "filter", "-A INPUT -m u32 ! --u32 \"0x0=0x0\"", " u32 ! \"0x0=0x0\""],
  ["u32", "ipv4", "filter", "-A INPUT -m u32 --u32 \"0xc=0xc0000201\"", " u32 \"0xc=0xc0000201\""],
];

describe('u32', () => {
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
  it.each(["u32", "extra:time-u32-policy-edges"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

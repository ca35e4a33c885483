// -m time: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/time-u32-policy-edges.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/time.cmds
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
  ["time", ["-A", "INPUT", "-m", "time", "--timestart", "08:00", "--timestop", "17:00", "-j", "ACCEPT"], "ipv4", "-A INPUT -m time --timestart 08:00:00 --timestop 17:00:00 --datestop 2038-01-19T03:14:07 -j ACCEPT\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--timestart", "01:02:03", "--timestop", "04:05:06"], "ipv4", "-A INPUT -m time --timestart 01:02:03 --timestop 04:05:06 --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--timestart", "22:00", "--timestop", "06:00"], "ipv4", "-A INPUT -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--timestart", "22:00", "--timestop", "06:00", "--contiguous"], "ipv4", "-A INPUT -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07 --contiguous\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--weekdays", "Mon,Tue,Wed"], "ipv4", "-A INPUT -m time --weekdays Mon,Tue,Wed --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--weekdays", "1,2,3,4,5"], "ipv4", "-A INPUT -m time --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--weekdays", "Sat,Sun"], "ipv4", "-A INPUT -m time --weekdays Sat,Sun --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--weekdays", "Sun,Sat,Mon"], "ipv4", "-A INPUT -m time --weekdays Mon,Sat,Sun --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "!", "--weekdays", "Sat,Sun"], "ipv4", "-A INPUT -m time --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--weekdays", "Monday,Friday"], "ipv4", "-A INPUT -m time --weekdays Mon,Fri --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--monthdays", "1,15,31"], "ipv4", "-A INPUT -m time --monthdays 1,15,31 --datestop 2038-01-19T03:14:07\n"],
  ["time", ["-A", "INPUT", "-m", "time", "!", "--monthdays", "1"], "ipv4", "-A INPUT -m time --monthdays 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 --datestop 2038-01-19T03:14:07\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["time", ["-A", "INPUT", "-m", "time", "--timestart", "25:00"], "ipv4", "invalid time \"25:00\" specified, should be hh:mm[:ss] format and within the boundaries"],
  ["time", ["-A", "INPUT", "-m", "time", "--timestart", "10:60"], "ipv4", "invalid time \"60\" specified, should be hh:mm[:ss] format and within the boundaries"],
  ["time", ["-A", "INPUT", "-m", "time", "--weekdays", "Funday"], "ipv4", "Fun is not a valid day specifier"],
  ["time", ["-A", "INPUT", "-m", "time", "--monthdays", "32"], "ipv4", "32 is not a valid day for --monthdays"],
  ["time", ["-A", "INPUT", "-m", "time", "--datestart", "2024-13-01"], "ipv4", "Invalid date \"2024-13-01\" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]"],
  ["time", ["-A", "INPUT", "-m", "time", "--datestart", "1969-12-31"], "ipv4", "Invalid date \"1969-12-31\" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]"],
  ["time", ["-A", "INPUT", "-m", "time", "--datestart", "2040-01-01"], "ipv4", "Invalid date \"2040-01-01\" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]"],
  ["time", ["-A", "INPUT", "-m", "time", "--utc", "--kerneltz"], "ipv4", "time: option \"--utc\" cannot be used together with \"--kerneltz\".\n"],
  ["time", ["-A", "INPUT", "-m", "time", "!", "--timestart", "10:00"], "ipv4", "time: option \"--timestart\" cannot be inverted.\n"],
  ["time", ["-A", "INPUT", "-m", "time", "--contiguous"], "ipv4", "time: --contiguous only makes sense when stoptime is smaller than starttime"],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["time", "ipv4", "filter", "-A INPUT -m time --timestart 08:00:00 --timestop 17:00:00 --datestop 2038-01-19T03:14:07 -j ACCEPT", " TIME from 08:00:00 to 17:00:00 UTC"],
  ["time", "ipv4", "filter", "-A INPUT -m time --timestart 01:02:03 --timestop 04:05:06 --datestop 2038-01-19T03:14:07", " TIME from 01:02:03 to 04:05:06 UTC"],
  ["time", "ipv4", "filter", "-A INPUT -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07", " TIME from 22:00:00 to 06:00:00 UTC"],
  ["time", "ipv4", "filter", "-A INPUT -m time --timestart 22:00:00 --timestop 06:00:00 --datestop 2038-01-19T03:14:07 --contiguous", " TIME from 22:00:00 to 06:00:00 UTC contiguous"],
  ["time", "ipv4", "filter", "-A INPUT -m time --weekdays Mon,Tue,Wed --datestop 2038-01-19T03:14:07", " TIME on Mon,Tue,Wed UTC"],
  ["time", "ipv4", "filter", "-A INPUT -m time --weekdays Mon,Tue,Wed,Thu,Fri --datestop 2038-01-19T03:14:07", " TIME on Mon,Tue,Wed,Thu,Fri UTC"],
];

describe('time', () => {
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
  it.each(["time", "extra:time-u32-policy-edges"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

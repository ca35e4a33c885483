// -m tos: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/more-matches-ext4.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/tos-dscp.cmds
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
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "Minimize-Delay", "-j", "ACCEPT"], "ipv4", "-A INPUT -m tos --tos 0x10/0x3f -j ACCEPT\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "Maximize-Throughput"], "ipv4", "-A INPUT -m tos --tos 0x08/0x3f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "Maximize-Reliability"], "ipv4", "-A INPUT -m tos --tos 0x04/0x3f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "Minimize-Cost"], "ipv4", "-A INPUT -m tos --tos 0x02/0x3f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "Normal-Service"], "ipv4", "-A INPUT -m tos --tos 0x00/0x3f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "0xff"], "ipv4", "-A INPUT -m tos --tos 0xff/0xff\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "!", "--tos", "0xff"], "ipv4", "-A INPUT -m tos ! --tos 0xff/0xff\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "0x00"], "ipv4", "-A INPUT -m tos --tos 0x00/0xff\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "0x0f/0x0f"], "ipv4", "-A INPUT -m tos --tos 0x0f/0x0f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "16"], "ipv4", "-A INPUT -m tos --tos 0x10/0xff\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "0x10/0x3f"], "ipv4", "-A INPUT -m tos --tos 0x10/0x3f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "!", "--tos", "Minimize-Delay"], "ipv4", "-A INPUT -m tos ! --tos 0x10/0x3f\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "wrong"], "ipv4", "Symbolic name \"wrong\" is unknown"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos"], "ipv4", "tos: option \"--tos\" must be specified\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "tos", "--tos", "0x100"], "ipv4", "Symbolic name \"0x100\" is unknown"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "tos", "--tos", "0x10/0x100"], "ipv4", "Illegal value: \"0x10/0x100\""],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "tos", "--tos", "16x"], "ipv4", "Illegal value: \"16x\""],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "tos", "--tos", "0x10", "--tos", "0x08"], "ipv4", "tos: option \"--tos\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "tos", "--tos", "0x10/0x3f/1"], "ipv4", "Illegal value: \"0x10/0x3f/1\""],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m tos --tos 0x10/0x3f -j ACCEPT", " tos match0x10/0x3f"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m tos --tos 0x08/0x3f", " tos match0x08/0x3f"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m tos --tos 0x04/0x3f", " tos match0x04/0x3f"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m tos --tos 0x02/0x3f", " tos match0x02/0x3f"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m tos --tos 0x00/0x3f", " tos match0x00/0x3f"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m tos --tos 0xff/0xff", " tos match0xff/0xff"],
];

describe('tos', () => {
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
  it.each(["tos-dscp", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

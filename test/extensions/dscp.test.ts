// -m dscp: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
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
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "0x00"], "ipv4", "-A INPUT -m dscp --dscp 0x00\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "0x3f"], "ipv4", "-A INPUT -m dscp --dscp 0x3f\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "46"], "ipv4", "-A INPUT -m dscp --dscp 0x2e\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "!", "--dscp", "10"], "ipv4", "-A INPUT -m dscp ! --dscp 0x0a\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "CS0"], "ipv4", "-A INPUT -m dscp --dscp 0x00\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "BE"], "ipv4", "-A INPUT -m dscp --dscp 0x00\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "EF"], "ipv4", "-A INPUT -m dscp --dscp 0x2e\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "AF11"], "ipv4", "-A INPUT -m dscp --dscp 0x0a\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "AF43"], "ipv4", "-A INPUT -m dscp --dscp 0x26\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "CS7"], "ipv4", "-A INPUT -m dscp --dscp 0x38\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "ef"], "ipv4", "-A INPUT -m dscp --dscp 0x2e\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "!", "--dscp-class", "CS1"], "ipv4", "-A INPUT -m dscp ! --dscp 0x08\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "-1"], "ipv4", "dscp: bad value for option \"--dscp\", or out of range (0-63).\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "0x40"], "ipv4", "dscp: bad value for option \"--dscp\", or out of range (0-63).\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "0x3f", "--dscp-class", "CS0"], "ipv4", "dscp: option \"--dscp\" cannot be used together with \"--dscp-class\".\n"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp-class", "CS8"], "ipv4", "Invalid DSCP value `CS8'"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp"], "ipv4", "DSCP match: Parameter --dscp is required"],
  ["tos-dscp", ["-A", "INPUT", "-m", "dscp", "--dscp", "abc"], "ipv4", "dscp: bad value for option \"--dscp\", or out of range (0-63).\n"],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m dscp --dscp 0x00", " DSCP match 0x00"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m dscp --dscp 0x3f", " DSCP match 0x3f"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m dscp --dscp 0x2e", " DSCP match 0x2e"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m dscp ! --dscp 0x0a", " DSCP match !0x0a"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m dscp --dscp 0x00", " DSCP match 0x00"],
  ["tos-dscp", "ipv4", "filter", "-A INPUT -m dscp --dscp 0x00", " DSCP match 0x00"],
];

describe('dscp', () => {
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
  it.each(["tos-dscp"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

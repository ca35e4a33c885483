// -m bpf: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/bpf-cluster.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/more-matches-ext4.cmds
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
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0", "-j", "ACCEPT"], "ipv4", "-A INPUT -m bpf --bytecode \"4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\" -j ACCEPT\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 65535"], "ipv4", "-A INPUT -m bpf --bytecode \"1,6 0 0 65535\"\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 65535,"], "ipv4", "-A INPUT -m bpf --bytecode \"1,6 0 0 65535\"\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2, 6 0 0 1 , 6 0 0 0"], "ipv4", "-A INPUT -m bpf --bytecode \"2,6 0 0 1,6 0 0 0\"\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 4294967295"], "ipv4", "-A INPUT -m bpf --bytecode \"1,6 0 0 4294967295\"\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 4294967296"], "ipv4", "-A INPUT -m bpf --bytecode \"1,6 0 0 0\"\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 1"], "ipv6", "-A INPUT -m bpf --bytecode \"1,6 0 0 1\"\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2,177 0 0 0,6 0 0 0"], "ipv4", "-A INPUT -m bpf --bytecode \"2,177 0 0 0,6 0 0 0\"\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "bpf", "--bytecode", "3,0 0 0 7,2 0 0 3,6 0 0 1"], "ipv4", "-A INPUT -m bpf --bytecode \"3,0 0 0 7,2 0 0 3,6 0 0 1\"\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2,32 0 0 4294963200,22 0 0 0"], "ipv4", "-A INPUT -m bpf --bytecode \"2,32 0 0 4294963200,22 0 0 0\"\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2,32 0 0 4294963196,22 0 0 0"], "ipv4", "-A INPUT -m bpf --bytecode \"2,32 0 0 4294963196,22 0 0 0\"\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "bpf", "--bytecode", "3,5 0 0 1,6 0 0 1,6 0 0 2"], "ipv4", "-A INPUT -m bpf --bytecode \"3,5 0 0 1,6 0 0 1,6 0 0 2\"\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "0,"], "ipv4", "bpf: illegal zero length program"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2,6 0 0 1"], "ipv4", "bpf: parsed program length is less than the encoded length parameter"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 1,6 0 0 0"], "ipv4", "bpf: real program length exceeds the encoded length parameter"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,x"], "ipv4", "bpf: error at instr 0"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "abc"], "ipv4", "bpf: error parsing program length"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf"], "ipv4", "bpf: one of --bytecode or --pinned is required"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--object-pinned", "/sys/fs/bpf/nosuch"], "ipv4", "bpf: failed to get bpf object"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "65,6 0 0 0"], "ipv4", "bpf: number of instructions exceeds maximum"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,6 0 0 1", "--bytecode", "1,6 0 0 1"], "ipv4", "bpf: option \"--bytecode\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2, 6 0 0 1"], "ipv4", "bpf: parsed program length is less than the encoded length parameter"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,255 0 0 0"], "ipv4", "EINVAL"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,21 0 5 6"], "ipv4", "EINVAL"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "1,70000 0 0 1"], "ipv4", "EINVAL"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "bpf", "--bytecode", "2,48 0 0 9,48 0 0 9"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m bpf --bytecode \"4,48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\" -j ACCEPT", "match bpf 48 0 0 9,21 0 1 6,6 0 0 1,6 0 0 0\u0000"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m bpf --bytecode \"1,6 0 0 65535\"", "match bpf 6 0 0 65535\u0000"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m bpf --bytecode \"1,6 0 0 65535\"", "match bpf 6 0 0 65535\u0000"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m bpf --bytecode \"2,6 0 0 1,6 0 0 0\"", "match bpf 6 0 0 1,6 0 0 0\u0000"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m bpf --bytecode \"1,6 0 0 4294967295\"", "match bpf 6 0 0 4294967295\u0000"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m bpf --bytecode \"1,6 0 0 0\"", "match bpf 6 0 0 0\u0000"],
];

describe('bpf', () => {
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
  it.each(["extra:bpf-cluster", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

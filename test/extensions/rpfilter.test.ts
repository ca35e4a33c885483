// -m rpfilter: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/more-matches-ext4.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/rpfilter.cmds
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
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "-j", "ACCEPT"], "ipv4", "-A PREROUTING -m rpfilter -j ACCEPT\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--invert", "-j", "DROP"], "ipv4", "-A PREROUTING -m rpfilter --invert -j DROP\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--loose"], "ipv4", "-A PREROUTING -m rpfilter --loose\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--validmark"], "ipv4", "-A PREROUTING -m rpfilter --validmark\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--accept-local"], "ipv4", "-A PREROUTING -m rpfilter --accept-local\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--loose", "--validmark", "--accept-local", "--invert"], "ipv4", "-A PREROUTING -m rpfilter --loose --validmark --accept-local --invert\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--invert", "--accept-local", "--validmark", "--loose"], "ipv4", "-A PREROUTING -m rpfilter --loose --validmark --accept-local --invert\n"],
  ["rpfilter", ["-t", "raw", "-A", "PREROUTING", "-m", "rpfilter"], "ipv4", "-A PREROUTING -m rpfilter\n"],
  ["rpfilter", ["-t", "raw", "-A", "PREROUTING", "-m", "rpfilter", "--invert", "-j", "DROP"], "ipv6", "-A PREROUTING -m rpfilter --invert -j DROP\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--loose"], "ipv6", "-A PREROUTING -m rpfilter --loose\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "!", "--loose"], "ipv4", "rpfilter: option \"--loose\" cannot be inverted.\n"],
  ["rpfilter", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--strict"], "ipv4", "unknown option \"--strict\""],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "rpfilter", "--loose", "--loose"], "ipv4", "rpfilter: option \"--loose\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-t", "raw", "-A", "PREROUTING", "-m", "rpfilter", "!", "--invert"], "ipv4", "rpfilter: option \"--invert\" cannot be inverted.\n"],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "PREROUTING", "-m", "rpfilter", "--accept-local", "--accept-local"], "ipv4", "rpfilter: option \"--accept-local\" can only be used once.\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["rpfilter", ["-A", "INPUT", "-m", "rpfilter"], "ipv4", "EINVAL"],
  ["rpfilter", ["-t", "mangle", "-A", "INPUT", "-m", "rpfilter"], "ipv4", "EINVAL"],
  ["rpfilter", ["-t", "mangle", "-A", "FORWARD", "-m", "rpfilter"], "ipv4", "EINVAL"],
  ["rpfilter", ["-t", "nat", "-A", "PREROUTING", "-m", "rpfilter"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["rpfilter", "ipv4", "mangle", "-A PREROUTING -m rpfilter -j ACCEPT", " rpfilter"],
  ["rpfilter", "ipv4", "mangle", "-A PREROUTING -m rpfilter --invert -j DROP", " rpfilter invert"],
  ["rpfilter", "ipv4", "mangle", "-A PREROUTING -m rpfilter --loose", " rpfilter loose"],
  ["rpfilter", "ipv4", "mangle", "-A PREROUTING -m rpfilter --validmark", " rpfilter validmark"],
  ["rpfilter", "ipv4", "mangle", "-A PREROUTING -m rpfilter --accept-local", " rpfilter accept-local"],
  ["rpfilter", "ipv4", "mangle", "-A PREROUTING -m rpfilter --loose --validmark --accept-local --invert", " rpfilter loose validmark accept-local invert"],
];

describe('rpfilter', () => {
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
  it.each(["rpfilter", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

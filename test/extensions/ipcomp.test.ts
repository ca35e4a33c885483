// -m ipcomp: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/ipcomp-mh.cmds
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
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "100", "-j", "ACCEPT"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 100 -j ACCEPT\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "108", "-m", "ipcomp", "!", "--ipcompspi", "100:200"], "ipv4", "-A INPUT -p ipcomp -m ipcomp ! --ipcompspi 100:200\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "5", "--compres"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 5 --compres\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--compres"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0 --compres\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "0:4294967295"], "ipv4", "-A INPUT -p ipcomp -m ipcomp\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", ":50"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0:50\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "50:"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 50:4294967295\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "!", "--ipcompspi", "0:4294967295"], "ipv4", "-A INPUT -p ipcomp -m ipcomp\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "200:100"], "ipv4", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 200:100\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "7"], "ipv6", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 7\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "abc"], "ipv4", "ipcomp: bad value for option \"--ipcompspi\" near \"abc\", or out of range (0-4294967295).\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "4294967296"], "ipv4", "ipcomp: bad value for option \"--ipcompspi\" near \"4294967296\", or out of range (0-4294967295).\n"],
  ["extra:ipcomp-mh", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "!", "--compres"], "ipv4", "ipcomp: option \"--compres\" cannot be inverted.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "1", "--ipcompspi", "2"], "ipv4", "ipcomp: option \"--ipcompspi\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "1:2:3"], "ipv4", "ipcomp: Too many components for option \"--ipcompspi\" (max: 2)\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "1x"], "ipv4", "ipcomp: Argument to \"--ipcompspi\" has unexpected characters near \"x\".\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-p", "ipcomp", "-m", "ipcomp", "--compres", "--compres"], "ipv4", "ipcomp: option \"--compres\" can only be used once.\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["extra:ipcomp-mh", ["-A", "INPUT", "-m", "ipcomp", "--ipcompspi", "100"], "ipv4", "EINVAL"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "!", "-p", "ipcomp", "-m", "ipcomp", "--ipcompspi", "1"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:ipcomp-mh", "ipv4", "filter", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 100 -j ACCEPT", " comp spi:100"],
  ["extra:ipcomp-mh", "ipv4", "filter", "-A INPUT -p ipcomp -m ipcomp ! --ipcompspi 100:200", " comp spis:!100:200"],
  ["extra:ipcomp-mh", "ipv4", "filter", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 5 --compres", " comp spi:5 reserved"],
  ["extra:ipcomp-mh", "ipv4", "filter", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0", " comp spi:0"],
  ["extra:ipcomp-mh", "ipv4", "filter", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0 --compres", " comp spi:0 reserved"],
  ["extra:ipcomp-mh", "ipv4", "filter", "-A INPUT -p ipcomp -m ipcomp --ipcompspi 0:50", " comp spis:0:50"],
];

describe('ipcomp', () => {
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
  it.each(["extra:ipcomp-mh", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

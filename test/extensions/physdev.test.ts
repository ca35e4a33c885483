// -m physdev: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/more-matches-ext4.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/physdev.cmds
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
  ["physdev", ["-A", "INPUT", "-m", "physdev", "--physdev-in", "eth0", "-j", "ACCEPT"], "ipv4", "-A INPUT -m physdev --physdev-in eth0 -j ACCEPT\n"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "--physdev-in", "veth+"], "ipv4", "-A INPUT -m physdev --physdev-in veth+\n"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "!", "--physdev-in", "eth1"], "ipv4", "-A INPUT -m physdev ! --physdev-in eth1\n"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "--physdev-is-in", "--physdev-in", "lo"], "ipv4", "-A INPUT -m physdev --physdev-is-in --physdev-in lo\n"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "--physdev-is-in"], "ipv4", "-A INPUT -m physdev --physdev-is-in\n"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "!", "--physdev-is-in"], "ipv4", "-A INPUT -m physdev ! --physdev-is-in\n"],
  ["physdev", ["-A", "FORWARD", "-m", "physdev", "--physdev-in", "eth0", "--physdev-out", "eth1"], "ipv4", "-A FORWARD -m physdev --physdev-in eth0 --physdev-out eth1\n"],
  ["physdev", ["-A", "FORWARD", "-m", "physdev", "--physdev-is-bridged"], "ipv4", "-A FORWARD -m physdev --physdev-is-bridged\n"],
  ["physdev", ["-A", "FORWARD", "-m", "physdev", "!", "--physdev-is-bridged"], "ipv4", "-A FORWARD -m physdev ! --physdev-is-bridged\n"],
  ["physdev", ["-A", "FORWARD", "-m", "physdev", "--physdev-out", "eth1", "--physdev-is-out"], "ipv4", "-A FORWARD -m physdev --physdev-is-out --physdev-out eth1\n"],
  ["physdev", ["-A", "FORWARD", "-m", "physdev", "--physdev-in", "lo", "--physdev-is-bridged"], "ipv4", "-A FORWARD -m physdev --physdev-in lo --physdev-is-bridged\n"],
  ["physdev", ["-A", "FORWARD", "-m", "physdev", "--physdev-is-in", "--physdev-is-out", "--physdev-is-bridged"], "ipv4", "-A FORWARD -m physdev --physdev-is-in --physdev-is-out --physdev-is-bridged\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["physdev", ["-A", "INPUT", "-m", "physdev"], "ipv4", "PHYSDEV: no physdev option specified"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "--physdev-in", "abcdefghijklmnopq"], "ipv4", "interface name `abcdefghijklmnopq' must be shorter than IFNAMSIZ (15)"],
  ["physdev", ["-A", "INPUT", "-m", "physdev", "--physdev-in", "eth0", "--physdev-in", "eth1"], "ipv4", "physdev: option \"--physdev-in\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "physdev", "--physdev-is-in", "--physdev-is-in"], "ipv4", "physdev: option \"--physdev-is-in\" can only be used once.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "physdev", "--physdev-in"], "ipv4", "option \"--physdev-in\" requires an argument"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["physdev", ["-A", "OUTPUT", "-m", "physdev", "--physdev-out", "eth0"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["physdev", "ipv4", "mangle", "-A POSTROUTING -m physdev --physdev-out lo --physdev-is-bridged", " PHYSDEV match --physdev-out lo --physdev-is-bridged"],
  ["physdev", "ipv4", "filter", "-A INPUT -m physdev --physdev-in eth0 -j ACCEPT", " PHYSDEV match --physdev-in eth0"],
  ["physdev", "ipv4", "filter", "-A INPUT -m physdev --physdev-in veth+", " PHYSDEV match --physdev-in veth+"],
  ["physdev", "ipv4", "filter", "-A INPUT -m physdev ! --physdev-in eth1", " PHYSDEV match ! --physdev-in eth1"],
  ["physdev", "ipv4", "filter", "-A INPUT -m physdev --physdev-is-in --physdev-in lo", " PHYSDEV match --physdev-is-in --physdev-in lo"],
  ["physdev", "ipv4", "filter", "-A INPUT -m physdev --physdev-is-in", " PHYSDEV match --physdev-is-in"],
];

describe('physdev', () => {
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
  it.each(["physdev", "extra:more-matches-ext4"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

// -m rt: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/rt-hbh-dst-eui64.cmds
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
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "-j", "ACCEPT"], "ipv6", "-A INPUT -m rt --rt-type 0 -j ACCEPT\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "!", "--rt-type", "2"], "ipv6", "-A INPUT -m rt ! --rt-type 2\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-segsleft", "5"], "ipv6", "-A INPUT -m rt --rt-segsleft 5\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "!", "--rt-segsleft", "1:10"], "ipv6", "-A INPUT -m rt ! --rt-segsleft 1:10\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-len", "8"], "ipv6", "-A INPUT -m rt --rt-len 8\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "!", "--rt-len", "16"], "ipv6", "-A INPUT -m rt ! --rt-len 16\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "--rt-0-res"], "ipv6", "-A INPUT -m rt --rt-type 0 --rt-0-res\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "--rt-0-addrs", "2001:db8::1,2001:db8::2", "--rt-0-not-strict"], "ipv6", "-A INPUT -m rt --rt-type 0 --rt-0-addrs 2001:db8::1,2001:db8::2 --rt-0-not-strict\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "--rt-segsleft", "2", "--rt-len", "40", "--rt-0-res", "--rt-0-addrs", "::1"], "ipv6", "-A INPUT -m rt --rt-type 0 --rt-segsleft 2 --rt-len 40 --rt-0-res --rt-0-addrs ::1\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt"], "ipv6", "-A INPUT -m rt\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-segsleft", "0:4294967295"], "ipv6", "-A INPUT -m rt\n"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "!", "--rt-segsleft", "0:4294967295"], "ipv6", "-A INPUT -m rt\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-0-res"], "ipv6", "`--rt-type 0' required before `--rt-0-res'"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "1", "--rt-0-res"], "ipv6", "`--rt-type 0' required before `--rt-0-res'"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "!", "--rt-type", "0", "--rt-0-addrs", "::1"], "ipv6", "`--rt-type 0' required before `--rt-0-addrs'"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "--rt-0-not-strict"], "ipv6", "`--rt-0-addr ...' required before `--rt-0-not-strict'"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "--rt-0-addrs", "1.2.3.4"], "ipv6", "bad address: 1.2.3.4"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "0", "--rt-0-addrs", "::1,::2,::3,::4,::5,::6,::7,::8,::9,::10,::11,::12,::13,::14,::15,::16,::17"], "ipv6", "too many addresses specified"],
  ["extra:rt-hbh-dst-eui64", ["-A", "INPUT", "-m", "rt", "--rt-type", "x"], "ipv6", "rt: bad value for option \"--rt-type\", or out of range (0-4294967295).\n"],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m rt --rt-type 0 -j ACCEPT", " rt type:0"],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m rt ! --rt-type 2", " rt type:!2"],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m rt --rt-segsleft 5", " rt segsleft:5"],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m rt ! --rt-segsleft 1:10", " rt segslefts:!1:10"],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m rt --rt-len 8", " rt length:8"],
  ["extra:rt-hbh-dst-eui64", "ipv6", "filter", "-A INPUT -m rt ! --rt-len 16", " rt length:!16"],
];

describe('rt', () => {
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
  it.each(["extra:rt-hbh-dst-eui64"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

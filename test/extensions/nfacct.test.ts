// -m nfacct: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/ipvs-nfacct-rateest.cmds
//   ipset/nfacct runner of test/golden/capture-rules.sh on test/extensions/golden-extra/nfacct.cmds
// The full captures are replayed too (save lines, error texts, -L options column, kernel refusals).
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/syntax/command.js';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import type { Family, Flavor, TableName } from '../../src/model/ruleset.js';
import { listOptions } from './golden-rules.js';
import { refusal, replayExt } from './golden-replay-ext.js';
import { configureNfacct } from '../../src/extensions/match/nfacct.js';

/** the accounting objects the nfacct capture created with `nfacct add` (the other capture has none) */
const setup = (group: string) => configureNfacct(group === 'extra:nfacct' ? ['http-traffic', 'abcdefghijklmnopqrstuvwxyz01234', 'with space'] : []);
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

/** rateest is deliberately unsupported (see rateest.test.ts) */
const SKIP = (cmd: string, _want?: string, _got?: string) => cmd.includes('-m rateest');

const VALID: [string, string[], Family, string][] = [
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "http-traffic", "-j", "ACCEPT"], "ipv4", "-A INPUT -m nfacct --nfacct-name  http-traffic -j ACCEPT\n"],
  ["extra:nfacct", ["-A", "OUTPUT", "-m", "nfacct", "--nfacct-name", "http-traffic"], "ipv4", "-A OUTPUT -m nfacct --nfacct-name  http-traffic\n"],
  ["extra:nfacct", ["-A", "INPUT", "-p", "tcp", "--dport", "80", "-m", "nfacct", "--nfacct-name", "http-traffic"], "ipv4", "-A INPUT -p tcp -m tcp --dport 80 -m nfacct --nfacct-name  http-traffic\n"],
  ["extra:nfacct", ["-t", "mangle", "-A", "PREROUTING", "-m", "nfacct", "--nfacct-name", "http-traffic"], "ipv4", "-A PREROUTING -m nfacct --nfacct-name  http-traffic\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "abcdefghijklmnopqrstuvwxyz01234"], "ipv4", "-A INPUT -m nfacct --nfacct-name  abcdefghijklmnopqrstuvwxyz01234\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "abcdefghijklmnopqrstuvwxyz0123456789"], "ipv4", "-A INPUT -m nfacct --nfacct-name  abcdefghijklmnopqrstuvwxyz01234\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "with space"], "ipv4", "-A INPUT -m nfacct --nfacct-name  \"with space\"\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "http-traffic", "-m", "nfacct", "--nfacct-name", "abcdefghijklmnopqrstuvwxyz01234"], "ipv4", "-A INPUT -m nfacct --nfacct-name  http-traffic -m nfacct --nfacct-name  abcdefghijklmnopqrstuvwxyz01234\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "http-traffic"], "ipv6", "-A INPUT -m nfacct --nfacct-name  http-traffic\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct"], "ipv4", "nfacct: option \"--nfacct-name\" must be specified\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", ""], "ipv4", "Argument must have a minimum length of 1 characters\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "http-traffic", "--nfacct-name", "http-traffic"], "ipv4", "nfacct: option \"--nfacct-name\" can only be used once.\n"],
  ["extra:nfacct", ["-A", "INPUT", "-m", "nfacct", "!", "--nfacct-name", "http-traffic"], "ipv4", "nfacct: option \"--nfacct-name\" cannot be inverted.\n"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "nfacct"], "ipv4", "nfacct: option \"--nfacct-name\" must be specified\n"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", ""], "ipv4", "Argument must have a minimum length of 1 characters\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["extra:nfacct", ["-A", "FORWARD", "-m", "nfacct", "--nfacct-name", "nosuch"], "ipv4", "ENOENT"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "foo"], "ipv4", "ENOENT"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "nfacct", "--nfacct-name", "abcdefghijklmnopqrstuvwxyz0123456789"], "ipv4", "ENOENT"],
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:nfacct", "ipv4", "mangle", "-A PREROUTING -m nfacct --nfacct-name  http-traffic", " nfacct-name  http-traffic"],
  ["extra:nfacct", "ipv4", "filter", "-A INPUT -m nfacct --nfacct-name  http-traffic -j ACCEPT", " nfacct-name  http-traffic"],
  ["extra:nfacct", "ipv4", "filter", "-A INPUT -p tcp -m tcp --dport 80 -m nfacct --nfacct-name  http-traffic", " tcp dpt:80 nfacct-name  http-traffic"],
  ["extra:nfacct", "ipv4", "filter", "-A INPUT -m nfacct --nfacct-name  abcdefghijklmnopqrstuvwxyz01234", " nfacct-name  abcdefghijklmnopqrstuvwxyz01234"],
  ["extra:nfacct", "ipv4", "filter", "-A INPUT -m nfacct --nfacct-name  abcdefghijklmnopqrstuvwxyz01234", " nfacct-name  abcdefghijklmnopqrstuvwxyz01234"],
  ["extra:nfacct", "ipv4", "filter", "-A INPUT -m nfacct --nfacct-name  \"with space\"", " nfacct-name  \"with space\""],
];

describe('nfacct', () => {
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
  it.each(["extra:nfacct", "extra:ipvs-nfacct-rateest"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

// -m ipvs: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/ipvs-nfacct-rateest.cmds
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

/** rateest is deliberately unsupported (see rateest.test.ts) */
const SKIP = (cmd: string, _want?: string, _got?: string) => cmd.includes('-m rateest');

const VALID: [string, string[], Family, string][] = [
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs"], "ipv4", "IPVS: At least one option is required"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "!", "--ipvs", "--vproto", "tcp"], "ipv4", "! --ipvs cannot be together with other options"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "--vdir", "sideways"], "ipv4", "ipvs: Bad value for \"--vdir\" option: \"sideways\""],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "--vmethod", "FOO"], "ipv4", "ipvs: Bad value for \"--vmethod\" option: \"FOO\""],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "!", "--vdir", "ORIGINAL"], "ipv4", "ipvs: option \"--vdir\" cannot be inverted.\n"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "--vport", "nosuchsvc"], "ipv4", "Port \"nosuchsvc\" does not resolve to anything.\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "--ipvs", "-j", "ACCEPT"], "ipv4", "ENOENT"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "!", "--ipvs"], "ipv4", "ENOENT"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "--vproto", "tcp"], "ipv4", "ENOENT"],
  ["extra:ipvs-nfacct-rateest", ["-A", "INPUT", "-m", "ipvs", "!", "--vproto", "17"], "ipv4", "ENOENT"],
];
const LIST: [string, Family, string, string, string][] = [
];

describe('ipvs', () => {
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
  it.each(["extra:ipvs-nfacct-rateest"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

// The oracle kernel has no xt_ipvs module, so no rule with -m ipvs can be loaded there and no save/-L text could be
// captured. These expectations are derived from libxt_ipvs.c (ipvs_mt_dump, prefix "--" / ""), and the parse
// results (implied --ipvs bit, vdir as an inverted flag, non-contiguous vaddr mask dropped) follow ipvs_mt_parse /
// ipvs_mt_check / xtopt_parse_plenmask.
describe('ipvs save/print (from libxt_ipvs.c; not loadable on the oracle kernel)', () => {
  const parse = (line: string, family: Family = 'ipv4') => parseCommand(line.split(' '), { family, flavor: 'nft', restore: false }).rules[0];
  const cases: [string, string, string][] = [
    ['-A INPUT -m ipvs --ipvs', ' --ipvs', ' ipvs'],
    ['-A INPUT -m ipvs ! --ipvs', ' ! --ipvs', ' ! ipvs'],
    ['-A INPUT -m ipvs --vproto tcp', ' --vproto 6', ' vproto 6'],
    ['-A INPUT -m ipvs ! --vaddr 192.0.2.7/24', ' ! --vaddr 192.0.2.7/24', ' ! vaddr 192.0.2.7/24'],
    ['-A INPUT -m ipvs --vaddr 10.0.0.0/255.0.255.0', ' --vaddr 10.0.0.0', ' vaddr 10.0.0.0'],
    ['-A INPUT -m ipvs --vport http', ' --vport 80', ' vport 80'],
    ['-A INPUT -m ipvs --vdir reply', ' --vdir REPLY', ' vdir REPLY'],
    ['-A INPUT -m ipvs ! --vmethod ipip', ' ! --vmethod IPIP', ' ! vmethod IPIP'],
    ['-A INPUT -m ipvs --vmethod MASQ --vportctl 21', ' --vmethod MASQ --vportctl 21', ' vmethod MASQ vportctl 21'],
    ['-A INPUT -m ipvs --ipvs --vproto tcp --vport 80 --vdir ORIGINAL --vmethod GATE', ' --vproto 6 --vport 80 --vdir ORIGINAL --vmethod GATE', ' vproto 6 vport 80 vdir ORIGINAL vmethod GATE'],
  ];
  it.each(cases)('%s', (line, wantSave, wantList) => {
    const rule = parse(line);
    expect(saveLinesFor(line.split(' '), 'ipv4', 'nft')).toBe(`-A INPUT -m ipvs${wantSave}\n`);
    expect(listOptions(rule, 'ipv4', 'nft')).toBe(wantList);
    expect(kernel(line.split(' '), 'ipv4')).toBe('ENOENT');
  });
  it('IPv6 vaddr', () => {
    const line = '-A INPUT -m ipvs --vaddr 2001:db8::1/64 --vport 443';
    expect(saveLinesFor(line.split(' '), 'ipv6', 'nft')).toBe('-A INPUT -m ipvs --vaddr 2001:db8::1/64 --vport 443\n');
  });
});

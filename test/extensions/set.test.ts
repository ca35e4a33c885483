// -m set: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/set.cmds
//   ipset/nfacct runner of test/golden/capture-rules.sh on test/extensions/golden-extra/set-extra.cmds
//   test/golden/capture-rules.sh set-with-ipsets (ipset runner)
// The full captures are replayed too (save lines, error texts, -L options column, kernel refusals).
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/syntax/command.js';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import type { Family, Flavor, TableName } from '../../src/model/ruleset.js';
import { listOptions } from './golden-rules.js';
import { refusal, replayExt } from './golden-replay-ext.js';
import { configureIpsets } from '../../src/extensions/match/set.js';
import type { IpsetFamily } from '../../src/extensions/match/set.js';

/** the ipsets each capture created with `ipset create` (the `set` group has none) */
const SETS: Record<string, [string, IpsetFamily][]> = {
  'set-with-ipsets': [['blocklist', 'ipv4'], ['allow', 'ipv4'], ['pairs', 'ipv4'], ['v6', 'ipv6'], ['tmo', 'ipv4'], ['marks', 'ipv4'], ['abcdefghijklmnopqrstuvwxyz01234', 'ipv4']],
  'extra:set-extra': [['bl', 'ipv4'], ['lst', 'unspec'], ['v6', 'ipv6']],
  set: [],
};
const setup = (group: string) => configureIpsets(SETS[group]);
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

/** -j SET is the SET target's business (another module) */
const SKIP = (cmd: string, want: string, got: string) => /-j SET|(add|del|map)-set/.test(cmd + want + got);

const VALID: [string, string[], Family, string][] = [
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "-j", "DROP"], "ipv4", "-A INPUT -m set --match-set blocklist src -j DROP\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "!", "--match-set", "allow", "src,dst"], "ipv4", "-A INPUT -m set ! --match-set allow src,dst\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "pairs", "dst,dst"], "ipv4", "-A INPUT -m set --match-set pairs dst,dst\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "dst", "--return-nomatch"], "ipv4", "-A INPUT -m set --match-set blocklist dst --return-nomatch\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "!", "--update-counters"], "ipv4", "-A INPUT -m set --match-set blocklist src ! --update-counters\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "!", "--update-subcounters"], "ipv4", "-A INPUT -m set --match-set blocklist src ! --update-subcounters\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "--packets-gt", "10"], "ipv4", "-A INPUT -m set --match-set blocklist src --packets-gt 10\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "!", "--packets-eq", "5"], "ipv4", "-A INPUT -m set --match-set blocklist src ! --packets-eq 5\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "--packets-lt", "5", "--bytes-gt", "100"], "ipv4", "-A INPUT -m set --match-set blocklist src --packets-lt 5 --bytes-gt 100\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "--bytes-eq", "1000"], "ipv4", "-A INPUT -m set --match-set blocklist src --bytes-eq 1000\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "-m", "set", "--match-set", "allow", "dst"], "ipv4", "-A INPUT -m set --match-set blocklist src -m set --match-set allow dst\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "abcdefghijklmnopqrstuvwxyz01234", "src"], "ipv4", "-A INPUT -m set --match-set abcdefghijklmnopqrstuvwxyz01234 src\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "v6", "src"], "ipv4", "The protocol family of set v6 is IPv6, which is not applicable.\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src"], "ipv6", "The protocol family of set blocklist is IPv4, which is not applicable.\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "nosuch", "src"], "ipv4", "Set nosuch doesn't exist.\n"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "foo"], "ipv4", "You must spefify (the comma separated list of) 'src' or 'dst'."],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "--packets-gt", "10", "--packets-lt", "5"], "ipv4", "only one of the --packets-[eq|lt|gt] is allowed"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src", "--packets-gt", "10", "--packets-eq", "5"], "ipv4", "only one of the --packets-[eq|lt|gt] is allowed"],
  ["set-with-ipsets", ["-A", "INPUT", "-m", "set", "--match-set", "blocklist", "src,dst,src,dst,src,dst,src"], "ipv4", "Can't be more src/dst options than 6."],
  ["extra:set-extra", ["-A", "INPUT", "-m", "set", "--match-set", "bl", "src,,dst"], "ipv4", "You must spefify (the comma separated list of) 'src' or 'dst'."],
  ["extra:set-extra", ["-A", "INPUT", "-m", "set", "--match-set", "macs", "src"], "ipv4", "Set macs doesn't exist.\n"],
  ["extra:set-extra", ["-A", "INPUT", "-m", "set", "--match-set", "macs", "src"], "ipv6", "Set macs doesn't exist.\n"],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["set-with-ipsets", "ipv4", "filter", "-A INPUT -m set --match-set blocklist src -j DROP", " match-set blocklist src"],
  ["set-with-ipsets", "ipv4", "filter", "-A INPUT -m set ! --match-set allow src,dst", " ! match-set allow src,dst"],
  ["set-with-ipsets", "ipv4", "filter", "-A INPUT -m set --match-set pairs dst,dst", " match-set pairs dst,dst"],
  ["set-with-ipsets", "ipv4", "filter", "-A INPUT -m set --match-set blocklist dst --return-nomatch", " match-set blocklist dst return-nomatch"],
  ["set-with-ipsets", "ipv4", "filter", "-A INPUT -m set --match-set blocklist src ! --update-counters", " match-set blocklist src ! update-counters"],
  ["set-with-ipsets", "ipv4", "filter", "-A INPUT -m set --match-set blocklist src ! --update-subcounters", " match-set blocklist src ! update-subcounters"],
];

describe('set', () => {
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
  it.each(["set-with-ipsets", "extra:set-extra", "set"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

describe('set: ipset registry', () => {
  it('without a registry every set is missing (what the kernel says on a host without ipsets)', () => {
    configureIpsets([]);
    expect(err(['-A', 'INPUT', '-m', 'set', '--match-set', 'blocklist', 'src'], 'ipv4')).toBe("Set blocklist doesn't exist.\n");
  });
  it('family checks: list:set (unspec) fits both families', () => {
    configureIpsets([['v4', 'ipv4'], ['any', 'unspec']]);
    expect(err(['-A', 'INPUT', '-m', 'set', '--match-set', 'v4', 'src'], 'ipv6')).toBe('The protocol family of set v4 is IPv4, which is not applicable.\n');
    expect(save(['-A', 'INPUT', '-m', 'set', '--match-set', 'any', 'src'], 'ipv6')).toBe('-A INPUT -m set --match-set any src\n');
  });
});

// -m cluster: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
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
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-node", "1", "--cluster-hash-seed", "0xdeadbeef", "-j", "ACCEPT"], "ipv4", "-A INPUT -m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 2 --cluster-hash-seed 0xdeadbeef -j ACCEPT\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "4", "!", "--cluster-local-node", "3", "--cluster-hash-seed", "1"], "ipv4", "-A INPUT -m cluster ! --cluster-local-nodemask 0x00000004 --cluster-total-nodes 4 --cluster-hash-seed 0x00000001\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "32", "--cluster-local-nodemask", "31", "--cluster-hash-seed", "0"], "ipv4", "-A INPUT -m cluster --cluster-local-nodemask 0x0000001f --cluster-total-nodes 32 --cluster-hash-seed 0x00000000\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "8", "!", "--cluster-local-nodemask", "5", "--cluster-hash-seed", "12345"], "ipv4", "-A INPUT -m cluster ! --cluster-local-nodemask 0x00000005 --cluster-total-nodes 8 --cluster-hash-seed 0x00003039\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "32", "--cluster-local-node", "32", "--cluster-hash-seed", "7"], "ipv4", "-A INPUT -m cluster --cluster-local-nodemask 0x80000000 --cluster-total-nodes 32 --cluster-hash-seed 0x00000007\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-node", "2", "--cluster-hash-seed", "0x10"], "ipv6", "-A INPUT -m cluster --cluster-local-nodemask 0x00000002 --cluster-total-nodes 2 --cluster-hash-seed 0x00000010\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "1", "--cluster-local-node", "1", "--cluster-hash-seed", "4294967295"], "ipv4", "-A INPUT -m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 1 --cluster-hash-seed 0xffffffff\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "cluster", "--cluster-hash-seed", "0x1", "--cluster-local-nodemask", "3", "--cluster-total-nodes", "3"], "ipv4", "-A INPUT -m cluster --cluster-local-nodemask 0x00000003 --cluster-total-nodes 3 --cluster-hash-seed 0x00000001\n"],
  ["extra:more-matches-ext4", ["-t", "mangle", "-A", "PREROUTING", "-m", "cluster", "--cluster-total-nodes", "16", "--cluster-local-node", "16", "--cluster-hash-seed", "010"], "ipv4", "-A PREROUTING -m cluster --cluster-local-nodemask 0x00008000 --cluster-total-nodes 16 --cluster-hash-seed 0x00000008\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "5", "!", "--cluster-local-nodemask", "31", "--cluster-hash-seed", "2"], "ipv4", "-A INPUT -m cluster ! --cluster-local-nodemask 0x0000001f --cluster-total-nodes 5 --cluster-hash-seed 0x00000002\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-node", "3", "--cluster-hash-seed", "1"], "ipv4", "cluster match: `--cluster-local-node' must be <= `--cluster-total-nodes'"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-nodemask", "4", "--cluster-hash-seed", "1"], "ipv4", "cluster match: `--cluster-local-nodemask' too big for `--cluster-total-nodes'"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-hash-seed", "1"], "ipv4", "cluster match: `--cluster-local-node' or`--cluster-local-nodemask' is missing"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-node", "1"], "ipv4", "cluster: option \"--cluster-hash-seed\" must be specified\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-local-node", "1", "--cluster-hash-seed", "1"], "ipv4", "cluster: option \"--cluster-total-nodes\" must be specified\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "33", "--cluster-local-node", "1", "--cluster-hash-seed", "1"], "ipv4", "cluster: bad value for option \"--cluster-total-nodes\", or out of range (1-32).\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-node", "1", "--cluster-local-nodemask", "1", "--cluster-hash-seed", "1"], "ipv4", "cluster: option \"--cluster-local-node\" cannot be used together with \"--cluster-local-nodemask\".\n"],
  ["extra:bpf-cluster", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "2", "--cluster-local-node", "0", "--cluster-hash-seed", "1"], "ipv4", "cluster: bad value for option \"--cluster-local-node\", or out of range (1-32).\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "cluster", "!", "--cluster-total-nodes", "5", "--cluster-local-node", "1", "--cluster-hash-seed", "2"], "ipv4", "cluster: option \"--cluster-total-nodes\" cannot be inverted.\n"],
  ["extra:more-matches-ext4", ["-A", "INPUT", "-m", "cluster", "--cluster-total-nodes", "5", "--cluster-local-node", "1", "--cluster-hash-seed", "4294967296"], "ipv4", "cluster: bad value for option \"--cluster-hash-seed\", or out of range (0-4294967295).\n"],
];
const KERNEL: [string, string[], Family, string][] = [
];
const LIST: [string, Family, string, string, string][] = [
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 2 --cluster-hash-seed 0xdeadbeef -j ACCEPT", " cluster node_mask=0x00000001 total_nodes=2 hash_seed=0xdeadbeef"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m cluster ! --cluster-local-nodemask 0x00000004 --cluster-total-nodes 4 --cluster-hash-seed 0x00000001", " cluster !node_mask=0x00000004 total_nodes=4 hash_seed=0x00000001"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m cluster --cluster-local-nodemask 0x0000001f --cluster-total-nodes 32 --cluster-hash-seed 0x00000000", " cluster node_mask=0x0000001f total_nodes=32 hash_seed=0x00000000"],
  ["extra:bpf-cluster", "ipv4", "filter", "-A INPUT -m cluster ! --cluster-local-nodemask 0x00000005 --cluster-total-nodes 8 --cluster-hash-seed 0x00003039", " cluster !node_mask=0x00000005 total_nodes=8 hash_seed=0x00003039"],
  ["extra:bpf-cluster", "ipv6", "filter", "-A INPUT -m cluster --cluster-local-nodemask 0x00000002 --cluster-total-nodes 2 --cluster-hash-seed 0x00000010", " cluster node_mask=0x00000002 total_nodes=2 hash_seed=0x00000010"],
  ["extra:more-matches-ext4", "ipv4", "filter", "-A INPUT -m cluster --cluster-local-nodemask 0x00000001 --cluster-total-nodes 1 --cluster-hash-seed 0xffffffff", " cluster node_mask=0x00000001 total_nodes=1 hash_seed=0xffffffff"],
];

describe('cluster', () => {
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

// -m policy: byte-for-byte checks against the real iptables 1.8.9 (both backends) captured with:
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/time-u32-policy-edges.cmds
//   ../shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/policy.cmds
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
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "-j", "ACCEPT"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec -j ACCEPT\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "none"], "ipv4", "-A INPUT -m policy --dir in --pol none\n"],
  ["policy", ["-A", "OUTPUT", "-m", "policy", "--dir", "out", "--pol", "ipsec"], "ipv4", "-A OUTPUT -m policy --dir out --pol ipsec\n"],
  ["policy", ["-A", "FORWARD", "-m", "policy", "--dir", "out", "--pol", "none"], "ipv4", "-A FORWARD -m policy --dir out --pol none\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--proto", "esp"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --proto esp\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--proto", "ah"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --proto ah\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--proto", "ipcomp"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --proto ipcomp\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--proto", "50"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --proto esp\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--strict", "--reqid", "1", "--spi", "0x1", "--proto", "ipcomp"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --strict --reqid 1 --spi 0x1 --proto ipcomp\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--reqid", "5"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --reqid 5\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--spi", "1000"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --spi 0x3e8\n"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--mode", "transport"], "ipv4", "-A INPUT -m policy --dir in --pol ipsec --mode transport\n"],
];
const INVALID: [string, string[], Family, string][] = [
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "!", "--mode", "tunnel", "!", "--tunnel-src", "192.0.2.0/24", "--tunnel-dst", "203.0.113.1"], "ipv4", "policy match: --tunnel-src/--tunnel-dst is only valid in tunnel mode"],
  ["policy", ["-A", "INPUT", "-m", "policy"], "ipv4", "policy match: neither --dir in nor --dir out specified"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--pol", "ipsec"], "ipv4", "policy match: neither --dir in nor --dir out specified"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "sideways", "--pol", "ipsec"], "ipv4", "policy_match: invalid dir \"sideways\""],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "maybe"], "ipv4", "policy match: invalid policy \"maybe\""],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--strict"], "ipv4", "policy match: empty policy element 0. --strict is in effect, but at least one of reqid, spi, tunnel-src, tunnel-dst, proto or mode is required."],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--strict", "--reqid", "1", "--spi", "0x1", "--proto", "esp", "--tunnel-dst", "10.0.0.0/8"], "ipv4", "policy match: --tunnel-src/--tunnel-dst is only valid in tunnel mode"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--proto", "tcp"], "ipv4", "policy match: protocol must be ah/esp/ipcomp"],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--mode", "foo"], "ipv4", "policy match: invalid mode \"foo\""],
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec", "--next"], "ipv4", "policy: option \"--next\" also requires \"--strict\".\n"],
];
const KERNEL: [string, string[], Family, string][] = [
  ["policy", ["-A", "INPUT", "-m", "policy", "--dir", "out", "--pol", "ipsec"], "ipv4", "EINVAL"],
  ["policy", ["-A", "OUTPUT", "-m", "policy", "--dir", "in", "--pol", "ipsec"], "ipv4", "EINVAL"],
];
const LIST: [string, Family, string, string, string][] = [
  ["policy", "ipv4", "mangle", "-A PREROUTING -m policy --dir in --pol ipsec", " policy match dir in pol ipsec"],
  ["policy", "ipv4", "filter", "-A INPUT -m policy --dir in --pol ipsec -j ACCEPT", " policy match dir in pol ipsec"],
  ["policy", "ipv4", "filter", "-A INPUT -m policy --dir in --pol none", " policy match dir in pol none"],
  ["policy", "ipv4", "filter", "-A INPUT -m policy --dir in --pol ipsec --proto esp", " policy match dir in pol ipsec proto 50"],
  ["policy", "ipv4", "filter", "-A INPUT -m policy --dir in --pol ipsec --proto ah", " policy match dir in pol ipsec proto 51"],
  ["policy", "ipv4", "filter", "-A INPUT -m policy --dir in --pol ipsec --proto ipcomp", " policy match dir in pol ipsec proto 108"],
];

describe('policy', () => {
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
  it.each(["policy", "extra:time-u32-policy-edges"])('replays the %s capture (nft and legacy)', (group) => {
    for (const flavor of ['nft', 'legacy'] as const) {
      for (const r of replayExt(group, flavor)) {
        if (SKIP(r.cmd, r.want, r.got)) continue;
        expect(r.got, `${flavor} ${r.cmd}`).toBe(r.want);
      }
    }
  });
});

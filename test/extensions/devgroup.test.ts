// -m devgroup: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "0"], nft: "-A INPUT -m devgroup --src-group default", list: " src-group 0x0" },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "!", "--src-group", "1", "--dst-group", "0x10/0xff"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--dst-group", "default"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "!", "--dst-group", "5/0xffffffff"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "4294967295"], nft: "-A INPUT -m devgroup --src-group 0xffffffff", list: " src-group 0xffffffff" },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup"], nft: { err: "devgroup match: You must specify either '--src-group' or '--dst-group'" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "nosuch"], nft: { err: "devgroup: could not map name nosuch to an integer value for option \"--src-group\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "1/"], nft: { err: "devgroup: bad integer value for option \"--src-group\", or out of range.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "1/2x"], nft: { err: "devgroup: trailing garbage after value for option \"--src-group\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "1x"], nft: { err: "devgroup: could not map name 1x to an integer value for option \"--src-group\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "1", "--src-group", "2"], nft: { err: "devgroup: option \"--src-group\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "4294967296"], nft: { err: "devgroup: could not map name 4294967296 to an integer value for option \"--src-group\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "1"], nft: "-A INPUT -m devgroup --src-group 0x1", list: " src-group 0x1" },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "!", "--src-group", "default"], nft: "-A INPUT -m devgroup ! --src-group default", list: " ! src-group 0x0" },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "0x10/0xf0"], nft: "-A INPUT -m devgroup --src-group 0x10/0xf0", list: " src-group 0x10/0xf0" },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "!", "--src-group", "7/0xffffffff"], nft: "-A INPUT -m devgroup ! --src-group 0x7", list: " ! src-group 0x7" },
  { f: '4', w: ["-A", "OUTPUT", "-m", "devgroup", "--dst-group", "2"], nft: "-A OUTPUT -m devgroup --dst-group 0x2", list: " dst-group 0x2" },
  { f: '4', w: ["-A", "OUTPUT", "-m", "devgroup", "!", "--dst-group", "0/0"], nft: "-A OUTPUT -m devgroup ! --dst-group 0x0/0x0", list: " ! dst-group 0x0/0x0" },
  { f: '4', w: ["-A", "FORWARD", "-m", "devgroup", "--src-group", "1", "!", "--dst-group", "2"], nft: "-A FORWARD -m devgroup --src-group 0x1 ! --dst-group 0x2", list: " src-group 0x1 ! dst-group 0x2" },
  { f: '4', w: ["-A", "FORWARD", "-m", "devgroup", "--dst-group", "010", "--src-group", "0xa"], nft: "-A FORWARD -m devgroup --src-group 0xa --dst-group 0x8", list: " src-group 0xa dst-group 0x8" },
  { f: '6', w: ["-A", "FORWARD", "-m", "devgroup", "--src-group", "3"], nft: "-A FORWARD -m devgroup --src-group 0x3", list: " src-group 0x3" },
  { f: '4', t: 'mangle', w: ["-A", "POSTROUTING", "-m", "devgroup", "--dst-group", "4"], nft: "-A POSTROUTING -m devgroup --dst-group 0x4", list: " dst-group 0x4" },
  { f: '4', t: 'mangle', w: ["-A", "POSTROUTING", "-m", "devgroup", "--src-group", "4"], nft: { kernel: true } },
  { f: '4', w: ["-A", "OUTPUT", "-m", "devgroup", "--src-group", "4"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "Default"], nft: { err: "devgroup: could not map name Default to an integer value for option \"--src-group\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", ""], nft: { err: "devgroup: could not map name  to an integer value for option \"--src-group\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "devgroup", "--src-group", "1/0x100000000"], nft: { err: "devgroup: bad integer value for option \"--src-group\", or out of range.\n" } },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "INPUT", "-m", "devgroup", "--src-group", "0"], '4', " src-group default"],
  [["-A", "INPUT", "-m", "devgroup", "--src-group", "4294967295"], '4', " src-group 0xffffffff"],
];

describe('devgroup', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

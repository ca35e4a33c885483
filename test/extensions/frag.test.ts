// -m frag: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/frag-ipv6header.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", "1:42", "-j", "DROP"], nft: "-A INPUT -m frag --fragid 1:42 -j DROP", list: " frag ids:1:42" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", "100"], nft: "-A INPUT -m frag --fragid 100", list: " frag id:100" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "!", "--fragid", "1"], nft: "-A INPUT -m frag ! --fragid 1", list: " frag id:!1" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fraglen", "42"], nft: "-A INPUT -m frag --fraglen 42", list: " frag  length:42" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragres"], nft: "-A INPUT -m frag --fragres", list: " frag  reserved" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragfirst"], nft: "-A INPUT -m frag --fragfirst", list: " frag  first" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragmore"], nft: "-A INPUT -m frag --fragmore", list: " frag  more" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fraglast"], nft: "-A INPUT -m frag --fraglast", list: " frag  last" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "!", "--fragid", "1", "!", "--fraglen", "42", "--fragres", "--fragfirst"], nft: "-A INPUT -m frag ! --fragid 1 ! --fraglen 42 --fragres --fragfirst", list: " frag id:!1 length:!42 reserved first" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragfirst", "--fragmore"], nft: "-A INPUT -m frag --fragfirst --fragmore", list: " frag  first more" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragfirst", "--fraglast"], nft: "-A INPUT -m frag --fragfirst --fraglast", list: " frag  first last" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", "0:4294967295"], nft: "-A INPUT -m frag", list: " frag " },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", "42:1"], nft: "-A INPUT -m frag --fragid 42:1", list: " frag ids:42:1" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fraglast", "--fragmore"], nft: { err: "frag: option \"--fragmore\" cannot be used together with \"--fraglast\".\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", "4294967296"], nft: { err: "frag: bad value for option \"--fragid\" near \"4294967296\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "frag", "--fragid", "1"], nft: { err: "Couldn't load match `frag':No such file or directory\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fraglen", "abc"], nft: { err: "frag: bad value for option \"--fraglen\", or out of range (0-4294967295).\n" } },
  { f: '6', w: ["-A", "FORWARD", "-m", "frag", "--fragid", "5", "--fragfirst"], nft: "-A FORWARD -m frag --fragid 5 --fragfirst", list: " frag id:5 first" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", "5:"], nft: "-A INPUT -m frag --fragid 5:4294967295", list: " frag ids:5:4294967295" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fragid", ":5"], nft: "-A INPUT -m frag --fragid 0:5", list: " frag ids:0:5" },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "--fraglen", "5", "--fraglen", "6"], nft: { err: "frag: option \"--fraglen\" can only be used once.\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "!", "--fragres"], nft: { err: "frag: option \"--fragres\" cannot be inverted.\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "frag", "!", "--fraglen", "0"], nft: "-A INPUT -m frag ! --fraglen 0", list: " frag  length:!0" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-m", "frag", "--fragid", "5", "--fragfirst"], '6', " frag id:5 first"],
];

describe('frag', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

// -m length: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/length.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "1", "-j", "ACCEPT"], nft: "-A INPUT -m length --length 1 -j ACCEPT", list: " length 1" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", ":2"], nft: "-A INPUT -m length --length 0:2", list: " length 0:2" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "0:3"], nft: "-A INPUT -m length --length 0:3", list: " length 0:3" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "4:"], nft: "-A INPUT -m length --length 4:65535", list: " length 4:65535" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "0:65535"], nft: "-A INPUT -m length --length 0:65535", list: " length 0:65535" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "!", "--length", "0:65535"], nft: "-A INPUT -m length ! --length 0:65535", list: " length !0:65535" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "1500"], nft: "-A INPUT -m length --length 1500", list: " length 1500" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "64:1500"], nft: "-A INPUT -m length --length 64:1500", list: " length 64:1500" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "1500:64"], nft: "-A INPUT -m length --length 1500:64", list: " length 1500:64" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "0x40"], nft: "-A INPUT -m length --length 64", list: " length 64" },
  { f: '6', w: ["-A", "INPUT", "-m", "length", "--length", "1280:"], nft: "-A INPUT -m length --length 1280:65535", list: " length 1280:65535" },
  { f: '4', w: ["-A", "INPUT", "-m", "length"], nft: { err: "length: option \"--length\" must be specified\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "0:65536"], nft: { err: "length: bad value for option \"--length\" near \"65536\", or out of range (0-65535).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "-1:65535"], nft: { err: "length: bad value for option \"--length\" near \"-1:65535\", or out of range (0-65535).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "abc"], nft: { err: "length: bad value for option \"--length\" near \"abc\", or out of range (0-65535).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "1,2"], nft: { err: "length: Argument to \"--length\" has unexpected characters near \",2\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "5:"], nft: "-A INPUT -m length --length 5:65535", list: " length 5:65535" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", ":5"], nft: "-A INPUT -m length --length 0:5", list: " length 0:5" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", ""], nft: "-A INPUT -m length --length 0", list: " length 0" },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "1:2:3"], nft: { err: "length: Too many components for option \"--length\" (max: 2)\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "length", "--length", "0x10:0100"], nft: "-A INPUT -m length --length 16:64", list: " length 16:64" },
];

describe('length', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

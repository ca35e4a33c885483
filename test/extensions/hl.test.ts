// -m hl: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/ttl-hl.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-eq", "255", "-j", "ACCEPT"], nft: "-A INPUT -m hl --hl-eq 255 -j ACCEPT", list: " HL match HL == 255" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-gt", "10"], nft: "-A INPUT -m hl --hl-gt 10", list: " HL match HL > 10" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-lt", "5"], nft: "-A INPUT -m hl --hl-lt 5", list: " HL match HL < 5" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "!", "--hl-eq", "64"], nft: "-A INPUT -m hl ! --hl-eq 64", list: " HL match HL != 64" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-eq", "0"], nft: "-A INPUT -m hl --hl-eq 0", list: " HL match HL == 0" },
  { f: '4', w: ["-A", "INPUT", "-m", "hl", "--hl-eq", "5"], nft: { err: "Couldn't load match `hl':No such file or directory\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl"], nft: { err: "HL match: You must specify one of `--hl-eq', `--hl-lt', `--hl-gt'" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-eq", "256"], nft: { err: "hl: bad value for option \"--hl-eq\", or out of range (0-255).\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "!", "--hl-lt", "5"], nft: { err: "hl: option \"--hl-lt\" cannot be inverted.\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-eq", "1", "--hl-lt", "3"], nft: { err: "hl: option \"--hl-lt\" cannot be used together with \"--hl-eq\".\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl", "5"], nft: "-A INPUT -m hl --hl-eq 5", list: " HL match HL == 5" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "!", "--hl", "5"], nft: "-A INPUT -m hl ! --hl-eq 5", list: " HL match HL != 5" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-gt", "5", "--hl-lt", "4"], nft: { err: "hl: option \"--hl-lt\" cannot be used together with \"--hl-gt\".\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-eq", "1"], nft: "-A INPUT -m hl --hl-eq 1", list: " HL match HL == 1" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-lt", "0"], nft: "-A INPUT -m hl --hl-lt 0", list: " HL match HL < 0" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-gt", "0x10"], nft: "-A INPUT -m hl --hl-gt 16", list: " HL match HL > 16" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl", "017"], nft: "-A INPUT -m hl --hl-eq 15", list: " HL match HL == 15" },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "!", "--hl-gt", "3"], nft: { err: "hl: option \"--hl-gt\" cannot be inverted.\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl", "1", "--hl-eq", "2"], nft: { err: "hl: option \"--hl-eq\" can only be used once.\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "hl", "--hl-lt", "abc"], nft: { err: "hl: bad value for option \"--hl-lt\", or out of range (0-255).\n" } },
];

describe('hl', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

// -m ttl: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/ttl-hl.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "64", "-j", "ACCEPT"], nft: "-A INPUT -m ttl --ttl-eq 64 -j ACCEPT", list: " TTL match TTL == 64" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-gt", "10"], nft: "-A INPUT -m ttl --ttl-gt 10", list: " TTL match TTL > 10" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-lt", "5"], nft: "-A INPUT -m ttl --ttl-lt 5", list: " TTL match TTL < 5" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "!", "--ttl-eq", "1"], nft: "-A INPUT -m ttl ! --ttl-eq 1", list: " TTL match TTL != 1" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "0"], nft: "-A INPUT -m ttl --ttl-eq 0", list: " TTL match TTL == 0" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "255"], nft: "-A INPUT -m ttl --ttl-eq 255", list: " TTL match TTL == 255" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl", "30"], nft: "-A INPUT -m ttl --ttl-eq 30", list: " TTL match TTL == 30" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl"], nft: { err: "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "256"], nft: { err: "ttl: bad value for option \"--ttl-eq\", or out of range (0-255).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "-1"], nft: { err: "ttl: bad value for option \"--ttl-eq\", or out of range (0-255).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "!", "--ttl-gt", "5"], nft: { err: "ttl: option \"--ttl-gt\" cannot be inverted.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "!", "--ttl-lt", "5"], nft: { err: "ttl: option \"--ttl-lt\" cannot be inverted.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "5", "--ttl-gt", "3"], nft: { err: "ttl: option \"--ttl-gt\" cannot be used together with \"--ttl-eq\".\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "5"], nft: { err: "Couldn't load match `ttl':No such file or directory\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl", "5"], nft: "-A INPUT -m ttl --ttl-eq 5", list: " TTL match TTL == 5" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "!", "--ttl", "5"], nft: "-A INPUT -m ttl ! --ttl-eq 5", list: " TTL match TTL != 5" },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-eq", "1", "--ttl", "2"], nft: { err: "ttl: option \"--ttl-eq\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-lt", "5", "--ttl-lt", "6"], nft: { err: "ttl: option \"--ttl-lt\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-lt", "5", "--ttl-gt", "6"], nft: { err: "ttl: option \"--ttl-lt\" cannot be used together with \"--ttl-gt\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ttl", "--ttl-gt", "5", "--ttl", "6"], nft: { err: "ttl: option \"--ttl-gt\" cannot be used together with \"--ttl-eq\".\n" } },
];

describe('ttl', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

// -m quota: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "1000"], nft: "-A INPUT -m quota --quota 1000", list: " quota: 1000 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "!", "--quota", "0"], nft: "-A INPUT -m quota ! --quota 0", list: " quota: 0 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "18446744073709551615"], nft: "-A INPUT -m quota --quota 18446744073709551615", list: " quota: 18446744073709551615 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "0x100"], nft: "-A INPUT -m quota --quota 256", list: " quota: 256 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota"], nft: { err: "quota: option \"--quota\" must be specified\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "18446744073709551616"], nft: { err: "quota: bad value for option \"--quota\", or out of range (0-18446744073709551615).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "1k"], nft: { err: "quota: bad value for option \"--quota\", or out of range (0-18446744073709551615).\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "quota", "--quota", "5"], nft: "-A INPUT -m quota --quota 5", list: " quota: 5 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "5", "--quota", "6"], nft: { err: "quota: option \"--quota\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "!", "--quota", "1024"], nft: "-A INPUT -m quota ! --quota 1024", list: " quota: 1024 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "0"], nft: "-A INPUT -m quota --quota 0", list: " quota: 0 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "010"], nft: "-A INPUT -m quota --quota 8", list: " quota: 8 bytes" },
  { f: '6', w: ["-A", "INPUT", "-m", "quota", "!", "--quota", "18446744073709551615"], nft: "-A INPUT -m quota ! --quota 18446744073709551615", list: " quota: 18446744073709551615 bytes" },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "-1"], nft: { err: "quota: bad value for option \"--quota\", or out of range (0-18446744073709551615).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "quota", "--quota", "1.5"], nft: { err: "quota: bad value for option \"--quota\", or out of range (0-18446744073709551615).\n" } },
];

describe('quota', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

// -m cpu: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "0"], nft: "-A INPUT -m cpu --cpu 0", list: " cpu 0" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "!", "--cpu", "3"], nft: "-A INPUT -m cpu ! --cpu 3", list: " cpu ! 3" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "0x10"], nft: "-A INPUT -m cpu --cpu 16", list: " cpu 16" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "4294967295"], nft: "-A INPUT -m cpu --cpu 4294967295", list: " cpu 4294967295" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu"], nft: { err: "cpu: option \"--cpu\" must be specified\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "-1"], nft: { err: "cpu: bad value for option \"--cpu\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "4294967296"], nft: { err: "cpu: bad value for option \"--cpu\", or out of range (0-4294967295).\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "1"], nft: "-A INPUT -m cpu --cpu 1", list: " cpu 1" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "!", "--cpu", "0"], nft: "-A INPUT -m cpu ! --cpu 0", list: " cpu ! 0" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "1", "--cpu", "2"], nft: { err: "cpu: option \"--cpu\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "abc"], nft: { err: "cpu: bad value for option \"--cpu\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "!", "--cpu", "0x"], nft: { err: "cpu: bad value for option \"--cpu\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "07"], nft: "-A INPUT -m cpu --cpu 7", list: " cpu 7" },
  { f: '4', w: ["-A", "INPUT", "-m", "cpu", "--cpu", "99"], nft: "-A INPUT -m cpu --cpu 99", list: " cpu 99" },
  { f: '6', w: ["-A", "INPUT", "-m", "cpu", "!", "--cpu", "4294967295"], nft: "-A INPUT -m cpu ! --cpu 4294967295", list: " cpu ! 4294967295" },
];

describe('cpu', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

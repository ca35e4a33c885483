// -m esp: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/frag-ipv6header.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '6', w: ["-A", "INPUT", "-m", "esp", "--espspi", "1:100"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "500"], nft: "-A INPUT -p esp -m esp --espspi 500", list: " esp spi:500" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "!", "--espspi", "1:100"], nft: "-A INPUT -p esp -m esp ! --espspi 1:100", list: " esp spis:!1:100" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp"], nft: "-A INPUT -p esp -m esp", list: " esp" },
  { f: '4', w: ["-A", "INPUT", "-p", "50", "-m", "esp", "--espspi", "7"], nft: "-A INPUT -p esp -m esp --espspi 7", list: " esp spi:7" },
  { f: '6', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "1:4294967295"], nft: "-A INPUT -p esp -m esp --espspi 1:4294967295", list: " esp spis:1:4294967295" },
  { f: '4', w: ["-A", "INPUT", "-m", "esp", "--espspi", "5"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "abc"], nft: { err: "esp: bad value for option \"--espspi\" near \"abc\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "1", "--espspi", "2"], nft: { err: "esp: option \"--espspi\" can only be used once.\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "esp", "!", "--espspi", "0:4294967295"], nft: { kernel: true } },
  { f: '6', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "!", "--espspi", "0:4294967295"], nft: "-A INPUT -p esp -m esp", list: " esp spis:!0:4294967295" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "0"], nft: "-A INPUT -p esp -m esp --espspi 0", list: " esp spi:0" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "5:"], nft: "-A INPUT -p esp -m esp --espspi 5:4294967295", list: " esp spis:5:4294967295" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", ":5"], nft: "-A INPUT -p esp -m esp --espspi 0:5", list: " esp spis:0:5" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "!", "--espspi", "4294967295"], nft: "-A INPUT -p esp -m esp ! --espspi 4294967295", list: " esp spi:!4294967295" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "0x10:0x20"], nft: "-A INPUT -p esp -m esp --espspi 16:32", list: " esp spis:16:32" },
  { f: '6', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "!", "--espspi", "7"], nft: "-A INPUT -p esp -m esp ! --espspi 7", list: " esp spi:!7" },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "1:2:3"], nft: { err: "esp: Too many components for option \"--espspi\" (max: 2)\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "esp", "-m", "esp", "--espspi", "1,2"], nft: { err: "esp: Argument to \"--espspi\" has unexpected characters near \",2\".\n" } },
];

describe('esp', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

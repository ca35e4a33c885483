// -m ah: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/frag-ipv6header.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '6', w: ["-A", "INPUT", "-m", "ah", "--ahspi", "500"], nft: "-A INPUT -m ah --ahspi 500", list: " ah spi:500" },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", "500"], nft: "-A INPUT -p ah -m ah --ahspi 500", list: " ah spi:500" },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "!", "--ahspi", "1:100"], nft: "-A INPUT -p ah -m ah ! --ahspi 1:100", list: " ah spis:!1:100" },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", "5:"], nft: "-A INPUT -p ah -m ah --ahspi 5:4294967295", list: " ah spis:5:4294967295" },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", ":5"], nft: "-A INPUT -p ah -m ah --ahspi 0:5", list: " ah spis:0:5" },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah"], nft: "-A INPUT -p ah -m ah", list: " ah " },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", "0:4294967295"], nft: "-A INPUT -p ah -m ah", list: " ah " },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "!", "--ahspi", "0:4294967295"], nft: "-A INPUT -p ah -m ah", list: " ah spis:!0:4294967295" },
  { f: '4', w: ["-A", "INPUT", "-m", "ah", "--ahspi", "5"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahlen", "5"], nft: { err: "unknown option \"--ahlen\"" } },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", "4294967296"], nft: { err: "ah: bad value for option \"--ahspi\" near \"4294967296\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", "1:2:3"], nft: { err: "ah: Too many components for option \"--ahspi\" (max: 2)\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "ah", "-m", "ah", "--ahspi", "0x10"], nft: "-A INPUT -p ah -m ah --ahspi 16", list: " ah spi:16" },
  { f: '6', w: ["-A", "INPUT", "-m", "ah", "--ahspi", "500", "--ahlen", "8", "--ahres"], nft: "-A INPUT -m ah --ahspi 500 --ahlen 8 --ahres", list: " ah spi:500length:8 reserved" },
  { f: '6', w: ["-A", "INPUT", "-m", "ah", "!", "--ahspi", "1:2", "!", "--ahlen", "0"], nft: "-A INPUT -m ah ! --ahspi 1:2 ! --ahlen 0", list: " ah spis:!1:2length:!0" },
  { f: '6', w: ["-A", "INPUT", "-m", "ah"], nft: "-A INPUT -m ah", list: " ah " },
  { f: '6', w: ["-A", "INPUT", "-m", "ah", "--ahres"], nft: "-A INPUT -m ah --ahres", list: " ah  reserved" },
  { f: '6', w: ["-A", "INPUT", "-m", "ah", "--ahlen", "4294967296"], nft: { err: "ah: bad value for option \"--ahlen\", or out of range (0-4294967295).\n" } },
  { f: '4', w: ["-A", "FORWARD", "-p", "ah", "-m", "ah", "--ahspi", "5"], nft: "-A FORWARD -p ah -m ah --ahspi 5", list: " ah spi:5" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "ah", "-m", "ah", "--ahspi", "5"], '4', " ah spi:5"],
];

describe('ah', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

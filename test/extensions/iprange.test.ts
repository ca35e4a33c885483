// -m iprange: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/iprange.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.1-192.0.2.10", "-j", "ACCEPT"], nft: "-A INPUT -m iprange --src-range 192.0.2.1-192.0.2.10 -j ACCEPT", list: " source IP range 192.0.2.1-192.0.2.10" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "!", "--src-range", "192.0.2.1-192.0.2.10"], nft: "-A INPUT -m iprange ! --src-range 192.0.2.1-192.0.2.10", list: " source IP range ! 192.0.2.1-192.0.2.10" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--dst-range", "198.51.100.0-198.51.100.255"], nft: "-A INPUT -m iprange --dst-range 198.51.100.0-198.51.100.255", list: " destination IP range 198.51.100.0-198.51.100.255" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "!", "--dst-range", "10.0.0.1-10.0.0.1"], nft: "-A INPUT -m iprange ! --dst-range 10.0.0.1-10.0.0.1", list: " destination IP range ! 10.0.0.1-10.0.0.1" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.5", "--dst-range", "10.0.0.0-10.255.255.255"], nft: "-A INPUT -m iprange --src-range 192.0.2.5-192.0.2.5 --dst-range 10.0.0.0-10.255.255.255", list: " source IP range 192.0.2.5-192.0.2.5 destination IP range 10.0.0.0-10.255.255.255" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.10-192.0.2.1"], nft: "-A INPUT -m iprange --src-range 192.0.2.10-192.0.2.1", list: " source IP range 192.0.2.10-192.0.2.1" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "0.0.0.0-255.255.255.255"], nft: "-A INPUT -m iprange --src-range 0.0.0.0-255.255.255.255", list: " source IP range 0.0.0.0-255.255.255.255" },
  { f: '6', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "2001:db8::1-2001:db8::ff"], nft: "-A INPUT -m iprange --src-range 2001:db8::1-2001:db8::ff", list: " source IP range 2001:db8::1-2001:db8::ff" },
  { f: '6', w: ["-A", "INPUT", "-m", "iprange", "!", "--dst-range", "2001:db8::-2001:db8:0:0:ffff:ffff:ffff:ffff"], nft: "-A INPUT -m iprange ! --dst-range 2001:db8::-2001:db8::ffff:ffff:ffff:ffff", list: " destination IP range ! 2001:db8::-2001:db8::ffff:ffff:ffff:ffff" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange"], nft: { err: "iprange match: You must specify `--src-range' or `--dst-range'" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.1-"], nft: { err: "iprange: Bad value for \"--src-range\" option: \"\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.300-192.0.2.301"], nft: { err: "iprange: Bad value for \"--src-range\" option: \"192.0.2.300\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.0/24"], nft: { err: "iprange: Bad value for \"--src-range\" option: \"192.0.2.0/24\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "2001:db8::1-2001:db8::2"], nft: { err: "iprange: Bad value for \"--src-range\" option: \"2001:db8::1\"" } },
  { f: '6', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "192.0.2.1-192.0.2.2"], nft: { err: "iprange: Bad value for \"--src-range\" option: \"192.0.2.1\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "1.1.1.1-1.1.1.2", "--src-range", "1.1.1.3-1.1.1.4"], nft: { err: "iprange: option \"--src-range\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "1.2.3-1.2.4"], nft: "-A INPUT -m iprange --src-range 1.2.3.0-1.2.4.0", list: " source IP range 1.2.3.0-1.2.4.0" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "1.2.3.4-1.2.3.5-1.2.3.6"], nft: { err: "iprange: Bad value for \"--src-range\" option: \"1.2.3.5-1.2.3.6\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--dst-range", "10.0.0.1", "!", "--src-range", "10.0.0.2-10.0.0.3"], nft: "-A INPUT -m iprange ! --src-range 10.0.0.2-10.0.0.3 --dst-range 10.0.0.1-10.0.0.1", list: " source IP range ! 10.0.0.2-10.0.0.3 destination IP range 10.0.0.1-10.0.0.1" },
  { f: '6', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "::1-::2"], nft: "-A INPUT -m iprange --src-range ::1-::2", list: " source IP range ::1-::2" },
  { f: '6', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "::ffff:1.2.3.4"], nft: "-A INPUT -m iprange --src-range ::ffff:1.2.3.4-::ffff:1.2.3.4", list: " source IP range ::ffff:1.2.3.4-::ffff:1.2.3.4" },
  { f: '4', w: ["-A", "INPUT", "-m", "iprange", "--src-range", "0x1.0.0.1-010.0.0.1"], nft: "-A INPUT -m iprange --src-range 1.0.0.1-8.0.0.1", list: " source IP range 1.0.0.1-8.0.0.1" },
];

describe('iprange', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

// -m udp: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/frag-ipv6header.cmds, test/golden/rules/udp.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "53", "-j", "ACCEPT"], nft: "-A INPUT -p udp -m udp --dport 53 -j ACCEPT", list: " udp dpt:53" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "domain"], nft: "-A INPUT -p udp -m udp --dport 53", list: " udp dpt:53" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "ntp"], nft: "-A INPUT -p udp -m udp --sport 123", list: " udp spt:123" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "-m", "udp", "--sport", "1024:65535", "--dport", "53"], nft: "-A INPUT -p udp -m udp --sport 1024:65535 --dport 53", list: " udp spts:1024:65535 dpt:53" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", "53"], nft: "-A INPUT -p udp -m udp ! --dport 53", list: " udp dpt:!53" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--sport", "67:68"], nft: "-A INPUT -p udp -m udp ! --sport 67:68", list: " udp spts:!67:68" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "33434:"], nft: "-A INPUT -p udp -m udp --dport 33434:65535", list: " udp dpts:33434:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", ":1023"], nft: "-A INPUT -p udp -m udp --sport 0:1023", list: " udp spts:0:1023" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--source-port", "500", "--destination-port", "4500"], nft: "-A INPUT -p udp -m udp --sport 500 --dport 4500", list: " udp spt:500 dpt:4500" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dpo", "123"], nft: "-A INPUT -p udp -m udp --dport 123", list: " udp dpt:123" },
  { f: '4', w: ["-A", "INPUT", "-p", "17", "--dport", "69"], nft: "-A INPUT -p udp -m udp --dport 69", list: " udp dpt:69" },
  { f: '4', w: ["-A", "INPUT", "-p", "UDP", "--dport", "69"], nft: "-A INPUT -p udp -m udp --dport 69", list: " udp dpt:69" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "-m", "udp"], nft: "-A INPUT -p udp -m udp", list: " udp" },
  { f: '6', w: ["-A", "INPUT", "-p", "udp", "--dport", "546", "--sport", "547"], nft: "-A INPUT -p udp -m udp --sport 547 --dport 546", list: " udp spt:547 dpt:546" },
  { f: '6', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", "53"], nft: "-A INPUT -p udp -m udp ! --dport 53", list: " udp dpt:!53" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "65536"], nft: "-A INPUT -p udp -m udp --dport 0", list: " udp dpt:0" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "nosuch"], nft: { err: "Port \"nosuch\" does not resolve to anything.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--syn"], nft: { err: "unknown option \"--syn\"" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--tcp-flags", "SYN", "SYN"], nft: { err: "unknown option \"--tcp-flags\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "udp", "--dport", "53"], nft: { err: "UDP match requires '-p udp'" }, legacy: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "53", "--dport", "54"], nft: { err: "udp: option \"--destination-port\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "1:"], nft: "-A INPUT -p udp -m udp --dport 1:65535", list: " udp dpts:1:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "udp", "--dport", "53"], nft: { err: "UDP match requires '-p udp'" }, legacy: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "-5"], nft: { err: "Port \"-5\" does not resolve to anything.\n" } },
  { f: '6', w: ["-A", "INPUT", "-d", "ff02::fb/128", "-p", "udp", "-m", "udp", "--dport", "5353", "-m", "frag", "--fragmore"], nft: "-A INPUT -d ff02::fb/128 -p udp -m udp --dport 5353 -m frag --fragmore", list: " udp dpt:5353 frag  more" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "65537"], nft: "-A INPUT -p udp -m udp --dport 1", list: " udp dpt:1" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "4294967297"], nft: "-A INPUT -p udp -m udp --dport 1", list: " udp dpt:1" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", " 22"], nft: "-A INPUT -p udp -m udp --dport 22", list: " udp dpt:22" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "+5"], nft: "-A INPUT -p udp -m udp --dport 5", list: " udp dpt:5" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "0x10"], nft: { err: "Port \"0x10\" does not resolve to anything.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "010"], nft: "-A INPUT -p udp -m udp --dport 10", list: " udp dpt:10" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "5:"], nft: "-A INPUT -p udp -m udp --dport 5:65535", list: " udp dpts:5:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", ":"], nft: "-A INPUT -p udp -m udp", list: " udp" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "1:2:3"], nft: { err: "udp: Too many components for option \"--destination-port\" (max: 2)\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "5:3"], nft: "-A INPUT -p udp -m udp --dport 5:3", list: " udp dpts:5:3" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "http"], nft: "-A INPUT -p udp -m udp --dport 80", list: " udp dpt:80" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "0:65535"], nft: "-A INPUT -p udp -m udp", list: " udp" },
  // the real iptables-nft prints "-A INPUT -p udp"; nfsim refuses it explicitly (not emulated)
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--sport", "0:65535"], nft: { err: "unsupported: iptables-nft drops a udp match that only inverts full port ranges (the rule keeps no udp match)" }, legacy: "-A INPUT -p udp -m udp", legacyList: " udp spts:!0:65535" },
  { f: '4', w: ["-A", "INPUT", "!", "-p", "udp", "-m", "udp", "--dport", "53"], nft: "-A INPUT ! -p udp -m udp --dport 53", legacy: { kernel: true }, list: " udp dpt:53" },
  { f: '4', w: ["-A", "INPUT", "-m", "udp"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "udp"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "53", "!", "--dport", "54"], nft: { err: "udp: option \"--destination-port\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", "53", "--dport", "54"], nft: { err: "udp: option \"--destination-port\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--destination-port", "53", "--sport", "1", "--dport", "5"], nft: { err: "udp: option \"--destination-port\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", ""], nft: "-A INPUT -p udp -m udp --dport 0", list: " udp dpt:0" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "22,23"], nft: { err: "Port \"22,23\" does not resolve to anything.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", ":1023"], nft: "-A INPUT -p udp -m udp --dport 1024:65535", legacy: "-A INPUT -p udp -m udp ! --dport 0:1023", list: " udp dpts:1024:65535", legacyList: " udp dpts:!0:1023" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", ":1023"], nft: "-A INPUT -p udp -m udp --dport 0:1023", list: " udp dpts:0:1023" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--sport", "5:3"], nft: "-A INPUT -p udp -m udp ! --sport 5:3", list: " udp spts:!5:3" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", "1024:"], nft: "-A INPUT -p udp -m udp ! --dport 1024:65535", list: " udp dpts:!1024:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "5", "--dport", "6"], nft: "-A INPUT -p udp -m udp --sport 5 --dport 6", list: " udp spt:5 dpt:6" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--sport", "5", "!", "--dport", "6"], nft: "-A INPUT -p udp -m udp ! --sport 5 ! --dport 6", list: " udp spt:!5 dpt:!6" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "5", "!", "--dport", "6"], nft: "-A INPUT -p udp -m udp --sport 5 ! --dport 6", list: " udp spt:5 dpt:!6" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--sport", "0:65535", "--dport", "6"], nft: "-A INPUT -p udp -m udp --dport 6", list: " udp dpt:6", legacyList: " udp spts:!0:65535 dpt:6" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", "0"], nft: "-A INPUT -p udp -m udp ! --dport 0", list: " udp dpt:!0" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--dport", "0:0"], nft: "-A INPUT -p udp -m udp ! --dport 0", list: " udp dpt:!0" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "65535"], nft: "-A INPUT -p udp -m udp --dport 65535", list: " udp dpt:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "!", "--sport", ":65534"], nft: "-A INPUT -p udp -m udp --sport 65535", legacy: "-A INPUT -p udp -m udp ! --sport 0:65534", list: " udp spt:65535", legacyList: " udp spts:!0:65534" },
  { f: '4', w: ["-A", "FORWARD", "-p", "udp", "--dport", "53", "--sport", "1024:65535"], nft: "-A FORWARD -p udp -m udp --sport 1024:65535 --dport 53", list: " udp spts:1024:65535 dpt:53" },
  { f: '4', w: ["-A", "FORWARD", "-p", "udp", "!", "--dport", "5353"], nft: "-A FORWARD -p udp -m udp ! --dport 5353", list: " udp dpt:!5353" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "0", "--dport", "0"], nft: "-A INPUT -p udp -m udp --sport 0 --dport 0", list: " udp spt:0 dpt:0" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--sport", "5", "--dport", "5"], nft: "-A INPUT -p udp -m udp --sport 5 --dport 5", list: " udp spt:5 dpt:5" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "--dport", "53", "--sport", "53"], nft: "-A INPUT -p udp -m udp --sport 53 --dport 53", list: " udp spt:53 dpt:53" },
  { f: '4', w: ["-A", "OUTPUT", "-p", "udp", "--dport", "53"], nft: "-A OUTPUT -p udp -m udp --dport 53", list: " udp dpt:53" },
  // the real iptables-nft prints "-A INPUT -p udp -m udp --sport 5 --dport 53"; nfsim refuses it explicitly (not emulated)
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "-m", "udp", "--dport", "53", "-m", "udp", "--sport", "5"], nft: { err: "unsupported: iptables-nft merges several udp matches with ports of one rule into one" }, legacy: "-A INPUT -p udp -m udp --dport 53 -m udp --sport 5", legacyList: " udp dpt:53 udp spt:5" },
  { f: '4', w: ["-A", "INPUT", "-m", "udp", "--dport", "53", "-p", "udp"], nft: "-A INPUT -p udp -m udp --dport 53", list: " udp dpt:53" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "udp", "--dport", "53", "--sport", "1024:65535"], '4', " udp spts:1024:65535 dpt:domain"],
  [["-A", "FORWARD", "-p", "udp", "!", "--dport", "5353"], '4', " udp dpt:!mdns"],
];

describe('udp', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

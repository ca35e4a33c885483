// -m pkttype: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/pkttype.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "unicast", "-j", "ACCEPT"], nft: "-A INPUT -m pkttype --pkt-type unicast -j ACCEPT", list: " PKTTYPE = unicast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "broadcast"], nft: "-A INPUT -m pkttype --pkt-type broadcast", list: " PKTTYPE = broadcast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "multicast"], nft: "-A INPUT -m pkttype --pkt-type multicast", list: " PKTTYPE = multicast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "!", "--pkt-type", "broadcast"], nft: "-A INPUT -m pkttype ! --pkt-type broadcast", list: " PKTTYPE != broadcast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "host"], nft: "-A INPUT -m pkttype --pkt-type unicast", list: " PKTTYPE = unicast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "otherhost"], nft: "-A INPUT -m pkttype --pkt-type otherhost", list: " PKTTYPE = otherhost" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "BROADCAST"], nft: "-A INPUT -m pkttype --pkt-type broadcast", list: " PKTTYPE = broadcast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "0"], nft: { err: "Bad packet type '0'" } },
  { f: '6', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "multicast"], nft: "-A INPUT -m pkttype --pkt-type multicast", list: " PKTTYPE = multicast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype"], nft: { err: "pkttype: option \"--pkt-type\" must be specified\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "wrong"], nft: { err: "Bad packet type 'wrong'" } },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "unicast", "--pkt-type", "multicast"], nft: { err: "pkttype: option \"--pkt-type\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "HOST"], nft: "-A INPUT -m pkttype --pkt-type unicast", list: " PKTTYPE = unicast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "Mcast"], nft: "-A INPUT -m pkttype --pkt-type multicast", list: " PKTTYPE = multicast" },
  { f: '4', w: ["-A", "INPUT", "-m", "pkttype", "--pkt-type", "bcast"], nft: "-A INPUT -m pkttype --pkt-type broadcast", list: " PKTTYPE = broadcast" },
];

describe('pkttype', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

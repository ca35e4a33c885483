// -m mac: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/mac.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "42:01:02:03:04:05", "-j", "ACCEPT"], nft: "-A INPUT -m mac --mac-source 42:01:02:03:04:05 -j ACCEPT", list: " MAC 42:01:02:03:04:05" },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "AA:BB:CC:DD:EE:FF"], nft: "-A INPUT -m mac --mac-source aa:bb:cc:dd:ee:ff", list: " MAC aa:bb:cc:dd:ee:ff" },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "aa:bb:cc:dd:ee:0f"], nft: "-A INPUT -m mac --mac-source aa:bb:cc:dd:ee:0f", list: " MAC aa:bb:cc:dd:ee:0f" },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "!", "--mac-source", "00:11:22:33:44:55"], nft: "-A INPUT -m mac ! --mac-source 00:11:22:33:44:55", list: " MAC ! 00:11:22:33:44:55" },
  { f: '4', w: ["-A", "FORWARD", "-m", "mac", "--mac-source", "02:00:00:00:00:01"], nft: "-A FORWARD -m mac --mac-source 02:00:00:00:00:01", list: " MAC 02:00:00:00:00:01" },
  { f: '4', t: 'mangle', w: ["-A", "PREROUTING", "-m", "mac", "--mac-source", "02:00:00:00:00:02"], nft: "-A PREROUTING -m mac --mac-source 02:00:00:00:00:02", list: " MAC 02:00:00:00:00:02" },
  { f: '4', t: 'nat', w: ["-A", "PREROUTING", "-m", "mac", "--mac-source", "02:00:00:00:00:03"], nft: "-A PREROUTING -m mac --mac-source 02:00:00:00:00:03", list: " MAC 02:00:00:00:00:03" },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "2:0:0:0:0:1"], nft: "-A INPUT -m mac --mac-source 02:00:00:00:00:01", list: " MAC 02:00:00:00:00:01" },
  { f: '6', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "02:00:00:00:00:04"], nft: "-A INPUT -m mac --mac-source 02:00:00:00:00:04", list: " MAC 02:00:00:00:00:04" },
  { f: '4', w: ["-A", "INPUT", "-m", "mac"], nft: { err: "mac: option \"--mac-source\" must be specified\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "42:01:02:03:04"], nft: { err: "Invalid MAC address specified." } },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "42:01:02:03:04:05:06"], nft: { err: "Invalid MAC address specified." } },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "zz:01:02:03:04:05"], nft: { err: "Invalid MAC address specified." } },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "42-01-02-03-04-05"], nft: { err: "Invalid MAC address specified." } },
  { f: '4', w: ["-A", "OUTPUT", "-m", "mac", "--mac-source", "42:01:02:03:04:05"], nft: { kernel: true } },
  { f: '4', t: 'nat', w: ["-A", "POSTROUTING", "-m", "mac", "--mac-source", "42:01:02:03:04:05"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-destination", "42:01:02:03:04:05"], nft: { err: "unknown option \"--mac-destination\"" } },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "0:0:0:0:0:0"], nft: "-A INPUT -m mac --mac-source 00:00:00:00:00:00", list: " MAC 00:00:00:00:00:00" },
  { f: '4', w: ["-A", "INPUT", "-m", "mac", "--mac-source", "000:0:0:0:0:0"], nft: { err: "Invalid MAC address specified." } },
];

describe('mac', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
});

// -m icmp6: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/icmp.cmds, test/golden/rules/icmp6.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmp-type", "8"], nft: { err: "unknown option \"--icmp-type\"" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "echo-request", "-j", "ACCEPT"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT", list: " ipv6-icmptype 128" },
  { f: '6', w: ["-A", "INPUT", "-p", "ipv6-icmp", "--icmpv6-type", "128"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128", list: " ipv6-icmptype 128" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "128/0"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128/0", list: " ipv6-icmptype 128 code 0" },
  { f: '6', w: ["-A", "INPUT", "-p", "58", "--icmpv6-type", "echo-reply"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 129", list: " ipv6-icmptype 129" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "!", "--icmpv6-type", "neighbour-solicitation"], nft: "-A INPUT -p ipv6-icmp -m icmp6 ! --icmpv6-type 135", list: " ipv6-icmp !type 135" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "neighbor-solicitation"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135", list: " ipv6-icmptype 135" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "neighbour-advertisement"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 136", list: " ipv6-icmptype 136" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "router-solicitation"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133", list: " ipv6-icmptype 133" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "router-advertisement"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 134", list: " ipv6-icmptype 134" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "redirect"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 137", list: " ipv6-icmptype 137" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "destination-unreachable"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1", list: " ipv6-icmptype 1" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "no-route"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/0", list: " ipv6-icmptype 1 code 0" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "communication-prohibited"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/1", list: " ipv6-icmptype 1 code 1" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "address-unreachable"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/3", list: " ipv6-icmptype 1 code 3" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "port-unreachable"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/4", list: " ipv6-icmptype 1 code 4" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "packet-too-big"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 2", list: " ipv6-icmptype 2" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "time-exceeded"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 3", list: " ipv6-icmptype 3" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "ttl-zero-during-transit"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 3/0", list: " ipv6-icmptype 3 code 0" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "parameter-problem"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 4", list: " ipv6-icmptype 4" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "unknown-option"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 4/2", list: " ipv6-icmptype 4 code 2" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "1/3"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/3", list: " ipv6-icmptype 1 code 3" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "255"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 255", list: " ipv6-icmptype 255" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "135/0"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135/0", list: " ipv6-icmptype 135 code 0" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "1"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1", list: " ipv6-icmptype 1" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "ping"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128", list: " ipv6-icmptype 128" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "-m", "icmp6", "--icmpv6-type", "133"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 133", list: " ipv6-icmptype 133" },
  { f: '6', w: ["-A", "INPUT", "-p", "ICMPv6", "--icmpv6-type", "2"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 2", list: " ipv6-icmptype 2" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6"], nft: "-A INPUT -p ipv6-icmp", list: "" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "256"], nft: { err: "Unknown ICMPv6 type `256'" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "nosuch"], nft: { err: "Unknown ICMPv6 type `nosuch'" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "any"], nft: { err: "Unknown ICMPv6 type `any'" } },
  { f: '6', w: ["-A", "INPUT", "--icmpv6-type", "128"], nft: { err: "unknown option \"--icmpv6-type\"" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmp-type", "128"], nft: { err: "unknown option \"--icmp-type\"" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "1/256"], nft: { err: "Unknown ICMPv6 code `1/256'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "128"], nft: { err: "unknown option \"--icmpv6-type\"" } },
  { f: '6', w: ["-A", "FORWARD", "-p", "icmpv6", "--icmpv6-type", "echo-request"], nft: "-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 128", list: " ipv6-icmptype 128" },
  { f: '6', w: ["-A", "FORWARD", "-p", "icmpv6", "!", "--icmpv6-type", "1/200"], nft: "-A FORWARD -p ipv6-icmp -m icmp6 ! --icmpv6-type 1/200", list: " ipv6-icmp !type 1 code 200" },
  { f: '6', w: ["-A", "FORWARD", "-p", "icmpv6", "--icmpv6-type", "200"], nft: "-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 200", list: " ipv6-icmptype 200" },
  { f: '6', w: ["-A", "FORWARD", "-p", "icmpv6", "--icmpv6-type", "neighbor-advertisement"], nft: "-A FORWARD -p ipv6-icmp -m icmp6 --icmpv6-type 136", list: " ipv6-icmptype 136" },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "neigh"], nft: { err: "Ambiguous ICMPv6 type `neigh': `neighbour-solicitation' or `neighbor-solicitation'?" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "neighbo"], nft: { err: "Ambiguous ICMPv6 type `neighbo': `neighbour-solicitation' or `neighbor-solicitation'?" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "128:129"], nft: { err: "ICMPv6 type range not supported" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "1/2:3"], nft: "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 1/2", list: " ipv6-icmptype 1 codes 2-3" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "icmpv6", "--icmpv6-type", "echo-request"], '6', " ipv6-icmp echo-request"],
  [["-A", "FORWARD", "-p", "icmpv6", "!", "--icmpv6-type", "1/200"], '6', " ipv6-icmp !type 1 code 200"],
  [["-A", "FORWARD", "-p", "icmpv6", "--icmpv6-type", "200"], '6', " ipv6-icmptype 200"],
  [["-A", "FORWARD", "-p", "icmpv6", "--icmpv6-type", "neighbor-advertisement"], '6', " ipv6-icmp neighbour-advertisement"],
];

describe('icmp6', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

// -m icmp: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/icmp.cmds, test/golden/rules/icmp6.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "echo-request", "-j", "ACCEPT"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8/0"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8/0", list: " icmptype 8 code 0" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "any"], nft: "-A INPUT -p icmp -m icmp --icmp-type any", list: " icmptype 255" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "!", "--icmp-type", "echo-reply"], nft: "-A INPUT -p icmp -m icmp ! --icmp-type 0", list: " icmp !type 0" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "destination-unreachable"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3", list: " icmptype 3" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "3"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3", list: " icmptype 3" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "3/4"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3/4", list: " icmptype 3 code 4" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "fragmentation-needed"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3/4", list: " icmptype 3 code 4" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "port-unreachable"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3/3", list: " icmptype 3 code 3" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "host-prohibited"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3/10", list: " icmptype 3 code 10" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "time-exceeded"], nft: "-A INPUT -p icmp -m icmp --icmp-type 11", list: " icmptype 11" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "ttl-zero-during-transit"], nft: "-A INPUT -p icmp -m icmp --icmp-type 11/0", list: " icmptype 11 code 0" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "parameter-problem"], nft: "-A INPUT -p icmp -m icmp --icmp-type 12", list: " icmptype 12" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "redirect"], nft: "-A INPUT -p icmp -m icmp --icmp-type 5", list: " icmptype 5" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "source-quench"], nft: "-A INPUT -p icmp -m icmp --icmp-type 4", list: " icmptype 4" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "timestamp-request"], nft: "-A INPUT -p icmp -m icmp --icmp-type 13", list: " icmptype 13" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "router-advertisement"], nft: "-A INPUT -p icmp -m icmp --icmp-type 9", list: " icmptype 9" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "address-mask-reply"], nft: "-A INPUT -p icmp -m icmp --icmp-type 18", list: " icmptype 18" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "255"], nft: "-A INPUT -p icmp -m icmp --icmp-type any", list: " icmptype 255" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "0/0"], nft: "-A INPUT -p icmp -m icmp --icmp-type 0/0", list: " icmptype 0 code 0" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "200/7"], nft: "-A INPUT -p icmp -m icmp --icmp-type 200/7", list: " icmptype 200 code 7" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "pong"], nft: "-A INPUT -p icmp -m icmp --icmp-type 0", list: " icmptype 0" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "ping"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "echo-req"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "-m", "icmp", "--icmp-type", "11/1"], nft: "-A INPUT -p icmp -m icmp --icmp-type 11/1", list: " icmptype 11 code 1" },
  { f: '4', w: ["-A", "INPUT", "-p", "1", "--icmp-type", "0"], nft: "-A INPUT -p icmp -m icmp --icmp-type 0", list: " icmptype 0" },
  { f: '4', w: ["-A", "INPUT", "-p", "ICMP", "--icmp-type", "13"], nft: "-A INPUT -p icmp -m icmp --icmp-type 13", list: " icmptype 13" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "-m", "icmp"], nft: { err: "icmp: option \"--icmp-type\" must be specified\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp"], nft: "-A INPUT -p icmp", list: "" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "256"], nft: { err: "Unknown ICMP type `256'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "nosuch"], nft: { err: "Unknown ICMP type `nosuch'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "3/256"], nft: { err: "Unknown ICMP code `3/256'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type"], nft: { err: "option \"--icmp-type\" requires an argument" } },
  { f: '4', w: ["-A", "INPUT", "--icmp-type", "8"], nft: { err: "unknown option \"--icmp-type\"" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "--icmp-type", "8"], nft: { err: "unknown option \"--icmp-type\"" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8", "--icmp-type", "0"], nft: { err: "icmp: option \"--icmp-type\" can only be used once.\n" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8"], nft: { err: "unknown option \"--icmp-type\"" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmpv6-type", "128"], nft: { err: "unknown option \"--icmpv6-type\"" } },
  { f: '6', w: ["-A", "INPUT", "-p", "icmpv6", "-m", "icmp", "--icmp-type", "8"], nft: { err: "Couldn't load match `icmp':No such file or directory\n" } },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "--icmp-type", "echo-request"], nft: "-A FORWARD -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "!", "--icmp-type", "3/4"], nft: "-A FORWARD -p icmp -m icmp ! --icmp-type 3/4", list: " icmp !type 3 code 4" },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "--icmp-type", "3/200"], nft: "-A FORWARD -p icmp -m icmp --icmp-type 3/200", list: " icmptype 3 code 200" },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "--icmp-type", "200"], nft: "-A FORWARD -p icmp -m icmp --icmp-type 200", list: " icmptype 200" },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "--icmp-type", "any"], nft: "-A FORWARD -p icmp -m icmp --icmp-type any", list: " icmptype 255" },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "--icmp-type", "11/0"], nft: "-A FORWARD -p icmp -m icmp --icmp-type 11/0", list: " icmptype 11 code 0" },
  { f: '4', w: ["-A", "FORWARD", "-p", "icmp", "!", "--icmp-type", "200/3"], nft: "-A FORWARD -p icmp -m icmp ! --icmp-type 200/3", list: " icmp !type 200 code 3" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8/"], nft: { err: "Unknown ICMP code `8/'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8:9"], nft: { err: "ICMP type range not supported" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8:8"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8x"], nft: { err: "unknown character x" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", ""], nft: { err: "Ambiguous ICMP type `': `any' or `echo-reply'?" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "e"], nft: { err: "Ambiguous ICMP type `e': `echo-reply' or `echo-request'?" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "3/4x"], nft: { err: "unknown character x" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "3/4:6"], nft: "-A INPUT -p icmp -m icmp --icmp-type 3/4", list: " icmptype 3 codes 4-6" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", " 8"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "ECHO-REQUEST"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8", list: " icmptype 8" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "0x8/0x1"], nft: "-A INPUT -p icmp -m icmp --icmp-type 8/1", list: " icmptype 8 code 1" },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "--icmp-type", "tos-host-r"], nft: "-A INPUT -p icmp -m icmp --icmp-type 5/3", list: " icmptype 5 code 3" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "icmp", "--icmp-type", "echo-request"], '4', " icmp echo-request"],
  [["-A", "FORWARD", "-p", "icmp", "!", "--icmp-type", "3/4"], '4', " icmp !fragmentation-needed"],
  [["-A", "FORWARD", "-p", "icmp", "--icmp-type", "3/200"], '4', " icmptype 3 code 200"],
  [["-A", "FORWARD", "-p", "icmp", "--icmp-type", "200"], '4', " icmptype 200"],
  [["-A", "FORWARD", "-p", "icmp", "--icmp-type", "any"], '4', " icmp any"],
  [["-A", "FORWARD", "-p", "icmp", "--icmp-type", "11/0"], '4', " icmp ttl-zero-during-transit"],
  [["-A", "FORWARD", "-p", "icmp", "!", "--icmp-type", "200/3"], '4', " icmp !type 200 code 3"],
];

describe('icmp', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

// -m dccp: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/sctp.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dport", "5004"], nft: "-A INPUT -p dccp -m dccp --dport 5004", list: " dccp dpt:5004" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "-m", "dccp", "--sport", "1:100", "--dccp-types", "REQUEST,RESPONSE"], nft: "-A INPUT -p dccp -m dccp --sport 1:100 --dccp-types REQUEST,RESPONSE", list: " dccp spts:1:100 0,1" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "-m", "dccp", "!", "--dccp-types", "INVALID", "--dccp-option", "4"], nft: "-A INPUT -p dccp -m dccp ! --dccp-types INVALID --dccp-option 4", list: " dccp ! 10,11,12,13,14,15 option=4" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "!", "--sport", "1:100", "--dccp-types", "request,RESPONSE,DATA,ACK,DATAACK,CLOSEREQ,CLOSE,RESET,SYNC,SYNCACK"], nft: "-A INPUT -p dccp -m dccp ! --sport 1:100 --dccp-types REQUEST,RESPONSE,DATA,ACK,DATAACK,CLOSEREQ,CLOSE,RESET,SYNC,SYNCACK", list: " dccp spts:!1:100 0,1,2,3,4,5,6,7,8,9" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dccp-types", "INVALID,REQUEST"], nft: "-A INPUT -p dccp -m dccp --dccp-types REQUEST,INVALID", list: " dccp 0,10,11,12,13,14,15" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "!", "--dccp-option", "255"], nft: "-A INPUT -p dccp -m dccp ! --dccp-option 255", list: " dccp option=!255" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--sport", "0:65535"], nft: "-A INPUT -p dccp -m dccp --sport 0:65535", list: " dccp" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dport", "ssh"], nft: "-A INPUT -p dccp -m dccp --dport 22", list: " dccp dpt:22" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "-m", "dccp"], nft: "-A INPUT -p dccp -m dccp", list: " dccp" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dccp-types", ""], nft: "-A INPUT -p dccp -m dccp --dccp-types ", list: " dccp " },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dccp-option", "0"], nft: { err: "dccp: bad value for option \"--dccp-option\", or out of range (1-255).\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dccp-types", "FOO"], nft: { err: "Unknown DCCP type `FOO'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dport", "1", "--destination-port", "2"], nft: { err: "dccp: option \"--destination-port\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dccp-option", "256"], nft: { err: "dccp: bad value for option \"--dccp-option\", or out of range (1-255).\n" } },
  { f: '4', w: ["-A", "INPUT", "-m", "dccp", "--dport", "1"], nft: { kernel: true } },
  { f: '4', w: ["-A", "FORWARD", "-p", "dccp", "--dccp-types", "REQUEST,INVALID", "--sport", "22"], nft: "-A FORWARD -p dccp -m dccp --sport 22 --dccp-types REQUEST,INVALID", list: " dccp spt:22 0,10,11,12,13,14,15" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--sport", "5:"], nft: "-A INPUT -p dccp -m dccp --sport 5:65535", list: " dccp spts:5:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--sport", ":5"], nft: "-A INPUT -p dccp -m dccp --sport 0:5", list: " dccp spts:0:5" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--sport", ":"], nft: "-A INPUT -p dccp -m dccp --sport 0:65535", list: " dccp" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dport", "70000"], nft: "-A INPUT -p dccp -m dccp --dport 4464", list: " dccp dpt:4464" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "!", "--dccp-types", ""], nft: "-A INPUT -p dccp -m dccp ! --dccp-types ", list: " dccp ! " },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "--dccp-option", "0x10"], nft: "-A INPUT -p dccp -m dccp --dccp-option 16", list: " dccp option=16" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "dccp", "--dccp-types", "REQUEST,INVALID", "--sport", "22"], '4', " dccp spt:22 REQUEST,INVALID"],
];

describe('dccp', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

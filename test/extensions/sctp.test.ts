// -m sctp: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/sctp.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--dport", "2905", "-j", "ACCEPT"], nft: "-A INPUT -p sctp -m sctp --dport 2905 -j ACCEPT", list: " sctp dpt:2905" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--sport", "1"], nft: "-A INPUT -p sctp -m sctp --sport 1", list: " sctp spt:1" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--sport", "1:65535"], nft: "-A INPUT -p sctp -m sctp --sport 1:65535", list: " sctp spts:1:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "!", "--dport", "80"], nft: "-A INPUT -p sctp -m sctp ! --dport 80", list: " sctp dpt:!80" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--dport", "3868", "--sport", "1024:"], nft: "-A INPUT -p sctp -m sctp --sport 1024:65535 --dport 3868", list: " sctp spts:1024:65535 dpt:3868" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "DATA"], nft: "-A INPUT -p sctp -m sctp --chunk-types all DATA", list: " sctp all 0x0000" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "any", "INIT,INIT_ACK"], nft: "-A INPUT -p sctp -m sctp --chunk-types any INIT,INIT_ACK", list: " sctp any 0x0001,0x0002" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "only", "SACK,HEARTBEAT,HEARTBEAT_ACK"], nft: "-A INPUT -p sctp -m sctp --chunk-types only SACK,HEARTBEAT,HEARTBEAT_ACK", list: " sctp only 0x0003,0x0004,0x0005" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "ABORT,SHUTDOWN,SHUTDOWN_ACK,ERROR,COOKIE_ECHO,COOKIE_ACK"], nft: "-A INPUT -p sctp -m sctp --chunk-types all ABORT,SHUTDOWN,SHUTDOWN_ACK,ERROR,COOKIE_ECHO,COOKIE_ACK", list: " sctp all 0x0006,0x0007,0x0008,0x0009,0x000A,0x000B" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "ECN_ECNE,ECN_CWR,ASCONF,ASCONF_ACK,FORWARD_TSN,SHUTDOWN_COMPLETE"], nft: "-A INPUT -p sctp -m sctp --chunk-types all ECN_ECNE,ECN_CWR,SHUTDOWN_COMPLETE,ASCONF_ACK,FORWARD_TSN,ASCONF", list: " sctp all 0x000C,0x000D,0x000E,0x0080,0x00C0,0x00C1" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "I_DATA,RE_CONFIG,PAD,I_FORWARD_TSN"], nft: "-A INPUT -p sctp -m sctp --chunk-types all I_DATA,RE_CONFIG,PAD,I_FORWARD_TSN", list: " sctp all 0x0040,0x0082,0x0084,0x00C2" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "DATA:Be"], nft: "-A INPUT -p sctp -m sctp --chunk-types all DATA:Be", list: " sctp all 0x0000:Be" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "any", "DATA:U,ABORT:T"], nft: "-A INPUT -p sctp -m sctp --chunk-types any DATA:U,ABORT:T", list: " sctp any 0x0000:U,0x0006:T" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "SHUTDOWN_COMPLETE:T"], nft: "-A INPUT -p sctp -m sctp --chunk-types all SHUTDOWN_COMPLETE:T", list: " sctp all 0x000E:T" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "!", "--chunk-types", "all", "INIT"], nft: "-A INPUT -p sctp -m sctp ! --chunk-types all INIT", list: " sctp ! all 0x0001" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "NONE"], nft: "-A INPUT -p sctp -m sctp --chunk-types all NONE", list: " sctp all NONE" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "any", "ALL"], nft: "-A INPUT -p sctp -m sctp --chunk-types any ALL", list: " sctp any ALL" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "init"], nft: "-A INPUT -p sctp -m sctp --chunk-types all INIT", list: " sctp all 0x0001" },
  { f: '4', w: ["-A", "INPUT", "-p", "132", "--dport", "5"], nft: "-A INPUT -p sctp -m sctp --dport 5", list: " sctp dpt:5" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp"], nft: "-A INPUT -p sctp -m sctp", list: " sctp" },
  { f: '6', w: ["-A", "INPUT", "-p", "sctp", "--sport", "100", "--dport", "200"], nft: "-A INPUT -p sctp -m sctp --sport 100 --dport 200", list: " sctp spt:100 dpt:200" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--sport", "-1"], nft: { err: "invalid port/service `-1' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--dport", "65536"], nft: { err: "invalid port/service `65536' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all"], nft: { err: "--chunk-types requires two args" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "some", "DATA"], nft: { err: "Match type has to be one of \"ALL\", \"ANY\" or \"ONLY\"" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "NOSUCH"], nft: { err: "Unknown sctp chunk `NOSUCH'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "sctp", "--chunk-types", "all", "INIT:X"], nft: { err: "Invalid flags for chunk type 1" } },
  { f: '4', w: ["-A", "INPUT", "-m", "sctp", "--dport", "1"], nft: { kernel: true } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "sctp", "--dport", "1"], nft: { kernel: true } },
  { f: '4', w: ["-A", "FORWARD", "-p", "sctp", "--chunk-types", "any", "DATA:Be,INIT", "--dport", "22"], nft: "-A FORWARD -p sctp -m sctp --dport 22 --chunk-types any DATA:Be,INIT", list: " sctp dpt:22 any 0x0000:Be,0x0001" },
  { f: '4', w: ["-A", "FORWARD", "-p", "sctp", "!", "--chunk-types", "only", "ALL"], nft: "-A FORWARD -p sctp -m sctp ! --chunk-types only ALL", list: " sctp ! only ALL" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "all", "DATA:-i"], nft: "-A INPUT -p sctp -m sctp --chunk-types all DATA:-i", list: " sctp all 0x0000:-i" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "all", "I_DATA:I,DATA"], nft: "-A INPUT -p sctp -m sctp --chunk-types all DATA,I_DATA", list: " sctp all 0x0000,0x0040" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "all", "DATA:I,INIT,DATA:e"], nft: "-A INPUT -p sctp -m sctp --chunk-types all DATA:Ie,INIT", list: " sctp all 0x0000:Ie,0x0001" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "all", ""], nft: "-A INPUT -p sctp -m sctp --chunk-types all NONE", list: " sctp all NONE" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "ALL", "none"], nft: "-A INPUT -p sctp -m sctp --chunk-types all NONE", list: " sctp all NONE" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--sport", "5:", "--dport", ":7"], nft: "-A INPUT -p sctp -m sctp --sport 5:65535 --dport 0:7", list: " sctp spts:5:65535 dpts:0:7" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--sport", "7:5"], nft: { err: "invalid portrange (min > max)" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--dport", "ssh:http"], nft: { err: "invalid port/service `ssh' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--sport", "1", "--source-port", "2"], nft: { err: "Only one `--source-port' allowed" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "all", "DATA", "--chunk-types", "all", "INIT"], nft: { err: "Only one `--chunk-types' allowed" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "all", "DATA:I,ABORT:T,SHUTDOWN_COMPLETE:T,I_DATA:I,ASCONF"], nft: "-A INPUT -p sctp -m sctp --chunk-types all DATA:I,ABORT:T,SHUTDOWN_COMPLETE:T,I_DATA,ASCONF", list: " sctp all 0x0000:I,0x0006:T,0x000E:T,0x0040,0x00C1" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "--chunk-types", "any", "DATA,DATA:U,I_DATA"], nft: "-A INPUT -p sctp -m sctp --chunk-types any DATA:U,I_DATA", list: " sctp any 0x0000:U,0x0040" },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "sctp", "--chunk-types", "any", "DATA:Be,INIT", "--dport", "22"], '4', " sctp dpt:22 any DATA:Be,INIT"],
  [["-A", "FORWARD", "-p", "sctp", "!", "--chunk-types", "only", "ALL"], '4', " sctp ! only ALL"],
];

describe('sctp', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

// -m multiport: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/multiport.cmds, test/golden/rules/udp.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '4', w: ["-A", "INPUT", "-p", "udplite", "-m", "multiport", "--dports", "5000"], nft: "-A INPUT -p udplite -m multiport --dports 5000", list: " multiport dports 5000" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22,80,443", "-j", "ACCEPT"], nft: "-A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT", list: " multiport dports 22,80,443" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--sports", "1024:65535"], nft: "-A INPUT -p tcp -m multiport --sports 1024:65535", list: " multiport sports 1024:65535" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--ports", "22,80:90"], nft: "-A INPUT -p tcp -m multiport --ports 22,80:90", list: " multiport ports 22,80:90" },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "-m", "multiport", "--dports", "53,123,5353"], nft: "-A INPUT -p udp -m multiport --dports 53,123,5353", list: " multiport dports 53,123,5353" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "ssh,http,https"], nft: "-A INPUT -p tcp -m multiport --dports 22,80,443", list: " multiport dports 22,80,443" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "!", "--dports", "22,80"], nft: "-A INPUT -p tcp -m multiport ! --dports 22,80", list: " multiport dports  !22,80" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "!", "--sports", "1:1023"], nft: "-A INPUT -p tcp -m multiport ! --sports 1:1023", list: " multiport sports  !1:1023" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "!", "--ports", "25"], nft: "-A INPUT -p tcp -m multiport ! --ports 25", list: " multiport ports  !25" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--destination-ports", "8080"], nft: "-A INPUT -p tcp -m multiport --dports 8080", list: " multiport dports 8080" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--source-ports", "8080,8443"], nft: "-A INPUT -p tcp -m multiport --sports 8080,8443", list: " multiport sports 8080,8443" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15"], nft: "-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", list: " multiport dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15"], nft: "-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15", list: " multiport dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "1:2,3:4,5:6,7:8,9:10,11:12,13:14"], nft: "-A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14", list: " multiport dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "1024:"], nft: { err: "invalid port/service `' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", ":1023"], nft: { err: "invalid port/service `' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "multiport", "--dports", "2905,3868"], nft: "-A INPUT -p sctp -m multiport --dports 2905,3868", list: " multiport dports 2905,3868" },
  { f: '4', w: ["-A", "INPUT", "-p", "dccp", "-m", "multiport", "--sports", "100"], nft: "-A INPUT -p dccp -m multiport --sports 100", list: " multiport sports 100" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "80", "--sports", "1024:"], nft: { err: "invalid port/service `' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22", "-m", "multiport", "--sports", "22"], nft: "-A INPUT -p tcp -m multiport --dports 22 -m multiport --sports 22", list: " multiport dports 22 multiport sports 22" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "80,80,22"], nft: "-A INPUT -p tcp -m multiport --dports 80,80,22", list: " multiport dports 80,80,22" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "90:80"], nft: { err: "invalid portrange specified" } },
  { f: '6', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22,80"], nft: "-A INPUT -p tcp -m multiport --dports 22,80", list: " multiport dports 22,80" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"], nft: { err: "too many ports specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16"], nft: { err: "too many ports specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "65536"], nft: { err: "invalid port/service `65536' specified" } },
  { f: '4', w: ["-A", "INPUT", "-m", "multiport", "--dports", "22"], nft: { err: "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'" } },
  { f: '4', w: ["-A", "INPUT", "-p", "icmp", "-m", "multiport", "--dports", "22"], nft: { err: "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport"], nft: { err: "multiport expection an option" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22", "--sports", "80"], nft: { err: "multiport: option \"--source-ports\" cannot be used together with \"--destination-ports\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22", "--ports", "80"], nft: { err: "multiport: option \"--destination-ports\" cannot be used together with \"--ports\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "nosuch"], nft: { err: "invalid port/service `nosuch' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", "22,"], nft: { err: "invalid port/service `' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--dports", ""], nft: { err: "invalid port/service `' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "all", "-m", "multiport", "--dports", "22"], nft: { err: "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'" } },
  { f: '4', w: ["-A", "FORWARD", "-p", "tcp", "-m", "multiport", "--dports", "ssh,http:https"], nft: "-A FORWARD -p tcp -m multiport --dports 22,80:443", list: " multiport dports 22,80:443" },
  { f: '4', w: ["-A", "FORWARD", "-p", "udp", "-m", "multiport", "!", "--ports", "53"], nft: "-A FORWARD -p udp -m multiport ! --ports 53", list: " multiport ports  !53" },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--sports", "1", "--sports", "2"], nft: { err: "multiport: option \"--source-ports\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--sports", "1", "--source-ports", "2"], nft: { err: "multiport: option \"--source-ports\" can only be used once.\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--destination-ports", "ssh,http:https"], nft: "-A INPUT -p tcp -m multiport --dports 22,80:443", list: " multiport dports 22,80:443" },
  { f: '4', w: ["-A", "INPUT", "-m", "multiport", "-p", "tcp", "--dports", "0"], nft: "-A INPUT -p tcp -m multiport --dports 0", list: " multiport dports 0" },
  { f: '4', w: ["-A", "INPUT", "-m", "multiport", "--dports", "22", "-p", "tcp"], nft: { err: "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'" } },
  { f: '4', w: ["-A", "INPUT", "!", "-p", "tcp", "-m", "multiport", "--dports", "22"], nft: { err: "multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--ports", "22", "--dports", "1"], nft: { err: "multiport: option \"--destination-ports\" cannot be used together with \"--ports\".\n" } },
  { f: '4', w: ["-A", "INPUT", "-p", "tcp", "-m", "multiport", "--ports", "1:2:3"], nft: { err: "invalid port/service `2:3' specified" } },
  { f: '4', w: ["-A", "INPUT", "-p", "udp", "-m", "multiport", "--sports", "domain,ntp"], nft: "-A INPUT -p udp -m multiport --sports 53,123", list: " multiport sports 53,123" },
  { f: '4', w: ["-A", "INPUT", "-p", "sctp", "-m", "multiport", "--dports", "ssh"], nft: { err: "invalid port/service `ssh' specified" } },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-p", "tcp", "-m", "multiport", "--dports", "ssh,http:https"], '4', " multiport dports ssh,http:https"],
  [["-A", "FORWARD", "-p", "udp", "-m", "multiport", "!", "--ports", "53"], '4', " multiport ports  !domain"],
];

describe('multiport', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

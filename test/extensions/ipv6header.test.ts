// -m ipv6header: save lines, error messages and -L columns replayed from the real iptables 1.8.9.
// Oracle: /work/shared/oracle/kernel-save --backend nft --list FILE and --backend legacy --list FILE, on
// test/golden/rules/frag-ipv6header.cmds and the command lines below (one `iptables`/`ip6tables` line per case; -L name forms
// from `iptables -L CHAIN -v` run in the same capture).
import { describe, expect, it } from 'vitest';
import { checkCase, listNames } from './l4-cases.js';
import type { Case } from './l4-cases.js';

const CASES: Case[] = [
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "hop-by-hop"], nft: "-A INPUT -m ipv6header --header hop-by-hop", list: " ipv6header flags:0x80" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "hop-by-hop", "--soft"], nft: "-A INPUT -m ipv6header --header hop-by-hop --soft", list: " ipv6header flags:0x80 soft" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "ipv6-nonxt"], nft: "-A INPUT -m ipv6header --header ipv6-nonxt", list: " ipv6header flags:0x02" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "hop,dst,route,frag,auth,esp,none"], nft: "-A INPUT -m ipv6header --header hop-by-hop,ipv6-opts,ipv6-route,ipv6-frag,ah,esp,ipv6-nonxt", list: " ipv6header flags:0xFE" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "ipv6-route,ipv6-frag"], nft: "-A INPUT -m ipv6header --header ipv6-route,ipv6-frag", list: " ipv6header flags:0x30" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "protocol"], nft: "-A INPUT -m ipv6header --header protocol", list: " ipv6header flags:0x01" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "prot"], nft: "-A INPUT -m ipv6header --header protocol", list: " ipv6header flags:0x01" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "!", "--header", "frag"], nft: "-A INPUT -m ipv6header ! --header ipv6-frag", list: " ipv6header flags:!0x10" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "44"], nft: "-A INPUT -m ipv6header --header ipv6-frag", list: " ipv6header flags:0x10" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "0,60", "--soft"], nft: "-A INPUT -m ipv6header --header hop-by-hop,ipv6-opts --soft", list: " ipv6header flags:0xC0 soft" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "ah,esp"], nft: "-A INPUT -m ipv6header --header ah,esp", list: " ipv6header flags:0x0C" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header"], nft: { err: "ipv6header: option \"--header\" must be specified\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "nosuch"], nft: { err: "unknown header `nosuch' specified" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "256"], nft: { err: "unknown header `256' specified" } },
  { f: '4', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "frag"], nft: { err: "Couldn't load match `ipv6header':No such file or directory\n" } },
  { f: '6', w: ["-A", "FORWARD", "-m", "ipv6header", "--header", "hop,dst,route,frag,auth,esp,none,prot", "--soft"], nft: "-A FORWARD -m ipv6header --header hop-by-hop,ipv6-opts,ipv6-route,ipv6-frag,ah,esp,ipv6-nonxt,protocol --soft", list: " ipv6header flags:0xFF soft" },
  { f: '6', w: ["-A", "FORWARD", "-m", "ipv6header", "!", "--header", "ipv6-opts"], nft: "-A FORWARD -m ipv6header ! --header ipv6-opts", list: " ipv6header flags:!0x40" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", ""], nft: { err: "ip6t_ipv6header: cannot parse header names" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "tcp"], nft: { err: "unknown header `6' specified" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "HOP"], nft: { err: "unknown header `HOP' specified" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", "HOPOPT,IPv6-Route"], nft: "-A INPUT -m ipv6header --header hop-by-hop,ipv6-route", list: " ipv6header flags:0xA0" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--soft"], nft: { err: "ipv6header: option \"--header\" must be specified\n" } },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "--header", ",,frag,,"], nft: "-A INPUT -m ipv6header --header ipv6-frag", list: " ipv6header flags:0x10" },
  { f: '6', w: ["-A", "INPUT", "-m", "ipv6header", "!", "--soft", "--header", "frag"], nft: { err: "ipv6header: option \"--soft\" cannot be inverted.\n" } },
];

/** `-L` without -n: names instead of numbers */
const NAMES: [string[], '4' | '6', string][] = [
  [["-A", "FORWARD", "-m", "ipv6header", "--header", "hop,dst,route,frag,auth,esp,none,prot", "--soft"], '6', " ipv6header flags:hop-by-hop,ipv6-opts,ipv6-route,ipv6-frag,ah,esp,ipv6-nonxt,protocol soft"],
  [["-A", "FORWARD", "-m", "ipv6header", "!", "--header", "ipv6-opts"], '6', " ipv6header flags:!ipv6-opts"],
];

describe('ipv6header', () => {
  for (const flavor of ['nft', 'legacy'] as const) {
    it.each(CASES.map((c) => [c.w.join(' '), c] as const))(`${flavor}: %s`, (_name, c) => checkCase(c, flavor));
  }
  it.each(NAMES)('-L names: %j', (w, f, exp) => expect(listNames(w, f)).toBe(exp));
});

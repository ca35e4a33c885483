// DNAT, SNAT, MASQUERADE, REDIRECT, NETMAP. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/nat.cmds   (golden files)
//   /tmp/orc/run.py nat1.txt (kernel-save with -S / -L -n / -L after each command) for the cases below.
import { describe, expect, it } from 'vitest';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import { findTarget } from '../../src/extensions/registry.js';
import { parseCommand } from '../../src/syntax/command.js';
import type { Family, Flavor } from '../../src/model/ruleset.js';
import { checkGolden, emulate, shellWords } from './target-golden.js';

const save = (line: string, family: Family = 'ipv4', flavor: Flavor = 'nft') => saveLinesFor(shellWords(line), family, flavor, 'nat');
const err = (line: string, family: Family = 'ipv4') => {
  try {
    save(line, family);
  } catch (e) {
    if (e instanceof XtError) return e.message;
    throw e;
  }
  throw new Error('no error');
};
const list = (line: string, family: Family = 'ipv4') => {
  const cmd = parseCommand(shellWords(line), { family, flavor: 'nft', restore: false, table: 'nat' });
  const r = cmd.rules[0];
  if (r.target.kind !== 'ext') throw new Error('no target');
  return findTarget(r.target.ext.name, family)!.print(r.target.ext, { family, flavor: 'nft', numeric: true, rule: r });
};

describe('NAT targets', () => {
  it('DNAT save forms', () => {
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:1000-2000/1500abc --random --persistent'))
      .toBe('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:1000-2000/1500 --random --persistent\n');
    expect(save('-A PREROUTING -p icmp -j DNAT --to-destination 1.2.3.4:5')).toBe('-A PREROUTING -p icmp -j DNAT --to-destination 1.2.3.4:5\n');
    expect(save('-A PREROUTING ! -p tcp -j DNAT --to-destination 1.2.3.4:5')).toBe('-A PREROUTING ! -p tcp -j DNAT --to-destination 1.2.3.4:5\n');
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:ssh')).toBe('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:22\n');
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:10-20/ssh')).toBe('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:10-20/22\n');
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:0')).toBe('-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:0\n');
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination []:80', 'ipv6')).toBe('-A PREROUTING -p tcp -j DNAT --to-destination :80\n');
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination [::ffff:1.2.3.4]:80-90 --persistent', 'ipv6'))
      .toBe('-A PREROUTING -p tcp -j DNAT --to-destination [::ffff:1.2.3.4]:80-90 --persistent\n');
    expect(save('-A PREROUTING -p tcp -j DNAT --to-destination 2001:db8::10:80', 'ipv6')).toBe('-A PREROUTING -p tcp -j DNAT --to-destination 2001:db8::10:80\n');
  });
  it('SNAT / MASQUERADE / REDIRECT / NETMAP save forms', () => {
    expect(save('-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000-2000/1500')).toBe('-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000-2000/0\n');
    expect(save('-A POSTROUTING -p tcp -j SNAT --to-source [::1]:1000-2000/1500', 'ipv6')).toBe('-A POSTROUTING -p tcp -j SNAT --to-source [::1]:1000-2000/0\n');
    expect(save('-A POSTROUTING -j SNAT --to-source 203.0.113.1 --persistent --random-fully --random'))
      .toBe('-A POSTROUTING -j SNAT --to-source 203.0.113.1 --random --random-fully --persistent\n');
    expect(save('-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000/1500')).toBe('-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000/0\n');
    expect(save('-A POSTROUTING -p udp -j MASQUERADE --to-ports 10-20 --random --random-fully', 'ipv6'))
      .toBe('-A POSTROUTING -p udp -j MASQUERADE --to-ports 10-20 --random --random-fully\n');
    expect(save('-A PREROUTING -p udp -j REDIRECT --to-ports 512-512')).toBe('-A PREROUTING -p udp -j REDIRECT --to-ports 512\n');
    expect(save('-A OUTPUT -p udp -j REDIRECT --to-ports 10-20 --random', 'ipv6')).toBe('-A OUTPUT -p udp -j REDIRECT --to-ports 10-20 --random\n');
    expect(save('-A PREROUTING -j NETMAP --to 2001:db8::1/ffff:ffff::', 'ipv6')).toBe('-A PREROUTING -j NETMAP --to 2001:db8::/32\n');
    expect(save('-A PREROUTING -j NETMAP --to 10.1.2.3/255.255.0.0')).toBe('-A PREROUTING -j NETMAP --to 10.1.0.0/16\n');
    expect(save('-A PREROUTING -j NETMAP --to 10.1.2.3/255.0.255.0')).toBe('-A PREROUTING -j NETMAP --to 10.1.2.3/32\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -p sctp -j DNAT --to-destination 1.2.3.4-1.2.3.1:ssh-100')).toBe("Port `ssh-100' not valid");
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:10:20')).toBe('Bad IP address "1.2.3.4:10:20"');
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:10x')).toBe("Garbage after port value: `x'");
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:10-20x')).toBe("Garbage after port range: `x'");
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 01.2.3.4')).toBe('Bad IP address "01.2.3.4"');
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination [1.2.3.4]:80')).toBe('Invalid address format');
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4 --random-fully')).toBe('unknown option "--random-fully"');
    expect(err('-A POSTROUTING -p tcp -j MASQUERADE --to-ports 10 --persistent')).toBe('unknown option "--persistent"');
    expect(err('-A PREROUTING -p tcp -j REDIRECT --to-ports 1000-2000/1500', 'ipv6')).toBe('Shifted portmap ranges not supported with this kernel');
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:')).toBe("Port `' not valid");
    expect(err('-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1-')).toBe('Bad IP address ""');
    expect(err('-A PREROUTING -j DNAT --to-destination 10.0.0.1:80')).toBe('Need TCP, UDP, SCTP or DCCP with port specification');
  });
  it('kernel refusals (table, hooks)', () => {
    expect(emulate('iptables -t nat -A INPUT -j DNAT --to-destination 192.0.2.10', 'nft').kind).toBe('kernel');
    expect(emulate('iptables -A INPUT -j DNAT --to-destination 192.0.2.10', 'legacy').kind).toBe('kernel');
    expect(emulate('iptables -t nat -A INPUT -j SNAT --to-source 192.0.2.10', 'legacy').kind).toBe('ok');
    expect(emulate('ip6tables -t nat -A OUTPUT -j MASQUERADE', 'nft').kind).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:1000-2000/1500 --random --persistent')).toBe(' to:1.2.3.4:1000-2000/1500 random persistent');
    expect(list('-A PREROUTING -p tcp -j DNAT --to-destination []:80', 'ipv6')).toBe(' to::80');
    expect(list('-A POSTROUTING -p udp -j MASQUERADE --to-ports 10-20 --random --random-fully', 'ipv6')).toBe(' masq ports: 10-20 random random-fully');
    expect(list('-A PREROUTING -p udp -j REDIRECT --to-ports 20 --random')).toBe(' redir ports 20 random');
    expect(list('-A PREROUTING -j NETMAP --to 10.1.2.3/255.255.0.0')).toBe(' to:10.1.0.0/16');
    expect(list('-A POSTROUTING -p tcp -j SNAT --to-source [::1]:1000-2000/1500', 'ipv6')).toBe(' to:[::1]:1000-2000/0');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden nat (${flavor})`, () => {
      const r = checkGolden('nat', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(80);
    });
  }
});

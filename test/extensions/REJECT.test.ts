// REJECT target (IPv4 + IPv6). Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/REJECT.cmds   (the golden files)
//   and /tmp/orc/run.py (kernel-save with -S / -L -n / -L after each command) for the -L texts.
import { describe, expect, it } from 'vitest';
import { saveLinesFor, XtError } from '../../src/ops/rule-line.js';
import { findTarget } from '../../src/extensions/registry.js';
import type { ExtInstance, Family } from '../../src/model/ruleset.js';
import { checkGolden, emulate } from './target-golden.js';

const save = (line: string, family: Family = 'ipv4', table = 'filter') => saveLinesFor(line.split(' '), family, 'nft', table);
const err = (line: string, family: Family = 'ipv4') => {
  try {
    save(line, family);
  } catch (e) {
    if (e instanceof XtError) return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('REJECT', () => {
  it('IPv4 save forms', () => {
    expect(save('-A INPUT -j REJECT')).toBe('-A INPUT -j REJECT --reject-with icmp-port-unreachable\n');
    expect(save('-A INPUT -j REJECT --reject-with net-unreach')).toBe('-A INPUT -j REJECT --reject-with icmp-net-unreachable\n');
    expect(save('-A INPUT -j REJECT --reject-with icmp-host-unreachable')).toBe('-A INPUT -j REJECT --reject-with icmp-host-unreachable\n');
    expect(save('-A INPUT -j REJECT --reject-with proto-unreach')).toBe('-A INPUT -j REJECT --reject-with icmp-proto-unreachable\n');
    expect(save('-A INPUT -j REJECT --reject-with net-prohib')).toBe('-A INPUT -j REJECT --reject-with icmp-net-prohibited\n');
    expect(save('-A INPUT -j REJECT --reject-with host-prohib')).toBe('-A INPUT -j REJECT --reject-with icmp-host-prohibited\n');
    expect(save('-A INPUT -j REJECT --reject-with admin-prohib')).toBe('-A INPUT -j REJECT --reject-with icmp-admin-prohibited\n');
    expect(save('-A INPUT -p tcp -j REJECT --reject-with tcp-rst')).toBe('-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n');
  });
  it('IPv6 save forms', () => {
    expect(save('-A INPUT -j REJECT', 'ipv6')).toBe('-A INPUT -j REJECT --reject-with icmp6-port-unreachable\n');
    expect(save('-A INPUT -j REJECT --reject-with no-route', 'ipv6')).toBe('-A INPUT -j REJECT --reject-with icmp6-no-route\n');
    expect(save('-A INPUT -j REJECT --reject-with adm-prohibited', 'ipv6')).toBe('-A INPUT -j REJECT --reject-with icmp6-adm-prohibited\n');
    expect(save('-A INPUT -j REJECT --reject-with policy-fail', 'ipv6')).toBe('-A INPUT -j REJECT --reject-with icmp6-policy-fail\n');
  });
  it('errors', () => {
    expect(err('-A INPUT -j REJECT --reject-with nosuch')).toBe('unknown reject type "nosuch"');
    expect(err('-A INPUT -j REJECT --reject-with icmp-echo-reply')).toBe('unknown reject type "icmp-echo-reply"');
    expect(err('-A INPUT -j REJECT --reject-with icmp-port-unreachable', 'ipv6')).toBe('unknown reject type "icmp-port-unreachable"');
    expect(err('-A INPUT -j REJECT --reject-with icmp-port-unreachable --reject-with tcp-reset')).toBe('REJECT: option "--reject-with" can only be used once.\n');
    expect(err('-A INPUT -j REJECT ! --reject-with tcp-reset')).toBe('REJECT: option "--reject-with" cannot be inverted.\n');
    expect(err('-A INPUT -j REJECT --reject-with')).toBe('option "--reject-with" requires an argument');
  });
  it('kernel refusals: tcp-reset without -p tcp, tables other than filter', () => {
    expect(emulate('iptables -A INPUT -j REJECT --reject-with tcp-reset', 'nft').kind).toBe('kernel');
    expect(emulate('ip6tables -A INPUT ! -p tcp -j REJECT --reject-with tcp-reset', 'nft').kind).toBe('kernel');
    expect(emulate('iptables -t mangle -A INPUT -j REJECT', 'legacy').kind).toBe('kernel');
    expect(emulate('iptables -A FORWARD -p tcp -j REJECT --reject-with tcp-reset', 'legacy').kind).toBe('ok');
  });
  it('-L text', () => {
    const def = findTarget('REJECT', 'ipv4')!;
    const inst: ExtInstance = { name: 'REJECT', revision: 0, data: { with: 7 } };
    expect(def.print(inst, { family: 'ipv4', flavor: 'nft', numeric: true, rule: { matches: [], target: { kind: 'none' }, counters: { pkts: 0n, bytes: 0n } } })).toBe(' reject-with tcp-reset');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden REJECT (${flavor})`, () => {
      const r = checkGolden('REJECT', flavor, (l) => l.endsWith('-j reject'));
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(40);
    });
  }
});

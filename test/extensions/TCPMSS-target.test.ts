// TCPMSS target. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/TCPMSS.cmds   (golden files)
//   /tmp/orc/run.py t2.txt (kernel-save with -S / -L -n / -L after each command).
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('mangle');

describe('TCPMSS', () => {
  it('save forms', () => {
    expect(save('-A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu')).toBe('-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n');
    expect(save('-A POSTROUTING -p tcp --syn -j TCPMSS --set-mss 1360')).toBe('-A POSTROUTING -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1360\n');
    expect(save('-A FORWARD -p tcp --syn -j TCPMSS --set-mss 0')).toBe('-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 0\n');
    expect(save('-A FORWARD -p tcp --syn -j TCPMSS --set-mss 1400 --clamp-mss-to-pmtu')).toBe('-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu\n');
    expect(save('-A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu --set-mss 1000')).toBe('-A FORWARD -p tcp -j TCPMSS --set-mss 1000\n');
    expect(save('-A FORWARD -p tcp --syn -j TCPMSS --set-mss 65515')).toBe('-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 65515\n');
    expect(save('-A FORWARD -p tcp --syn -j TCPMSS --set-mss 65495', 'ipv6')).toBe('-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 65495\n');
    expect(save('-A FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu', 'ipv6')).toBe('-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --clamp-mss-to-pmtu\n');
  });
  it('errors', () => {
    expect(err('-A FORWARD -j TCPMSS')).toBe('TCPMSS target: At least one parameter is required');
    expect(err('-A FORWARD -p tcp --syn -j TCPMSS --set-mss 65516')).toBe('TCPMSS: bad value for option "--set-mss", or out of range (0-65515).\n');
    expect(err('-A FORWARD -p tcp --syn -j TCPMSS --set-mss 65496', 'ipv6')).toBe('TCPMSS: bad value for option "--set-mss", or out of range (0-65495).\n');
    expect(err('-A FORWARD -p tcp --syn -j TCPMSS --set-mss abc')).toBe('TCPMSS: bad value for option "--set-mss", or out of range (0-65515).\n');
  });
  it('kernel: -p tcp, PMTU hooks, SYN match outside nft', () => {
    expect(kernel('iptables -t mangle -A FORWARD -p tcp -j TCPMSS --set-mss 1400', 'nft')).toBe('ok');
    expect(kernel('iptables -t mangle -A FORWARD -p tcp -j TCPMSS --set-mss 1400', 'legacy')).toBe('kernel');
    expect(kernel('iptables -t mangle -A FORWARD -p udp -j TCPMSS --set-mss 1400')).toBe('kernel');
    expect(kernel('iptables -A INPUT -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu')).toBe('kernel');
    expect(kernel('iptables -A INPUT -p tcp --syn -j TCPMSS --set-mss 1000', 'legacy')).toBe('ok');
  });
  it('-L text', () => {
    expect(list('-A FORWARD -p tcp -j TCPMSS --set-mss 1000')).toBe(' TCPMSS set 1000');
    expect(list('-A FORWARD -p tcp --syn -j TCPMSS --clamp-mss-to-pmtu')).toBe(' TCPMSS clamp to PMTU');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden TCPMSS (${flavor})`, () => {
      const r = checkGolden('TCPMSS', flavor, (l) => l.includes('-m tcpmss'));
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(15);
    });
  }
});

// TPROXY target (revision 1). Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/TPROXY.cmds   (golden files)
//   /tmp/orc/run.py t2.txt (kernel-save with -S / -L -n / -L after each command).
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('mangle');

describe('TPROXY', () => {
  it('save forms', () => {
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-port 1 --tproxy-mark 5')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 1 --on-ip 0.0.0.0 --tproxy-mark 0x5/0xffffffff\n');
    expect(save('-A PREROUTING -p udp -j TPROXY --on-port 12345 --on-ip 10.0.0.1 --tproxy-mark 0x23/0xff')).toBe('-A PREROUTING -p udp -j TPROXY --on-port 12345 --on-ip 10.0.0.1 --tproxy-mark 0x23/0xff\n');
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-ip 192.0.2.1 --on-port 8080')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 8080 --on-ip 192.0.2.1 --tproxy-mark 0x0/0x0\n');
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-port 65536')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 0 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0\n');
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-port ""')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 0 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0\n');
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-port " 80"')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0\n');
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-port http')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 0.0.0.0 --tproxy-mark 0x0/0x0\n');
    expect(save('-A PREROUTING -p udp -j TPROXY --on-port 53 --on-ip 2001:db8::1', 'ipv6')).toBe('-A PREROUTING -p udp -j TPROXY --on-port 53 --on-ip 2001:db8::1 --tproxy-mark 0x0/0x0\n');
    expect(save('-A PREROUTING -p tcp -j TPROXY --on-port 3129', 'ipv6')).toBe('-A PREROUTING -p tcp -j TPROXY --on-port 3129 --on-ip :: --tproxy-mark 0x0/0x0\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -p tcp -j TPROXY --on-port -1')).toBe('Port "-1" does not resolve to anything.\n');
    expect(err('-A PREROUTING -p tcp -j TPROXY --on-port 0x10')).toBe('Port "0x10" does not resolve to anything.\n');
    expect(err('-A PREROUTING -p tcp -j TPROXY --on-ip 10.0.0.1')).toBe('TPROXY: option "--on-port" must be specified\n');
    expect(err('-A PREROUTING -p tcp -j TPROXY --on-port 80 --tproxy-mark x')).toBe('TPROXY: bad integer value for option "--tproxy-mark", or out of range.\n');
    expect(err('-A PREROUTING -p tcp -j TPROXY --on-port 80 --on-ip 10.0.0.1', 'ipv6')).toBe('getaddrinfo: Address family for hostname not supported\n');
  });
  it('kernel: mangle PREROUTING, -p tcp|udp', () => {
    expect(kernel('iptables -t mangle -A PREROUTING -p icmp -j TPROXY --on-port 80')).toBe('kernel');
    expect(kernel('iptables -t mangle -A INPUT -p tcp -j TPROXY --on-port 80', 'legacy')).toBe('kernel');
    expect(kernel('iptables -t mangle -A PREROUTING ! -p tcp -j TPROXY --on-port 80')).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -p tcp -j TPROXY --on-port 1 --tproxy-mark 5')).toBe(' TPROXY redirect 0.0.0.0:1 mark 0x5/0xffffffff');
    expect(list('-A PREROUTING -p udp -j TPROXY --on-port 53 --on-ip 2001:db8::1', 'ipv6')).toBe(' TPROXY redirect 2001:db8::1:53 mark 0x0/0x0');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden TPROXY (${flavor})`, () => {
      const r = checkGolden('TPROXY', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(20);
    });
  }
});

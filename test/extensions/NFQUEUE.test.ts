// NFQUEUE target (revision 3). Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/NFQUEUE.cmds   (golden files)
//   /tmp/orc/run.py t2.txt (kernel-save with -S / -L -n / -L after each command) for the -L texts.
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers();

describe('NFQUEUE', () => {
  it('save forms', () => {
    expect(save('-A INPUT -j NFQUEUE')).toBe('-A INPUT -j NFQUEUE --queue-num 0\n');
    expect(save('-A INPUT -j NFQUEUE --queue-num 65535')).toBe('-A INPUT -j NFQUEUE --queue-num 65535\n');
    expect(save('-A INPUT -j NFQUEUE --queue-balance 0:65534')).toBe('-A INPUT -j NFQUEUE --queue-balance 0:65534\n');
    expect(save('-A INPUT -j NFQUEUE --queue-balance 2:3')).toBe('-A INPUT -j NFQUEUE --queue-balance 2:3\n');
    expect(save('-A INPUT -j NFQUEUE --queue-num 10 --queue-bypass')).toBe('-A INPUT -j NFQUEUE --queue-num 10 --queue-bypass\n');
    expect(save('-A INPUT -j NFQUEUE --queue-bypass --queue-balance 0:6 --queue-cpu-fanout')).toBe('-A INPUT -j NFQUEUE --queue-balance 0:6 --queue-bypass --queue-cpu-fanout\n');
    expect(save('-A INPUT -j NFQUEUE --queue-bypass')).toBe('-A INPUT -j NFQUEUE --queue-num 0 --queue-bypass\n');
    expect(save('-A INPUT -j NFQUEUE --queue-balance 1:2 --queue-bypass --queue-cpu-fanout', 'ipv6')).toBe('-A INPUT -j NFQUEUE --queue-balance 1:2 --queue-bypass --queue-cpu-fanout\n');
  });
  it('errors', () => {
    expect(err('-A INPUT -j NFQUEUE --queue-balance 5:5')).toBe('5 should be less than 5');
    expect(err('-A INPUT -j NFQUEUE --queue-balance 3')).toBe('Bad range "3"');
    expect(err('-A INPUT -j NFQUEUE --queue-num 3 --fail-open')).toBe('unknown option "--fail-open"');
    expect(err('-A INPUT -j NFQUEUE --queue-num 1 --queue-balance 2:3')).toBe('NFQUEUE: option "--queue-num" cannot be used together with "--queue-balance".\n');
    expect(err('-A INPUT -j NFQUEUE --queue-cpu-fanout')).toBe('NFQUEUE: option "--queue-cpu-fanout" also requires "--queue-balance".\n');
    expect(err('-A INPUT -j NFQUEUE --queue-balance 0:65536')).toBe('NFQUEUE: bad value for option "--queue-balance" near "65536", or out of range (0-65535).\n');
  });
  it('kernel: 65536 queues', () => {
    expect(kernel('iptables -A INPUT -j NFQUEUE --queue-balance 0:65535')).toBe('kernel');
    expect(kernel('iptables -t raw -A PREROUTING -j NFQUEUE --queue-num 5', 'legacy')).toBe('ok');
  });
  it('-L text', () => {
    expect(list('-A INPUT -j NFQUEUE --queue-balance 2:3 --queue-bypass')).toBe(' NFQUEUE balance 2:3 bypass');
    expect(list('-A INPUT -j NFQUEUE --queue-num 3 --queue-bypass')).toBe(' NFQUEUE num 3 bypass');
    expect(list('-A INPUT -j NFQUEUE --queue-balance 0:6 --queue-cpu-fanout')).toBe(' NFQUEUE balance 0:6 cpu-fanout');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden NFQUEUE (${flavor})`, () => {
      const r = checkGolden('NFQUEUE', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(20);
    });
  }
});

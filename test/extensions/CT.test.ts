// CT (rev 2), NOTRACK (alias of CT) and TRACE targets. Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/CT-NOTRACK-TRACE.cmds  (golden files)
//   /tmp/orc/run.py ct.txt helpers.txt (kernel-save with -S / -L -n / -L after each command).
import { describe, expect, it } from 'vitest';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('raw');

describe('CT / NOTRACK / TRACE', () => {
  it('save forms', () => {
    expect(save('-A PREROUTING -j CT --notrack')).toBe('-A PREROUTING -j CT --notrack\n');
    expect(save('-A PREROUTING -j NOTRACK')).toBe('-A PREROUTING -j NOTRACK\n');
    expect(save('-A PREROUTING -j CT --zone 0')).toBe('-A PREROUTING -j CT\n');
    expect(save('-A PREROUTING -j CT --zone-orig 1 --zone-reply 2')).toBe('-A PREROUTING -j CT --zone 2\n');
    expect(save('-A PREROUTING -j CT --notrack --helper nosuch')).toBe('-A PREROUTING -j CT --notrack --helper nosuch\n');
    expect(save('-A PREROUTING -j CT --ctevents mark,new,natseqinfo,secmark --zone-reply mark')).toBe('-A PREROUTING -j CT --ctevents new,mark,natseqinfo,secmark --zone-reply mark\n');
    expect(save('-A PREROUTING -j CT --zone 0x10 --expevents new')).toBe('-A PREROUTING -j CT --expevents new --zone 16\n');
    expect(save('-A PREROUTING -p tcp -j CT --helper ftp --ctevents new')).toBe('-A PREROUTING -p tcp -j CT --helper ftp --ctevents new\n');
    expect(save('-A PREROUTING -j CT --notrack --zone-orig 4')).toBe('-A PREROUTING -j CT --notrack --zone-orig 4\n');
    expect(save('-A PREROUTING -j CT --zone MARK')).toBe('-A PREROUTING -j CT --zone mark\n');
    expect(save('-A PREROUTING -j TRACE', 'ipv6')).toBe('-A PREROUTING -j TRACE\n');
  });
  it('errors', () => {
    expect(err('-A PREROUTING -j CT --zone 65536')).toBe('Cannot parse 65536 as a zone ID');
    expect(err('-A PREROUTING -j CT --zone foo')).toBe('Cannot parse foo as a zone ID');
    expect(err('-A PREROUTING -j CT --ctevents ""')).toBe('Unknown event type ""');
    expect(err('-A PREROUTING -j CT --expevents destroy')).toBe('Unknown event type "destroy"');
    expect(err('-A PREROUTING -j CT --zone 1 --zone 2')).toBe('CT: option "--zone" can only be used once.\n');
    expect(err('-A PREROUTING -j NOTRACK --notrack')).toBe('unknown option "--notrack"');
  });
  it('kernel: raw only, helpers per protocol, TRACE per flavor', () => {
    expect(kernel('iptables -A INPUT -j CT --notrack')).toBe('kernel');
    expect(kernel('iptables -t mangle -A PREROUTING -j NOTRACK', 'legacy')).toBe('kernel');
    expect(kernel('iptables -t raw -A PREROUTING -j CT --helper ftp')).toBe('enoent');
    expect(kernel('iptables -t raw -A PREROUTING -p udp -j CT --helper tftp')).toBe('ok');
    expect(kernel('ip6tables -t raw -A PREROUTING -p tcp -j CT --helper irc')).toBe('enoent');
    expect(kernel('iptables -t raw -A PREROUTING -j CT --timeout nosuchpolicy')).toBe('kernel');
    expect(kernel('iptables -A INPUT -j TRACE', 'nft')).toBe('ok');
    expect(kernel('iptables -A INPUT -j TRACE', 'legacy')).toBe('kernel');
  });
  it('-L text', () => {
    expect(list('-A PREROUTING -j CT --ctevents mark,new,natseqinfo,secmark --zone-reply mark')).toBe(' CT ctevents new,mark,natseqinfo,secmark zone-reply mark');
    expect(list('-A PREROUTING -j CT --notrack --helper nosuch')).toBe(' CT notrack helper nosuch');
    expect(list('-A PREROUTING -j CT --zone 0')).toBe(' CT');
    expect(list('-A PREROUTING -j NOTRACK')).toBe(' NOTRACK');
    expect(list('-A PREROUTING -j TRACE')).toBe('');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden CT-NOTRACK-TRACE (${flavor})`, () => {
      const r = checkGolden('CT-NOTRACK-TRACE', flavor);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(40);
    });
  }
});

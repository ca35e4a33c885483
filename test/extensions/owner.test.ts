// -m owner: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/owner.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['owner']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, { rewrite: (c) => c.replace('--uid-owner daemon', '--uid-owner 1').replace('--gid-owner nogroup', '--gid-owner 65534') } /* nfsim knows only root by name */);
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('owner explicit (values from test/golden/rules/owner.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A OUTPUT -m owner --uid-owner 0 -j ACCEPT')).toBe('-A OUTPUT -m owner --uid-owner 0 -j ACCEPT\n');
    expect(saveOf('-A OUTPUT -m owner --uid-owner root')).toBe('-A OUTPUT -m owner --uid-owner 0\n');
    expect(saveOf('-A OUTPUT -m owner --uid-owner 0-10')).toBe('-A OUTPUT -m owner --uid-owner 0-10\n');
    expect(saveOf('-A OUTPUT -m owner ! --uid-owner root')).toBe('-A OUTPUT -m owner ! --uid-owner 0\n');
    expect(saveOf('-A OUTPUT -m owner --gid-owner root')).toBe('-A OUTPUT -m owner --gid-owner 0\n');
    expect(saveOf('-A OUTPUT -m owner --uid-owner root --gid-owner root')).toBe('-A OUTPUT -m owner --uid-owner 0 --gid-owner 0\n');
    expect(saveOf('-A OUTPUT -m owner ! --socket-exists')).toBe('-A OUTPUT -m owner ! --socket-exists\n');
    expect(saveOf('-A OUTPUT -m owner --gid-owner 100 --suppl-groups')).toBe('-A OUTPUT -m owner --gid-owner 100 --suppl-groups\n');
    expect(saveOf('-A OUTPUT -m owner --uid-owner 4294967294')).toBe('-A OUTPUT -m owner --uid-owner 4294967294\n');
    expect(saveOf('-A OUTPUT -m owner --uid-owner 0', 'ipv6')).toBe('-A OUTPUT -m owner --uid-owner 0\n');
  });
  it('errors', () => {
    expect(errOf('-A OUTPUT -m owner')).toBe('owner: At least one of --uid-owner, --gid-owner or --socket-exists is required');
    expect(errOf('-A OUTPUT -m owner --uid-owner nosuchuser')).toBe('owner: Bad value for "--uid-owner" option: "nosuchuser"');
    expect(errOf('-A OUTPUT -m owner --gid-owner nosuchgroup')).toBe('owner: Bad value for "--gid-owner" option: "nosuchgroup"');
    expect(errOf('-A OUTPUT -m owner --suppl-groups --gid-owner 0-10')).toBe('owner: Bad value for "--suppl-groups" option: "you need to use --gid-owner first"');
    expect(errOf('-A OUTPUT -m owner --gid-owner 0 ! --suppl-groups')).toBe('owner: option "--suppl-groups" cannot be inverted.\n');
    expect(errOf('-A OUTPUT -m owner --uid-owner 4294967295')).toBe('owner: Bad value for "--uid-owner" option: "4294967295"');
    expect(errOf('-A OUTPUT -m owner --pid-owner 1')).toBe('unknown option "--pid-owner"');
  });
  it('-L text and refusals', () => {
    expect(listOf('-A OUTPUT -m owner --gid-owner 100 --suppl-groups')).toBe(' owner GID match 100 incl. suppl. groups');
    expect(listOf('-A OUTPUT -m owner --uid-owner 0', false)).toBe(' owner UID match root');
    expect(refusedOf('-A OUTPUT -m owner --uid-owner 10-0')).toBe(true);
    expect(refusedOf('-A INPUT -m owner --uid-owner root')).toBe(true);
    expect(refusedOf('-t mangle -A POSTROUTING -m owner --uid-owner 33')).toBe(false);
  });
});

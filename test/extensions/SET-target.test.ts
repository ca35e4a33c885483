// SET target (rev 3). Expected values captured with the oracle:
//   /work/shared/oracle/kernel-save --backend nft|legacy --list test/golden/rules/SET.cmds   (no ipsets: golden files)
//   test/golden/capture-rules.sh set-with-ipsets (the same with `ipset create` lines first).
import { afterEach, describe, expect, it } from 'vitest';
import { configureIpsets } from '../../src/extensions/match/set.js';
import { checkGolden, targetHelpers } from './target-golden.js';

const { save, err, list, kernel } = targetHelpers('filter');
const withSets = () =>
  configureIpsets([['blocklist', 'ipv4'], ['allow', 'ipv4'], ['pairs', 'ipv4'], ['v6', 'ipv6'], ['tmo', 'ipv4'], ['marks', 'ipv4'], ['abcdefghijklmnopqrstuvwxyz01234', 'ipv4']]);

describe('SET target', () => {
  afterEach(() => configureIpsets([]));
  it('save forms', () => {
    withSets();
    expect(save('-A INPUT -j SET --add-set blocklist src')).toBe('-A INPUT -j SET --add-set blocklist src\n');
    expect(save('-A INPUT -j SET --del-set allow src,dst')).toBe('-A INPUT -j SET --del-set allow src,dst\n');
    expect(save('-A INPUT -j SET --add-set tmo src --exist --timeout 600')).toBe('-A INPUT -j SET --add-set tmo src --exist --timeout 600\n');
    expect(save('-A INPUT -j SET --timeout 10 --add-set tmo src')).toBe('-A INPUT -j SET --add-set tmo src --timeout 10\n');
    expect(save('-A PREROUTING -j SET --map-set marks src --map-mark', 'ipv4', 'nft')).toBe('-A PREROUTING -j SET --map-set marks src --map-mark\n');
    expect(save('-A POSTROUTING -j SET --map-queue --map-set marks dst --map-prio')).toBe('-A POSTROUTING -j SET --map-set marks dst --map-prio --map-queue\n');
    expect(save('-A INPUT -j SET --del-set allow src --add-set blocklist src')).toBe('-A INPUT -j SET --add-set blocklist src --del-set allow src\n');
    expect(save('-A INPUT -j SET --add-set v6 dst', 'ipv6')).toBe('-A INPUT -j SET --add-set v6 dst\n');
    expect(save('-A INPUT -j SET --add-set abcdefghijklmnopqrstuvwxyz01234 src,dst,src')).toBe('-A INPUT -j SET --add-set abcdefghijklmnopqrstuvwxyz01234 src,dst,src\n');
  });
  it('errors', () => {
    expect(err('-A INPUT -j SET --add-set foo src')).toBe("Set foo doesn't exist.\n");
    expect(err('-A INPUT -j SET')).toBe("You must specify either `--add-set' or `--del-set' or `--map-set'");
    expect(err('-A INPUT -j SET --add-set foo')).toBe('--add-set requires two args.');
    expect(err('-A INPUT -j SET --add-set abcdefghijklmnopqrstuvwxyz0123456 src')).toBe("setname `abcdefghijklmnopqrstuvwxyz0123456' too long, max 31 characters.");
    withSets();
    expect(err('-A INPUT -j SET --add-set v6 src')).toBe('The protocol family of set v6 is IPv6, which is not applicable.\n');
    expect(err('-A INPUT -j SET --del-set allow src --exist')).toBe("Flag `--exist' can be used with `--add-set' only");
    expect(err('-A INPUT -j SET --add-set tmo src --timeout 4294967295')).toBe('Invalid value for option --timeout or out of range 0-4294967294');
    expect(err('-A INPUT -j SET --add-set tmo src --map-mark')).toBe("Flag `--map-mark' can be used with `--map-set' only");
    expect(err('-A INPUT -j SET --map-set marks src')).toBe("You must specify flags `--map-mark' or '--map-prio` or `--map-queue'");
    expect(err('-A INPUT -j SET --add-set tmo src --add-set blocklist src')).toBe('--add-set can be specified only once');
  });
  it('kernel: map flags only in mangle', () => {
    withSets();
    expect(kernel('iptables -A INPUT -j SET --map-set marks src --map-mark')).toBe('kernel');
    expect(kernel('iptables -t mangle -A INPUT -j SET --map-set marks src --map-prio')).toBe('kernel');
    expect(kernel('iptables -t mangle -A OUTPUT -j SET --map-set marks src --map-prio')).toBe('ok');
  });
  it('-L text', () => {
    withSets();
    expect(list('-A INPUT -j SET --add-set tmo src --exist --timeout 600 --del-set allow src,dst')).toBe(' add-set tmo src exist timeout 600 del-set allow src,dst');
    expect(list('-A POSTROUTING -j SET --map-set marks dst --map-prio --map-queue')).toBe(' map-set marks dst map-prio map-queue');
  });
  for (const flavor of ['nft', 'legacy'] as const) {
    it(`golden SET without ipsets (${flavor})`, () => {
      configureIpsets([]);
      const r = checkGolden('SET', flavor);
      expect(r.mismatches.filter((m) => !m.actual.includes('none compared'))).toEqual([]);
      expect(r.checked).toBeGreaterThan(8);
    });
    it(`golden set-with-ipsets, -j SET lines (${flavor})`, () => {
      withSets();
      const r = checkGolden('set-with-ipsets', flavor, (l) => !l.includes('-j SET'));
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(8);
    });
  }
});

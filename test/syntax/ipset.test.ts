// grammar/ipset.peggy: restore lines split as ipset's build_argv splits them, with spans; the hand-written
// splitter of the state document agrees with the grammar on random input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpsetLines } from '../../src/syntax/ipset.js';
import { splitRestoreLine } from '../../src/ops/ipset.js';

describe('ipset grammar', () => {
  it('splits words on blanks, groups quoted blanks, drops the quotes', () => {
    const l = parseIpsetLines('add d 10.0.0.1,tcp:80 comment "kube \\"svc\\""\n\n  create a\thash:ip\n');
    expect(l.map((x) => x.words.map((w) => w.t))).toEqual([['add', 'd', '10.0.0.1,tcp:80', 'comment', 'kube \\svc\\'], [], ['create', 'a', 'hash:ip']]);
    expect(l[0].words[2]).toEqual({ t: '10.0.0.1,tcp:80', s: 6, e: 21 });
    expect(l[2].s).toBe(l[0].e + 2);
  });
  it('an empty file has no lines', () => {
    expect(parseIpsetLines('')).toEqual([{ s: 0, e: 0, words: [] }]);
    expect(parseIpsetLines('\n')).toEqual([{ s: 0, e: 0, words: [] }]);
  });
  it('agrees with splitRestoreLine on random lines', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-c" \t,:]{0,30}$/), (line) => {
      expect(parseIpsetLines(line)[0].words.map((w) => w.t)).toEqual(splitRestoreLine(line));
    }));
  });
});

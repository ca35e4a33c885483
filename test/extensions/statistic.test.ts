// -m statistic: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/golden/rules/statistic.cmds
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/statistic-limit.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['statistic', 'extra:statistic-limit']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('statistic explicit (values from statistic.nft.txt, golden-extra/statistic-limit.nft.txt, kube-proxy)', () => {
  it('save: probability is lround(p * 2^31) printed with %.11f (round half to even on the exact value)', () => {
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT')).toBe('-A INPUT -m statistic --mode random --probability 0.50000000000 -j ACCEPT\n');
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0.1')).toBe('-A INPUT -m statistic --mode random --probability 0.10000000009\n');
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0.333')).toBe('-A INPUT -m statistic --mode random --probability 0.33300000010\n');
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0.3333333333')).toBe('-A INPUT -m statistic --mode random --probability 0.33333333349\n');
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0.99999999')).toBe('-A INPUT -m statistic --mode random --probability 0.99999999022\n');
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0.000244140625')).toBe('-A INPUT -m statistic --mode random --probability 0.00024414062\n');
    expect(saveOf('-A INPUT -m statistic --mode random --probability 0x1p-1')).toBe('-A INPUT -m statistic --mode random --probability 0.50000000000\n');
    expect(saveOf('-A INPUT -m statistic --mode random ! --probability 0.50000000000')).toBe('-A INPUT -m statistic --mode random ! --probability 0.50000000000\n');
    expect(saveOf('-A INPUT -m statistic --mode nth --every 3 --packet 2')).toBe('-A INPUT -m statistic --mode nth --every 3 --packet 2\n');
    expect(saveOf('-A INPUT -m statistic --mode nth ! --every 5 --packet 2')).toBe('-A INPUT -m statistic --mode nth ! --every 5 --packet 2\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -m statistic')).toBe('--probability must be specified when using random mode');
    expect(errOf('-A INPUT -m statistic --probability 0.5')).toBe('statistic: option "--mode" must be specified\n');
    expect(errOf('-A INPUT -m statistic --mode random --probability 1.1')).toBe('statistic: bad value for option "--probability", or out of range (0-1).\n');
    expect(errOf('-A INPUT -m statistic --mode nth --every 2')).toBe('statistic: option "--every" also requires "--packet".\n');
    expect(errOf('-A INPUT -m statistic --mode nth --every 5 --packet 5')).toBe('the --packet p must be 0 <= p <= n-1');
    expect(errOf('-A INPUT -m statistic --mode foo')).toBe('Bad mode "foo"');
  });
  it('-L text', () => {
    expect(listOf('-A INPUT -m statistic --mode nth --every 3 --packet 0')).toBe(' statistic mode nth every 3');
    expect(listOf('-A INPUT -m statistic --mode random --probability 0.25')).toBe(' statistic mode random probability 0.25000000000');
  });
});

describe('statistic: kube-proxy probabilities (test/golden/kube-proxy/svc200.rules → svc200.nft.txt)', () => {
  it('every --probability kube-proxy writes saves as the kernel prints it back', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(new URL('../golden/kube-proxy/', import.meta.url));
    const ins = [...readFileSync(dir + 'svc200.rules', 'utf8').matchAll(/--probability (\S+)/g)].map((m) => m[1]);
    const outs = [...readFileSync(dir + 'svc200.nft.txt', 'utf8').matchAll(/--probability (\S+)/g)].map((m) => m[1]);
    const got = ins.map((p) => /--probability (\S+)/.exec(saveOf(`-A X -m statistic --mode random --probability ${p}`))![1]);
    expect(got.sort()).toEqual(outs.sort());
    expect(saveOf('-A X -m statistic --mode random --probability 0.0526315789')).toBe('-A X -m statistic --mode random --probability 0.05263157887\n');
  });
});

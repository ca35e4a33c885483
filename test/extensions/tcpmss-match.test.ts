// -m tcpmss: replays real iptables 1.8.9 captures byte for byte (save lines, error texts, -L -n options column,
// kernel refusals) through the emulator. Captured with:
//   /work/shared/oracle/kernel-save --backend <nft|legacy> --list test/extensions/golden-extra/tcpmss.cmds
import { describe, expect, it } from 'vitest';
import { errOf, listOf, refusedOf, replayGolden, saveOf } from './golden-rules.js';

for (const flavor of ['nft', 'legacy'] as const) {
  for (const group of ['extra:tcpmss']) {
    describe(`${group} golden (${flavor})`, () => {
      const res = replayGolden(group, flavor, {});
      it.each(res.map((r) => [r.cmd, r] as const))('%s', (_c, r) => {
        expect(r.got).toBe(r.want);
      });
    });
  }
}

describe('tcpmss explicit (values from golden-extra/tcpmss.nft.txt)', () => {
  it('save', () => {
    expect(saveOf('-A INPUT -p tcp -m tcpmss --mss 42')).toBe('-A INPUT -p tcp -m tcpmss --mss 42\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss --mss 42:12345')).toBe('-A INPUT -p tcp -m tcpmss --mss 42:12345\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss ! --mss 1000')).toBe('-A INPUT -p tcp -m tcpmss ! --mss 1000\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss ! --mss 536:1460')).toBe('-A INPUT -p tcp -m tcpmss ! --mss 536:1460\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss --mss 1460:1460')).toBe('-A INPUT -p tcp -m tcpmss --mss 1460\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss --mss 1000:')).toBe('-A INPUT -p tcp -m tcpmss --mss 1000:65535\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss --mss :1000')).toBe('-A INPUT -p tcp -m tcpmss --mss 0:1000\n');
    expect(saveOf('-A INPUT -p tcp -m tcpmss --mss 0x10')).toBe('-A INPUT -p tcp -m tcpmss --mss 16\n');
  });
  it('errors', () => {
    expect(errOf('-A INPUT -p tcp -m tcpmss --mss 42:65536')).toBe('tcpmss: bad value for option "--mss" near "65536", or out of range (0-65535).\n');
    expect(errOf('-A INPUT -p tcp -m tcpmss --mss 65535:1000')).toBe('tcpmss: invalid range given');
    expect(errOf('-A INPUT -p tcp -m tcpmss')).toBe('tcpmss: option "--mss" must be specified\n');
    expect(errOf('-A INPUT -p tcp -m tcpmss --mss 1:2:3')).toBe('tcpmss: Too many components for option "--mss" (max: 2)\n');
  });
  it('kernel refusals and -L text', () => {
    expect(refusedOf('-A INPUT -m tcpmss --mss 42')).toBe(true);
    expect(refusedOf('-A INPUT -p udp -m tcpmss --mss 42')).toBe(true);
    expect(listOf('-A INPUT -p tcp -m tcpmss ! --mss 536:1460')).toBe(' tcpmss match !536:1460');
  });
});

// Replays every captured iptables-restore case (test/golden/restore, corpus-wild, front-ends, kube-proxy) through
// nfsim in-process and compares exit code, stdout, stderr and the resulting iptables-save byte for byte.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCases, runCase } from './support/restore-cases.js';
import { KNOWN_DIVERGENCES } from './divergences.js';

describe.each(['nft', 'legacy'] as const)('iptables-restore goldens (%s)', (flavor) => {
  const all = allCases();
  for (const c of all) {
    const key = `${c.id} ${flavor}`;
    const known = KNOWN_DIVERGENCES.get(key);
    const golden = `${c.golden}.${flavor}.txt`;
    if (!existsSync(golden)) continue;
    const cc = { ...c, golden };
    if (known) {
      it(`${c.id} [known divergence: ${known}]`, () => {
        const { actual, expected } = runCase(cc, flavor);
        // the ledger only shrinks: a listed case that now passes must be removed from test/divergences.ts
        expect(actual, `${key} passes now: remove it from test/divergences.ts`).not.toEqual(expected);
      });
    } else {
      it(c.id, () => {
        const { actual, expected } = runCase(cc, flavor);
        expect(actual).toEqual(expected);
      });
    }
  }
});

// Replays every captured iptables-restore case (test/golden/restore, corpus-wild, front-ends, kube-proxy) through
// nfsim in-process and compares exit code, stdout, stderr and the resulting iptables-save byte for byte.
import { existsSync } from 'node:fs';
import { describe } from 'vitest';
import { allCases, runCase } from './support/restore-cases.js';
import { goldenCase } from './support/ledger.js';

describe.each(['nft', 'legacy'] as const)('iptables-restore goldens (%s)', (flavor) => {
  const all = allCases();
  for (const c of all) {
    const golden = `${c.golden}.${flavor}.txt`;
    if (!existsSync(golden)) continue;
    goldenCase(`${c.id} ${flavor}`, c.id, () => runCase({ ...c, golden }, flavor));
  }
});

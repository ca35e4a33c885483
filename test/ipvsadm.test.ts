// Conformance: test/golden/ipvs/*.cmds ran through the real ipvsadm 1.31 on a Debian 12 kernel (capture.sh with the
// IPVS oracle) and replayed here, command by command on one state, through nfsim's CLI: exit code, stdout, stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/cli/state.js';
import { ipvsStateText } from '../src/ops/ipvs-state.js';
import { newIpvsState } from '../src/model/ipvs.js';
import { goldenCase } from './support/ledger.js';
import { IPVSADM_GOLDEN_DIR, ipvsadmGoldenNames, readIpvsadmGolden, runOracleCommand } from './support/ipvsadm-golden.js';
import type { Outcome } from './support/ipvsadm-golden.js';

const SALTS = JSON.parse(readFileSync(join(IPVSADM_GOLDEN_DIR, 'salts.json'), 'utf8')) as Record<string, number>;

describe.each(ipvsadmGoldenNames())('ipvsadm golden %s', (name) => {
  const golden = readIpvsadmGolden(name);
  const store = new MemoryStore();
  // the capture's boot: its service hash salt (see salts.json)
  if (SALTS[name]) store.storeDoc('ipvs', ipvsStateText({ ...newIpvsState(), svcHashSalt: SALTS[name] }));
  const results = new Map<number, Outcome>();
  it('replays every command', async () => {
    for (const c of golden) results.set(c.n, await runOracleCommand(c, store));
    expect(results.size).toBe(golden.length);
  });
  for (const c of golden) {
    goldenCase(`ipvs/${name}#${c.n}`, `#${c.n} ${c.cmd}`, () => ({
      actual: results.get(c.n),
      expected: { exit: c.exit, stdout: c.stdout, stderr: c.stderr },
    }));
  }
});

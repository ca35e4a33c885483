// The ipset goldens (test/golden/ipset, captured from ipset 7.17 on Debian 12's kernel by capture.sh) replayed
// through nfsim: every command's exit code, stdout and stderr, byte for byte.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPSET_GOLDEN_DIR, replayIpsetGolden } from './support/ipset-golden.js';
import { KNOWN_DIVERGENCES } from './divergences.js';

const GROUPS = readdirSync(IPSET_GOLDEN_DIR).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
/** sets the golden lists under another name than the one they were created with (swap, rename): cmd:name → name */
const OVERRIDES: Record<string, Record<string, string>> = {
  restore: { '11:f': 'a' },
  commands: { '39:p': 'p2', '64:p2': 'p' },
};

describe('ipset goldens', () => {
  it('cover every group', () => {
    expect(GROUPS).toEqual(['commands', 'iptables-refs', 'order', 'restore', 'types']);
  });
  for (const g of GROUPS) {
    const results = replayIpsetGolden(g, OVERRIDES[g]);
    for (const r of results) {
      const id = `ipset/${g}#${r.want.n}`;
      const known = KNOWN_DIVERGENCES.get(id);
      it(`${id}: ${r.want.cmd}`, () => {
        const same = r.got.exit === r.want.exit && r.got.stdout === r.want.stdout && r.got.stderr === r.want.stderr;
        if (known) {
          expect(same, `${id} is listed as a known divergence (${known}) but now matches: remove it from the ledger`).toBe(false);
          return;
        }
        expect(r.got).toEqual({ exit: r.want.exit, stdout: r.want.stdout, stderr: r.want.stderr });
      });
    }
  }
});

// A 10,000-service kube-proxy dump (~115k lines, bench/gen-kube-proxy.js) restores and saves byte-identically to
// the kernel's own save, for both flavors (hashes in test/golden/kube-proxy/svc10000.sha256.txt).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRuleset } from '../src/model/ruleset.js';
import { restore } from '../src/ops/restore.js';
import { saveRuleset } from '../src/render/save.js';

const ROOT = join(import.meta.dirname, '..');
const facts = Object.fromEntries(
  readFileSync(join(ROOT, 'test/golden/kube-proxy/svc10000.sha256.txt'), 'utf8')
    .split('\n')
    .filter((l) => /^[a-z0-9-]+: /.test(l))
    .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('kube-proxy 10,000 services', () => {
  const dump = execFileSync(process.execPath, [join(ROOT, 'bench/gen-kube-proxy.js'), ...facts['generator-args'].split(' ')], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  it('the generator still writes the captured dump', () => {
    expect(sha(dump)).toBe(facts['input-sha256']);
  });
  it.each(['nft', 'legacy'] as const)('%s: restore + save equals the kernel save', (flavor) => {
    const out = restore(dump, newRuleset('ipv4'), { family: 'ipv4', flavor, counters: false, noflush: false, test: false, verbose: 0 });
    expect(out.status).toBe(0);
    const save = saveRuleset(out.ruleset, { flavor, counters: false, program: '', now: null });
    expect(save.split('\n').length - 1).toBe(Number(facts[`${flavor}-save-lines`]));
    expect(sha(save)).toBe(facts[`${flavor}-save-sha256`]);
  });
});

// Conformance: test/golden/rules/*.cmds replayed through nfsim and compared with the real kernel's outputs
// (captured by test/golden/capture-rules.sh with ../shared/oracle/kernel-save --list, both flavors).
import { describe } from 'vitest';
import { replay, rulesFiles } from './support/rules-cases.js';
import { goldenCase } from './support/ledger.js';

describe.each(['nft', 'legacy'] as const)('rule goldens (%s)', (flavor) => {
  for (const group of rulesFiles()) {
    const check = () => {
      const r = replay(group, flavor);
      const actual = {
        commands: r.commands.map((c) => ({ ...c, cmd: undefined, n: undefined })),
        save: r.sections.get('iptables-save (exit 0)'),
        save6: r.sections.get('ip6tables-save (exit 0)'),
        listings: [...r.sections].filter(([k]) => k.includes(' -t ')),
      };
      const expected = {
        commands: r.golden.commands.map((c) => ({ ...c, cmd: undefined, n: undefined })),
        save: r.golden.sections.get('iptables-save (exit 0)'),
        save6: r.golden.sections.get('ip6tables-save (exit 0)'),
        listings: [...r.sections].filter(([k]) => k.includes(' -t ')).map(([k]) => [k, r.golden.sections.get(k)]),
      };
      return { actual, expected };
    };
    goldenCase(`rules/${group} ${flavor}`, group, check);
  }
});

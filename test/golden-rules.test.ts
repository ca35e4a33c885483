// Conformance: test/golden/rules/*.cmds replayed through nfsim and compared with the real kernel's outputs
// (captured by test/golden/capture-rules.sh with ../shared/oracle/kernel-save --list, both flavors).
import { describe, expect, it } from 'vitest';
import { replay, rulesFiles } from './support/rules-cases.js';
import { KNOWN_DIVERGENCES } from './divergences.js';

describe.each(['nft', 'legacy'] as const)('rule goldens (%s)', (flavor) => {
  for (const group of rulesFiles()) {
    const key = `rules/${group} ${flavor}`;
    const known = KNOWN_DIVERGENCES.get(key);
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
    if (known) {
      it(`${group} [known divergence: ${known}]`, () => {
        const { actual, expected } = check();
        expect(actual, `${key} passes now: remove it from test/divergences.ts`).not.toEqual(expected);
      });
    } else {
      it(group, () => {
        const { actual, expected } = check();
        expect(actual).toEqual(expected);
      });
    }
  }
});

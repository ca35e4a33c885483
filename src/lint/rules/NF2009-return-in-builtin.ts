// NF2009: -j RETURN in a built-in chain: the walk ends and the chain's policy decides.
import type { LintRule } from '../types.js';
import { allTables, targetAt } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2009',
  name: 'return-in-builtin-chain',
  severity: 'warning',
  message: 'RETURN in built-in chain {chain}: the chain\'s policy ({policy}) decides the packet',
  description:
    'RETURN leaves a user chain back to its caller; in a built-in chain there is no caller, so the kernel applies the ' +
    'chain\'s policy to the packet there and then. That is rarely what the author meant (often the rule was copied from ' +
    'a user chain). Say the verdict: -j ACCEPT or -j DROP.',
  bad: { text: '*filter\n-A INPUT -s 10.0.0.0/8 -j RETURN\nCOMMIT\n', line: 2, column: 27 },
  good: { text: '*filter\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n' },
  check(ctx) {
    for (const { table } of allTables(ctx.model)) {
      for (const c of table.chains.values()) {
        if (!c.builtin) continue;
        for (const r of c.rules) {
          if (r.target.kind === 'verdict' && r.target.verdict === 'RETURN') {
            ctx.report({ message: `RETURN in built-in chain ${c.name}: the chain's policy (${c.policy ?? 'ACCEPT'}) decides the packet`, at: targetAt(ctx.model, r) });
          }
        }
      }
    }
  },
};
export default rule;

// NF2008: a rule identical to an earlier rule of the same chain except for its comment.
import type { LintRule } from '../types.js';
import { allTables, chainFacts, ruleAt, ruleRef } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2008',
  name: 'duplicate-rule',
  severity: 'warning',
  message: 'rule duplicates {earlier} (they differ at most in their comments)',
  description:
    'Two rules of one chain with the same addresses, interfaces, protocol, matches and target (ignoring -m comment) ' +
    'match the same packets and do the same thing; the second is dead if the target is terminal and doubles the work ' +
    '(LOG lines, counters, marks) otherwise. Usually a script or a front-end adding its rule twice. Remove one.',
  bad: {
    text: '*filter\n-A INPUT -p tcp --dport 22 -m comment --comment "ssh" -j ACCEPT\n-A INPUT -p tcp --dport 22 -m comment --comment "ssh again" -j ACCEPT\nCOMMIT\n',
    line: 3,
    column: 1,
  },
  good: { text: '*filter\n-A INPUT -p tcp --dport 22 -m comment --comment "ssh" -j ACCEPT\n-A INPUT -p tcp --dport 2222 -m comment --comment "ssh alt" -j ACCEPT\nCOMMIT\n' },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      for (const c of table.chains.values()) {
        if (c.rules.length < 2) continue;
        const f = chainFacts(ctx.model, family, c);
        for (const [i, j] of f.duplicates) {
          if (f.stopAt >= 0 && i > f.stopAt) continue; // already unreachable (NF2006)
          ctx.report({ message: `rule duplicates ${ruleRef(ctx.model, c.rules[j], j)} (they differ at most in their comments)`, at: ruleAt(ctx.model, c.rules[i]) });
        }
      }
    }
  },
};
export default rule;

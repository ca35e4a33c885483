// NF2001: -j/-g to a chain the table does not define (nft refuses it at COMMIT, legacy at the rule).
import type { LintRule } from '../types.js';
import { allRules, targetAt } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2001',
  name: 'undefined-jump-target',
  severity: 'error',
  message: 'jump to undefined chain {chain} in table {table}',
  description:
    'A rule jumps (-j) or goes (-g) to a name that is neither a verdict, a target extension, nor a chain of the same ' +
    'table. iptables-nft refuses the whole table block at COMMIT ("Chain \'X\' does not exist"), iptables-legacy at the ' +
    'rule ("Couldn\'t load target"). Declare the chain (`:X - [0:0]` or `-N X`) or fix the name (chain names are ' +
    'case-sensitive).',
  bad: { text: '*filter\n-A INPUT -j NOSUCH\nCOMMIT\n', line: 2, column: 13, commitRejected: 3 },
  good: { text: '*filter\n:LOGDROP - [0:0]\n-A INPUT -j LOGDROP\n-A LOGDROP -j DROP\nCOMMIT\n' },
  check(ctx) {
    const tables = new Map<string, Set<string>>();
    for (const l of allRules(ctx.model)) {
      const t = l.rule.target;
      if (t.kind !== 'jump' && t.kind !== 'goto') continue;
      const key = `${l.family}/${l.table}`;
      let names = tables.get(key);
      if (!names) {
        const rs = ctx.model.rulesets.find((r) => r.family === l.family)!;
        tables.set(key, (names = new Set(rs.tables.get(l.table as never)?.chains.keys() ?? [])));
      }
      if (names.has(t.chain)) continue;
      ctx.report({ message: `${t.kind === 'goto' ? 'goto' : 'jump'} to undefined chain ${t.chain} in table ${l.table}`, at: targetAt(ctx.model, l.rule) });
    }
  },
};
export default rule;

// NF2002: a user chain no rule jumps or goes to: its rules never run.
import type { LintRule } from '../types.js';
import { allTables } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2002',
  name: 'unreferenced-chain',
  severity: 'warning',
  message: 'user chain {chain} in table {table} is never referenced (no -j/-g {chain})',
  description:
    'Packets only enter a user-defined chain through a -j or -g from another chain. A chain nothing refers to is dead ' +
    'code — often a forgotten jump, or a chain left behind by a renamed one. Remove it or add the jump.',
  bad: { text: '*filter\n:INPUT ACCEPT [0:0]\n:UNUSED - [0:0]\n-A UNUSED -j ACCEPT\nCOMMIT\n', line: 3, column: 1 },
  good: { text: '*filter\n:INPUT ACCEPT [0:0]\n:USED - [0:0]\n-A INPUT -j USED\n-A USED -j ACCEPT\nCOMMIT\n' },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      const referenced = new Set<string>();
      for (const c of table.chains.values()) for (const r of c.rules) if (r.target.kind === 'jump' || r.target.kind === 'goto') referenced.add(r.target.chain);
      for (const c of table.chains.values()) {
        if (c.builtin || referenced.has(c.name)) continue;
        const words = ctx.model.chainDecl.get(`${family}/${table.name}/${c.name}`);
        const w = words?.[0];
        ctx.report({
          message: `user chain ${c.name} in table ${table.name} is never referenced (no -j/-g ${c.name})`,
          at: w ? { start: w.s, end: w.e } : c.rules[0]?.span,
          notes: c.rules.length ? [`its ${c.rules.length} rule(s) never run`] : undefined,
        });
      }
    }
  },
};
export default rule;

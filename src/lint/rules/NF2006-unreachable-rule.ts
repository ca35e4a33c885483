// NF2006: rules after a rule that ends the chain for every packet (an unconditional ACCEPT, DROP, REJECT, RETURN, goto…).
import type { LintRule } from '../types.js';
import { allTables, chainFacts, ruleAt, ruleRef, targetText } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2006',
  name: 'unreachable-rule',
  severity: 'warning',
  message: 'rule can never be reached: {earlier} ({target}) ends chain {chain} for every packet',
  description:
    'A rule with no conditions (no addresses, interfaces, protocol or matches other than comments) and a terminal ' +
    'target — a verdict, RETURN, -g, REJECT, a NAT target — ends the walk through its chain for every packet, so the ' +
    'rules after it never run. Reported once per chain, on the first unreachable rule. Move the catch-all rule to the ' +
    'end or remove the dead rules.',
  bad: { text: '*filter\n-A INPUT -j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n', line: 3, column: 1 },
  good: { text: '*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -j DROP\nCOMMIT\n' },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      for (const c of table.chains.values()) {
        const f = chainFacts(ctx.model, family, c);
        if (f.stopAt < 0 || f.stopAt === c.rules.length - 1) continue;
        const stop = c.rules[f.stopAt];
        const n = c.rules.length - f.stopAt - 1;
        ctx.report({
          message: `rule can never be reached: ${ruleRef(ctx.model, stop, f.stopAt)} (${targetText(stop)}) ends chain ${c.name} for every packet`,
          at: ruleAt(ctx.model, c.rules[f.stopAt + 1]),
          notes: n > 1 ? [`the ${n - 1} rule(s) after this one are unreachable too`] : undefined,
        });
      }
    }
  },
};
export default rule;

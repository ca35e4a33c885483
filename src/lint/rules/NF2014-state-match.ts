// NF2014: -m state, the older alias of -m conntrack --ctstate.
import type { LintRule } from '../types.js';
import { allRules, matchAt } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2014',
  name: 'state-match',
  severity: 'info',
  message: '-m state is the old alias of -m conntrack --ctstate: use -m conntrack --ctstate {states}',
  description:
    '`-m state --state X` is kept for compatibility: iptables 1.8 sends it to the kernel as the conntrack match with a ' +
    'flag saying how to print it. `-m conntrack --ctstate X` says the same thing with the match every other ' +
    'connection-tracking option lives in (and is what current tools and documentation use).',
  bad: { text: '*filter\n-A INPUT -m state --state ESTABLISHED -j ACCEPT\nCOMMIT\n', line: 2, column: 13 },
  good: { text: '*filter\n-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\nCOMMIT\n' },
  check(ctx) {
    for (const l of allRules(ctx.model)) {
      if (!l.rule.matches.some((m) => m.name === 'state')) continue;
      const words = ctx.model.ruleWords(l.rule);
      const i = words.findIndex((w) => w.t === '--state');
      const states = i >= 0 ? words[i + 1]?.t : undefined;
      ctx.report({ message: `-m state is the old alias of -m conntrack --ctstate: use -m conntrack --ctstate ${states ?? '…'}`, at: matchAt(ctx.model, l.rule, 'state') });
    }
  },
};
export default rule;

// NF2015: -m set / -j SET naming an ipset that the --ipset file (or the script's `ipset create` lines) does not define.
import type { LintRule } from '../types.js';
import { allRules, spanOf } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2015',
  name: 'undefined-set',
  severity: 'error',
  message: 'set {name} is used but not defined',
  description:
    'A rule that names an ipset which does not exist is refused by the kernel ("Set X doesn\'t exist"). Checked when ' +
    'the sets are known: with `--ipset FILE` (an `ipset save` file: its `create` lines) or, in a script, from its ' +
    '`ipset create` / `ipset -N` commands. Without them the rule is skipped.',
  bad: { text: '*filter\n-A INPUT -m set --match-set blocked src -j DROP\nCOMMIT\n', ipsets: ['allowed'], line: 2, column: 29 },
  good: { text: '*filter\n-A INPUT -m set --match-set allowed src -j ACCEPT\nCOMMIT\n', ipsets: ['allowed'] },
  check(ctx) {
    const sets = ctx.model.ipsets;
    if (!sets) return;
    for (const l of allRules(ctx.model)) {
      const names: string[] = [];
      for (const m of l.rule.matches) if (m.name === 'set') names.push((m.data as { name: string }).name);
      const t = l.rule.target;
      if (t.kind === 'ext' && t.ext.name === 'SET') {
        const d = t.ext.data as { add?: { name: string }; del?: { name: string }; map?: { name: string } };
        for (const x of [d.add, d.del, d.map]) if (x) names.push(x.name);
      }
      for (const name of names) {
        if (sets.has(name)) continue;
        const words = ctx.model.ruleWords(l.rule);
        ctx.report({ message: `set ${name} is used but not defined`, at: spanOf(words, words.find((w) => w.t === name)) });
      }
    }
  },
};
export default rule;

// NF2010: a `-m statistic --mode random` cascade (kube-proxy's load balancing) whose probabilities do not give each
// branch its equal share, or which has no final catch-all rule.
import type { Rule } from '../../model/ruleset.js';
import type { LintRule } from '../types.js';
import { allTables, ruleAt, ruleRef } from '../analysis.js';
import { ruleSpecText } from '../../render/save.js';

const RANDOM = 0;

function randomOf(r: Rule): { probability: number } | undefined {
  const m = r.matches.find((x) => x.name === 'statistic');
  if (!m) return undefined;
  const d = m.data as { mode: number; invert: boolean; probability: number };
  return d.mode === RANDOM && !d.invert ? d : undefined;
}

const branches = (r: Rule) => r.target.kind === 'jump' || r.target.kind === 'goto' || (r.target.kind === 'ext' && r.target.ext.name === 'DNAT');

const rule: LintRule = {
  code: 'NF2010',
  name: 'statistic-cascade',
  severity: 'warning',
  message: 'branch {i} of {n} has probability {p}, not 1/{n-i} (each branch should get 1/{n})',
  description:
    'Load balancing with `-m statistic --mode random` is a cascade: with n backends the first rule takes 1/n, the ' +
    'second 1/(n-1) of what is left, …, and a last rule without statistic takes the rest. Probabilities that do not ' +
    'follow 1/(n-i) give the backends unequal shares; a cascade with no catch-all lets a share of the packets fall ' +
    'through the chain. The probability is compared in the kernel\'s fixed point (2^31 steps) with a tolerance of 1e-6.',
  bad: {
    text:
      '*nat\n:SVC - [0:0]\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n-A PREROUTING -j SVC\n' +
      '-A SVC -m statistic --mode random --probability 0.5 -j A\n-A SVC -m statistic --mode random --probability 0.5 -j B\n-A SVC -j C\n' +
      '-A A -j DNAT --to-destination 10.0.0.1\n-A B -j DNAT --to-destination 10.0.0.2\n-A C -j DNAT --to-destination 10.0.0.3\nCOMMIT\n',
    line: 7,
    column: 49,
  },
  good: {
    text:
      '*nat\n:SVC - [0:0]\n:A - [0:0]\n:B - [0:0]\n:C - [0:0]\n-A PREROUTING -j SVC\n' +
      '-A SVC -m statistic --mode random --probability 0.33333333349 -j A\n-A SVC -m statistic --mode random --probability 0.50000000000 -j B\n-A SVC -j C\n' +
      '-A A -j DNAT --to-destination 10.0.0.1\n-A B -j DNAT --to-destination 10.0.0.2\n-A C -j DNAT --to-destination 10.0.0.3\nCOMMIT\n',
  },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      for (const c of table.chains.values()) {
        const rules = c.rules;
        // the rule without its statistic and comment matches and its target: the conditions a branch shares
        const cond = (r: Rule) => ruleSpecText({ ...r, matches: r.matches.filter((m) => m.name !== 'statistic' && m.name !== 'comment'), target: { kind: 'none' } }, family, ctx.model.flavor);
        for (let i = 0; i < rules.length; ) {
          if (!randomOf(rules[i]) || !branches(rules[i])) {
            i++;
            continue;
          }
          const base = cond(rules[i]);
          let j = i;
          while (j < rules.length && randomOf(rules[j]) && branches(rules[j]) && cond(rules[j]) === base) j++;
          const run = j - i;
          const catchAll = j < rules.length && !rules[j].matches.some((m) => m.name === 'statistic') && branches(rules[j]) && cond(rules[j]) === base;
          if (!catchAll) {
            if (run >= 2) {
              ctx.report({
                message: `statistic cascade of ${run} branches has no final catch-all rule: a share of the packets falls through chain ${c.name}`,
                at: ruleAt(ctx.model, rules[j - 1]),
                notes: [`add a rule with the same conditions and no statistic match after ${ruleRef(ctx.model, rules[j - 1], j - 1)}`],
              });
            }
            i = j;
            continue;
          }
          const n = run + 1;
          for (let k = 0; k < run; k++) {
            const p = randomOf(rules[i + k])!.probability / 0x80000000;
            const want = 1 / (n - k);
            if (Math.abs(p - want) > 1e-6) {
              const words = ctx.model.ruleWords(rules[i + k]);
              const pw = words.findIndex((w) => w.t === '--probability' || (w.t.startsWith('--prob') && '--probability'.startsWith(w.t)));
              const at = pw >= 0 && words[pw + 1] ? { start: words[pw + 1].s, end: words[pw + 1].e } : ruleAt(ctx.model, rules[i + k]);
              ctx.report({
                message: `branch ${k + 1} of ${n} has probability ${p.toFixed(11)}, not 1/${n - k} = ${want.toFixed(11)} (each branch should get 1/${n})`,
                at,
                notes: [`with these probabilities the branches get ${shares(rules.slice(i, j), n).join(', ')}`],
              });
            }
          }
          i = j + 1;
        }
      }
    }
  },
};
export default rule;

function shares(run: Rule[], n: number): string[] {
  const out: string[] = [];
  let left = 1;
  for (const r of run) {
    const p = randomOf(r)!.probability / 0x80000000;
    out.push((left * p).toFixed(4));
    left *= 1 - p;
  }
  while (out.length < n) out.push(left.toFixed(4)), (left = 0);
  return out;
}

// NF2007: a rule every packet of which an earlier rule with a terminal target already takes.
import type { LintRule } from '../types.js';
import type { Summary } from '../analysis.js';
import { allTables, chainFacts, covers, exactKey, isTerminal, ruleAt, ruleRef, summarize, targetText } from '../analysis.js';

/** wildcard (not indexable) earlier rules kept per chain: beyond this, shadowing is not looked for (no false claims) */
const MAX_WILD = 4000;

const rule: LintRule = {
  code: 'NF2007',
  name: 'shadowed-rule',
  severity: 'warning',
  message: 'rule is shadowed by {earlier} ({target}), which matches every packet this one matches',
  description:
    'An earlier rule of the same chain whose target ends the walk (ACCEPT, DROP, REJECT, RETURN, -g, NAT) matches a ' +
    'superset of this rule\'s packets, so this rule never sees a packet. Compared exactly: addresses and CIDR ' +
    'containment (inversions included), interfaces with `+` wildcards, protocols, ports and port ranges (tcp, udp, ' +
    'multiport), TCP flags, conntrack states, marks; any other match must appear with identical options in the later ' +
    'rule, and a rule with a match that keeps state or draws at random (limit, recent, statistic, quota, …) never ' +
    'shadows. Reorder the rules or remove the dead one. Earlier rules are indexed by exact destination and source ' +
    'address, so big kube-proxy chains are not compared pairwise.',
  bad: { text: '*filter\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\n-A INPUT -s 10.1.2.0/24 -p tcp --dport 22 -j DROP\nCOMMIT\n', line: 3, column: 1 },
  good: { text: '*filter\n-A INPUT -s 10.1.2.0/24 -p tcp --dport 22 -j DROP\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n' },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      for (const c of table.chains.values()) {
        if (c.rules.length < 2) continue;
        const f = chainFacts(ctx.model, family, c);
        const end = f.stopAt < 0 ? c.rules.length : f.stopAt;
        const byDst = new Map<string, Summary[]>();
        const bySrc = new Map<string, Summary[]>();
        const wild: Summary[] = [];
        const index = new Map<Summary, number>();
        for (let i = 0; i < end; i++) {
          const r = c.rules[i];
          const s = summarize(r);
          if (!f.duplicates.has(i)) {
            const dk = exactKey(r.dst), sk = exactKey(r.src);
            const cands: Summary[] = [...wild];
            if (dk !== undefined) cands.push(...(byDst.get(dk) ?? []));
            if (sk !== undefined) cands.push(...(bySrc.get(sk) ?? []));
            let hit: Summary | undefined;
            for (const a of cands) {
              if (covers(a, s) && (!hit || index.get(a)! < index.get(hit)!)) hit = a;
            }
            if (hit) {
              const k = index.get(hit)!;
              ctx.report({ message: `rule is shadowed by ${ruleRef(ctx.model, hit.rule, k)} (${targetText(hit.rule)}), which matches every packet this one matches`, at: ruleAt(ctx.model, r) });
            }
          }
          if (!isTerminal(r) || !s.known) continue;
          index.set(s, i);
          const dk = exactKey(r.dst), sk = exactKey(r.src);
          if (dk !== undefined) {
            let l = byDst.get(dk);
            if (!l) byDst.set(dk, (l = []));
            l.push(s);
          } else if (sk !== undefined) {
            let l = bySrc.get(sk);
            if (!l) bySrc.set(sk, (l = []));
            l.push(s);
          } else if (wild.length < MAX_WILD) wild.push(s);
        }
      }
    }
  },
};
export default rule;

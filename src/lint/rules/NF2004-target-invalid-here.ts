// NF2004: a target or match the kernel refuses in its table or in a hook that reaches its chain (DNAT outside
// PREROUTING/OUTPUT, SNAT/MASQUERADE outside POSTROUTING/INPUT, REJECT in nat, …), judged as validate.ts does.
import type { LintRule } from '../types.js';
import { findMatch, findTarget } from '../../extensions/registry.js';
import { reachingHooks, validateTableAll } from '../../ops/validate.js';
import { allTables, matchAt, targetAt } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2004',
  name: 'target-invalid-here',
  severity: 'error',
  message: '{extension} is not valid in {table}/{chain}: {why}',
  description:
    'Each target (and some matches) may only be used in certain tables and hooks: DNAT and REDIRECT in PREROUTING and ' +
    'OUTPUT of nat, SNAT and MASQUERADE in POSTROUTING and INPUT, REJECT in filter, mangle and raw… A user chain counts ' +
    'for every built-in chain that reaches it through jumps, as the kernel judges it at commit (translate_table / ' +
    'nf_tables validation), so the rule is refused when one of those hooks is wrong. Move the rule to a chain only ' +
    'valid hooks reach.',
  bad: { text: '*nat\n-A INPUT -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1\nCOMMIT\n', line: 2, column: 31 },
  good: { text: '*nat\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1\nCOMMIT\n' },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      const problems = validateTableAll(table, family, ctx.model.flavor);
      if (!problems.length) continue;
      const reach = reachingHooks(table);
      for (const p of problems) {
        if (p.kind !== 'invalid') continue;
        const c = table.chains.get(p.chain)!;
        const r = c.rules[p.rule - 1];
        const isTarget = r.target.kind === 'ext' && r.target.ext.name === p.ext;
        const def = p.ext === '' ? undefined : isTarget ? findTarget(p.ext, family) : findMatch(p.ext, family) ?? findTarget(p.ext, family);
        const hooks = [...(reach.get(c.name) ?? [])];
        let why: string;
        if (def?.tables && !def.tables.includes(table.name)) why = `${p.ext} is only valid in the ${def.tables.join(', ')} table${def.tables.length > 1 ? 's' : ''}`;
        else if (def?.hooks && hooks.some((h) => !def.hooks!.includes(h))) {
          const bad = hooks.filter((h) => !def.hooks!.includes(h));
          why = `${p.ext} is only valid in ${def.hooks.join(', ')}, but ${c.builtin ? 'this chain is' : `chain ${c.name} is reached from`} ${bad.join(', ')}`;
        } else if (p.ext === 'QUEUE') why = 'iptables-nft has no QUEUE verdict (use -j NFQUEUE)';
        else if (p.ext === '') why = 'nf_tables refuses an inverted match of a zero-length prefix (! -s 0.0.0.0/0)';
        else why = `the kernel refuses ${p.ext} with these options here (${p.errno})`;
        ctx.report({ message: `${p.ext || 'rule'} is not valid in ${table.name}/${c.name}: ${why}`, at: isTarget || p.ext === 'QUEUE' ? targetAt(ctx.model, r) : matchAt(ctx.model, r, p.ext) });
      }
    }
  },
};
export default rule;

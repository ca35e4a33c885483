// NF2003: chains that jump back into themselves (the kernel refuses the table: ELOOP / "Too many links").
import type { Table } from '../../model/ruleset.js';
import { HOOKS_BY_TABLE } from '../../model/ruleset.js';
import type { LintRule } from '../types.js';
import { allTables, targetAt } from '../analysis.js';

const rule: LintRule = {
  code: 'NF2003',
  name: 'chain-loop',
  severity: 'error',
  message: 'chain loop: {path}',
  description:
    'A jump or goto that leads back to a chain already on the path makes the kernel refuse the table ' +
    '(nf_tables checks every chain reachable from a base chain; legacy\'s mark_source_chains walk fails with ' +
    '"Too many links"). The finding is on the jump that closes the loop; a loop among chains no built-in chain ' +
    'reaches is reported too (it fails as soon as a jump to it is added).',
  bad: { text: '*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n', line: 6, column: 9 },
  good: { text: '*filter\n:A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j RETURN\nCOMMIT\n' },
  check(ctx) {
    for (const { table } of allTables(ctx.model)) {
      for (const loop of findLoops(table)) {
        ctx.report({
          message: `chain loop: ${loop.path.join(' → ')}`,
          at: targetAt(ctx.model, loop.rule),
          notes: loop.reachable ? undefined : ['no built-in chain reaches this loop yet'],
        });
      }
    }
  },
};
export default rule;

/** Back edges of a depth-first walk from the built-in chains, then from the others: each closes one loop. */
function findLoops(t: Table) {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const out: { path: string[]; rule: import('../../model/ruleset.js').Rule; reachable: boolean }[] = [];
  let reachable = true;
  const visit = (name: string) => {
    state.set(name, 1);
    path.push(name);
    const c = t.chains.get(name);
    for (const r of c?.rules ?? []) {
      if (r.target.kind !== 'jump' && r.target.kind !== 'goto') continue;
      const next = r.target.chain;
      if (!t.chains.has(next)) continue;
      const s = state.get(next);
      if (s === 1) out.push({ path: [...path.slice(path.indexOf(next)), next], rule: r, reachable });
      else if (s === undefined) visit(next);
    }
    path.pop();
    state.set(name, 2);
  };
  for (const hook of HOOKS_BY_TABLE[t.name]) if (t.chains.has(hook) && !state.has(hook)) visit(hook);
  reachable = false;
  for (const name of t.chains.keys()) if (!state.has(name)) visit(name);
  return out;
}

// NF2012: INPUT's policy is DROP and nothing accepts loopback or established traffic: the host cuts itself off
// (replies to its own connections, local services on 127.0.0.1, often the SSH session applying the rules).
import type { LintRule } from '../types.js';
import { allTables, summarize } from '../analysis.js';
import { ST } from '../analysis.js';
import { reachingHooks } from '../../ops/validate.js';

const rule: LintRule = {
  code: 'NF2012',
  name: 'input-drop-lockout',
  severity: 'warning',
  message: 'INPUT policy DROP with no rule accepting {what}: lock-out risk',
  description:
    'With `:INPUT DROP` (or `-P INPUT DROP`) every packet to the host that no rule accepts is dropped — including ' +
    'the replies to the host\'s own connections and traffic on the loopback interface — unless some rule reached from ' +
    'INPUT accepts `-i lo` and `-m conntrack --ctstate ESTABLISHED` (or `-m state --state ESTABLISHED`). Applying such ' +
    'a file over SSH can cut the session. Add `-A INPUT -i lo -j ACCEPT` and `-A INPUT -m conntrack --ctstate ' +
    'RELATED,ESTABLISHED -j ACCEPT` first.',
  bad: { text: '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n', line: 2, column: 8 },
  good: {
    text: '*filter\n:INPUT DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n',
  },
  check(ctx) {
    for (const { family, table } of allTables(ctx.model)) {
      if (table.name !== 'filter') continue;
      const input = table.chains.get('INPUT');
      if (!input || input.policy !== 'DROP') continue;
      const reach = reachingHooks(table);
      let lo = false, est = false;
      for (const c of table.chains.values()) {
        if (!reach.get(c.name)?.has('INPUT')) continue;
        for (const r of c.rules) {
          if (r.target.kind !== 'verdict' || r.target.verdict !== 'ACCEPT') continue;
          const s = summarize(r);
          const conditionsOnlyIface = !r.src && !r.dst && !r.proto && r.matches.every((m) => m.name === 'comment');
          if (r.inIface && !r.inIface.invert && (r.inIface.name === 'lo' || r.inIface.name === '+' || r.inIface.name === 'l+' || r.inIface.name === 'lo+')) lo = true;
          if (!r.inIface && conditionsOnlyIface) lo = est = true;
          if (s.states !== undefined && s.states & ST.ESTABLISHED) est = true;
        }
      }
      if (lo && est) continue;
      const what = [!lo ? 'loopback (-i lo)' : '', !est ? 'established connections (--ctstate ESTABLISHED)' : ''].filter(Boolean).join(' or ');
      const words = ctx.model.chainDecl.get(`${family}/filter/INPUT`);
      const pw = words?.find((w) => w.t === 'DROP');
      ctx.report({ message: `INPUT policy DROP with no rule accepting ${what}: lock-out risk`, at: pw ? { start: pw.s, end: pw.e } : words?.[0] ? { start: words[0].s, end: words[0].e } : undefined });
    }
  },
};
export default rule;

// NF2019: -m set / -j SET with a number of src/dst flags other than the set type's dimension.
import type { LintRule } from '../types.js';
import { allRules, spanOf } from '../analysis.js';

interface Ref {
  name: string;
  dim: number;
  /** bit i set: dimension i is src */
  flags: number;
  what: string;
}

const dirs = (r: Ref) => Array.from({ length: r.dim }, (_, i) => (r.flags & (1 << (i + 1)) ? 'src' : 'dst')).join(',');

const rule: LintRule = {
  code: 'NF2019',
  name: 'set-dimension-mismatch',
  severity: 'warning',
  message: 'set {name} ({type}) has {n} dimensions but the rule gives {m} direction flags: {never matches|the extra flags are ignored}',
  description:
    'Each src/dst flag of `--match-set NAME src,dst` (and of SET\'s --add-set/--del-set/--map-set) says where one ' +
    'dimension of the set\'s elements comes from: hash:ip,port needs two (address, port). Neither iptables nor the ' +
    'kernel checks the count against the set\'s type (iptables only caps it at 6). With fewer flags than the set has ' +
    'dimensions, ip_set_test() returns "no match" for every packet (and --add-set/--del-set do nothing), so the rule ' +
    'silently never matches (with `!`: always matches). With more, the kernel uses the first ones and ignores the ' +
    'rest. Checked when the set\'s type is known (--ipset FILE, an ipset file in the same run, or the script\'s ipset ' +
    'create). Give one flag per dimension.',
  bad: {
    text: '*filter\n-A INPUT -m set --match-set svc dst -j ACCEPT\nCOMMIT\n',
    ipsetSave: 'create svc hash:ip,port family inet hashsize 1024 maxelem 65536\n',
    line: 2,
    column: 33,
  },
  good: {
    text: '*filter\n-A INPUT -m set --match-set svc dst,dst -j ACCEPT\nCOMMIT\n',
    ipsetSave: 'create svc hash:ip,port family inet hashsize 1024 maxelem 65536\n',
  },
  check(ctx) {
    const defs = ctx.model.ipsetDefs;
    if (!defs || defs.size === 0) return;
    for (const l of allRules(ctx.model)) {
      const refs: Ref[] = [];
      for (const m of l.rule.matches) {
        if (m.name !== 'set') continue;
        const d = m.data as { name: string; dim: number; dirFlags: number };
        refs.push({ name: d.name, dim: d.dim, flags: d.dirFlags, what: (d.dirFlags & 1) ? 'the inverted match always matches' : 'the match never matches' });
      }
      const t = l.rule.target;
      if (t.kind === 'ext' && t.ext.name === 'SET') {
        const d = t.ext.data as { add?: { name: string; dim: number; flags: number }; del?: { name: string; dim: number; flags: number }; map?: { name: string; dim: number; flags: number } };
        if (d.add) refs.push({ ...d.add, what: '--add-set never adds' });
        if (d.del) refs.push({ ...d.del, what: '--del-set never deletes' });
        if (d.map) refs.push({ ...d.map, what: '--map-set never maps' });
      }
      if (!refs.length) continue;
      const words = ctx.model.ruleWords(l.rule);
      for (const r of refs) {
        const def = defs.get(r.name);
        if (!def || def.dimension === 0 || r.dim === def.dimension) continue;
        const i = words.findIndex((w, k) => w.t === r.name && k + 1 < words.length && /^(src|dst)/.test(words[k + 1].t));
        const at = spanOf(words, i >= 0 ? words[i + 1] : undefined);
        const base = `set ${r.name} (${def.type}) has ${def.dimension} dimension${def.dimension === 1 ? '' : 's'} but the rule gives ${r.dim} direction flag${r.dim === 1 ? '' : 's'} (${dirs(r)})`;
        if (r.dim < def.dimension) ctx.report({ message: `${base}: ${r.what} (the kernel's ip_set_test() refuses a lookup with fewer flags than dimensions)`, at });
        else ctx.report({ message: `${base}: the kernel uses the first ${def.dimension} and ignores the rest`, at });
      }
    }
  },
};
export default rule;

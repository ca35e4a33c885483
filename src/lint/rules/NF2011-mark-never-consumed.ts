// NF2011: a packet mark set (-j MARK) whose bits no rule of the file ever reads (-m mark, CONNMARK --save-mark),
// like kube-proxy's KUBE-MARK-MASQ without the POSTROUTING rule that masquerades marked packets.
import type { LintRule } from '../types.js';
import { allRules, targetAt } from '../analysis.js';

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

const rule: LintRule = {
  code: 'NF2011',
  name: 'mark-never-consumed',
  severity: 'warning',
  message: 'mark bits {bits} are set here but no rule reads them (-m mark, CONNMARK --save-mark)',
  description:
    'A MARK target only has an effect when something reads the mark later. When no rule of the file matches those ' +
    'bits with -m mark or copies them to the connection with CONNMARK --save-mark (and, for CONNMARK --set-mark, no ' +
    'rule reads the connection mark with -m connmark or CONNMARK --restore-mark), the mark is probably waiting for a ' +
    'rule that was lost — kube-proxy\'s KUBE-MARK-MASQ without the KUBE-POSTROUTING rule that masquerades marked ' +
    'packets. Marks read outside iptables (ip rule fwmark, tc filters) are invisible here: disable the finding for ' +
    'such rules.',
  bad: { text: '*mangle\n-A PREROUTING -p tcp --dport 80 -j MARK --set-mark 1\nCOMMIT\n', line: 2, column: 36 },
  good: { text: '*mangle\n-A PREROUTING -p tcp --dport 80 -j MARK --set-mark 1\n-A PREROUTING -m mark --mark 0x1 -j ACCEPT\nCOMMIT\n' },
  check(ctx) {
    for (const family of ['ipv4', 'ipv6'] as const) {
      let nfRead = 0, ctRead = 0;
      const producers: { rule: import('../../model/ruleset.js').Rule; bits: number; ct: boolean }[] = [];
      for (const l of allRules(ctx.model)) {
        if (l.family !== family) continue;
        const r = l.rule;
        for (const m of r.matches) {
          const d = m.data as { mask?: number };
          if (m.name === 'mark') nfRead |= d.mask ?? 0;
          if (m.name === 'connmark') ctRead |= d.mask ?? 0;
        }
        if (r.target.kind !== 'ext') continue;
        const t = r.target.ext;
        const d = t.data as Record<string, number>;
        if (t.name === 'MARK') {
          const bits = (d.mask | d.mark) >>> 0;
          // clearing bits (kube-proxy's --xor-mark after the consumer) reads them in effect: only setting counts
          if (d.mark !== 0) producers.push({ rule: r, bits, ct: false });
        } else if (t.name === 'CONNMARK') {
          // modes: 0 set, 1 save (nfmark → ctmark), 2 restore (ctmark → nfmark)
          if (d.mode === 1) {
            nfRead |= d.nfmask;
          } else if (d.mode === 2) {
            ctRead |= d.ctmask;
          } else if (d.ctmark !== 0) producers.push({ rule: r, bits: (d.ctmask | d.ctmark) >>> 0, ct: true });
        }
      }
      for (const p of producers) {
        const read = p.ct ? ctRead : nfRead;
        if ((p.bits & read) !== 0) continue;
        ctx.report({
          message: `${p.ct ? 'connection ' : ''}mark bits ${hex(p.bits)} are set here but no rule reads them (${p.ct ? '-m connmark, CONNMARK --restore-mark' : '-m mark, CONNMARK --save-mark'})`,
          at: targetAt(ctx.model, p.rule),
          notes: ['a mark read by ip rule fwmark or tc is not visible to lint: disable NF2011 for this rule if so'],
        });
      }
    }
  },
};
export default rule;

import { it } from 'vitest';
import { replayExt } from './golden-replay-ext.js';
const groups = ['set', 'set-with-ipsets', 'extra:set-extra', 'physdev', 'string', 'extra:string-extra', 'tos-dscp', 'policy', 'rpfilter', 'socket', 'time', 'u32', 'extra:bpf-cluster', 'extra:ipvs-nfacct-rateest', 'extra:ipcomp-mh', 'extra:rt-hbh-dst-eui64', 'extra:nfacct', 'extra:time-u32-policy-edges', 'extra:more-matches-ext4'];
it('scratch', () => {
  for (const g of groups) for (const f of ['nft', 'legacy'] as const) {
    const r = replayExt(g, f);
    const bad = r.filter((x) => x.got !== x.want);
    console.log(`${g} ${f}: ${r.length} checks, ${bad.length} bad`);
    for (const b of bad.slice(0, 8)) console.log('  ' + JSON.stringify(b));
  }
});

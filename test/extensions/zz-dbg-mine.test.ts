import { it } from 'vitest';
import { replayGolden } from './golden-rules.js';
it('dbg', () => {
  for (const g of (process.env.G ?? '').split(',')) for (const f of ['nft', 'legacy'] as const) {
    const res = replayGolden(g, f);
    let bad = 0;
    for (const r of res) if (r.got !== r.want) { bad++; console.log(`[${g} ${f}] ${r.cmd}\n  got:  ${JSON.stringify(r.got)}\n  want: ${JSON.stringify(r.want)}`); }
    console.log(`[${g} ${f}] ${res.length} checks, ${bad} bad`);
  }
});

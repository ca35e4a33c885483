// Debug aid, skipped unless GROUP is set: prints the first differences of one rules golden group.
import { it } from 'vitest';
import { replay } from './support/rules-cases.js';

it.runIf(process.env.GROUP)('show rules group', () => {
  const flavor = (process.env.FLAVOR as 'nft' | 'legacy') ?? 'nft';
  const r = replay(process.env.GROUP!, flavor);
  let shown = 0;
  r.commands.forEach((c, i) => {
    const g = r.golden.commands[i];
    if (!g) return;
    if (c.exit !== g.exit || c.stdout !== g.stdout || c.stderr !== g.stderr) {
      if (shown++ < 25) console.log(`#${c.n} ${c.cmd}\n  got  ${c.exit} ${JSON.stringify(c.stderr || c.stdout)}\n  want ${g.exit} ${JSON.stringify(g.stderr || g.stdout)}`);
    }
  });
  for (const [k, v] of r.sections) {
    const want = r.golden.sections.get(k);
    if (v !== want) {
      const a = v.split('\n');
      const b = (want ?? '').split('\n');
      const i = a.findIndex((l, k2) => l !== b[k2]);
      console.log(`section ${k} differs at line ${i}:\n  got  ${a[i]}\n  want ${b[i]}`);
    }
  }
});

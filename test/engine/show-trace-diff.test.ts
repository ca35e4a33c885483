// Debug aid (not part of npm test's assertions): CASES=all|1,2,3 npx vitest run test/engine/show-trace-diff.test.ts
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { kernelComparable, nfsimKernelLines, readKernelCase } from './kernel-trace.test.js';

const DIR = join(__dirname, '../golden/trace/kernel');
it.skipIf(!process.env.CASES)('show differing trace cases', () => {
  const want = process.env.CASES!;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.trace')).filter((f) => want === 'all' || want.split(',').includes(f.replace('.trace', '')));
  let out = '';
  for (const f of files) {
    const c = readKernelCase(join(DIR, f));
    if (c.exit !== 0) continue;
    const ours = nfsimKernelLines(c);
    const theirs = kernelComparable(c.output);
    if (JSON.stringify(ours) === JSON.stringify(theirs)) continue;
    let i = 0;
    while (i < ours.length && ours[i] === theirs[i]) i++;
    out += `=== ${c.name}: ${c.packet}\n  kernel: ${theirs[i]}\n  nfsim:  ${ours[i]}\n`;
    if (want !== 'all') out += `--- kernel\n${theirs.join('\n')}\n--- nfsim\n${ours.join('\n')}\n`;
  }
  console.log(out);
});

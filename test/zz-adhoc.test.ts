import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { MemoryStore } from '../src/cli/state.js';
it('adhoc', () => {
  const fl = process.env.FL ?? 'nft';
  for (const f of (process.env.FILES ?? '').split(',')) {
    const store = new MemoryStore();
    if (process.env.PRE) { const p = memoryIo(readFileSync(process.env.PRE, 'utf8')); main([], p, `iptables-${fl}-restore`, store); }
    const io = memoryIo(readFileSync(f, 'utf8'));
    const exit = main([], io, `iptables-${fl}-restore`, store);
    console.log(`== ${f} exit ${exit}\n${io.out}${io.err}`);
  }
});

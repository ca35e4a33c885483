// Debug aid, skipped unless CASE is set: prints actual vs expected for one golden case (CASE=all: one line per failure).
import { it } from 'vitest';
import { allCases, runCaseById } from './support/restore-cases.js';
import { isDeepStrictEqual } from 'node:util';

it.runIf(process.env.CASE)('show case', () => {
  const flavor = (process.env.FLAVOR as 'nft' | 'legacy') ?? 'nft';
  if (process.env.CASE === 'all') {
    for (const c of allCases()) {
      let r;
      try {
        r = runCaseById(c.id, flavor);
      } catch (e) {
        console.log(`${c.id}: THROW ${(e as Error).message.slice(0, 100)}`);
        continue;
      }
      if (isDeepStrictEqual(r.actual, r.expected)) continue;
      const why = r.actual.stderr !== r.expected.stderr ? `stderr: ${JSON.stringify(r.actual.stderr.slice(0, 110))} vs ${JSON.stringify(r.expected.stderr.slice(0, 110))}` : r.actual.exit !== r.expected.exit ? `exit ${r.actual.exit} vs ${r.expected.exit}` : r.actual.stdout !== r.expected.stdout ? 'stdout' : 'save';
      console.log(`${c.id}: ${why}`);
    }
    return;
  }
  console.log(JSON.stringify(runCaseById(process.env.CASE!, flavor), null, 1));
});

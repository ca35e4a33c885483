// One golden comparison as a vitest case, honouring the divergence ledger (test/divergences.ts): a listed case must
// still differ, so an entry that starts passing fails and has to be removed (the ledger only shrinks).
import { expect, it } from 'vitest';
import { KNOWN_DIVERGENCES } from '../divergences.js';

export function goldenCase(key: string, title: string, compare: () => { actual: unknown; expected: unknown }): void {
  const known = KNOWN_DIVERGENCES.get(key);
  if (known) {
    it(`${title} [known divergence: ${known}]`, () => {
      const { actual, expected } = compare();
      expect(actual, `${key} passes now: remove it from test/divergences.ts`).not.toEqual(expected);
    });
  } else {
    it(title, () => {
      const { actual, expected } = compare();
      expect(actual).toEqual(expected);
    });
  }
}

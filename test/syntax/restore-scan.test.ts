// The hand-written restore scanner must read every input exactly like grammar/restore.peggy (the normative grammar).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineArgs, lineWords, parseRestoreLines, parseRestoreLinesPeg, tokenizeParams } from '../../src/syntax/restore.js';

const ALPHABET = ['a', 'B', '-', '1', ' ', ' ', '\t', '\n', '"', '"', '\\', '[', ']', ':', '#', '*', '!', "'", '\r', 'é'];
const textArb = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 80 }).map((a) => a.join(''));

function viaScanner(text: string) {
  return parseRestoreLines(text).map((n) => ({ k: n.k, s: n.s, e: n.e, c: n.c, w: lineWords(text, n) }));
}

function viaGrammar(text: string) {
  return parseRestoreLinesPeg(text).map((n) => ({ k: n.k, s: n.s, e: n.e, c: n.c, w: n.w ?? [] }));
}

describe('restore scanner vs grammar', () => {
  it('agree on random input (lines, kinds, counters, words with spans and quote state)', () => {
    fc.assert(fc.property(textArb, (text) => {
      expect(viaScanner(text)).toEqual(viaGrammar(text));
    }), { numRuns: 3000 });
  });

  it('agree on every line of a real dump', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../golden/kube-proxy/svc200.rules', import.meta.url), 'utf8');
    expect(viaScanner(text)).toEqual(viaGrammar(text));
  });

  it('tokenizeParams (used for escaped state lines) splits one line like the scanner', () => {
    fc.assert(fc.property(textArb.map((t) => t.replace(/\n/g, ' ')), (line) => {
      const words = lineWords(line, { k: 0, s: 0, e: line.length });
      expect(tokenizeParams(line)).toEqual(lineArgs(words, false));
    }), { numRuns: 3000 });
  });
});

describe('scanArgs (the restore hot path)', () => {
  it('gives what lineWords + lineArgs give, with and without a newline', async () => {
    const { scanArgs } = await import('../../src/syntax/restore-scan.js');
    fc.assert(fc.property(textArb.map((t) => t.replace(/\n/g, ' ')), fc.boolean(), (line, nl) => {
      expect(scanArgs(line, 0, line.length, nl)).toEqual(lineArgs(lineWords(line, { k: 0, s: 0, e: line.length }), nl));
    }), { numRuns: 3000 });
  });
});

// The hand-written restore scanner must read every input exactly like grammar/restore.peggy (the normative grammar).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineArgs, lineWords, parseRestoreLines, parseRestoreLinesPeg, strtokAll, tokenizeParams } from '../../src/syntax/restore.js';

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

describe('ArgScanner (scanArgs with indexOf, line after line)', () => {
  it('gives scanArgs (and strtok for chain lines) for every line of a text, in order, with one scanner', async () => {
    const { ArgScanner, scanArgs } = await import('../../src/syntax/restore-scan.js');
    const { shapeHash, shapeWords } = await import('../../src/syntax/command.js');
    fc.assert(fc.property(textArb, (text) => {
      const scanner = new ArgScanner(text);
      for (let s = 0; s < text.length; ) {
        let e = text.indexOf('\n', s);
        if (e < 0) e = text.length;
        // like restore: some lines are not scanned (comments, chain lines), and a counters prefix is skipped
        const from = text[s] === '[' && text.indexOf(']', s) >= 0 && text.indexOf(']', s) < e ? text.indexOf(']', s) + 1 : s;
        if (text[s] === ':') expect(scanner.strtok(s + 1, e, [])).toEqual(strtokAll(text.slice(s + 1, e), ' \t\n'));
        else if (text[s] !== '#') {
          const args = scanner.scan(from, e, e < text.length, ['-t', 'x'], shapeWords(['-t', 'x'], 0, 0));
          expect(args).toEqual(scanArgs(text, from, e, e < text.length, ['-t', 'x']));
          // the shape hash the scanner folds in while cutting words is the plan cache's
          expect(scanner.hash).toBe(shapeHash(args));
        }
        s = e + 1;
      }
    }), { numRuns: 5000 });
  });

  it('gives scanArgs for every line of a real dump', async () => {
    const { readFileSync } = await import('node:fs');
    const { ArgScanner, scanArgs } = await import('../../src/syntax/restore-scan.js');
    const { shapeHash } = await import('../../src/syntax/command.js');
    const text = readFileSync(new URL('../golden/kube-proxy/svc200.rules', import.meta.url), 'utf8');
    const scanner = new ArgScanner(text);
    for (let s = 0; s < text.length; ) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = text.length;
      const args = scanner.scan(s, e, e < text.length, []);
      expect(args).toEqual(scanArgs(text, s, e, e < text.length));
      expect(scanner.hash).toBe(shapeHash(args));
      s = e + 1;
    }
  });
});

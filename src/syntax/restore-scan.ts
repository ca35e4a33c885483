// Hand-written scanner for the restore hot path: the same line nodes as grammar/restore.peggy (which stays the
// normative description and is property-tested against this file in test/syntax/restore-scan.test.ts), without
// per-character rule calls, so a 110k-line kube-proxy dump scans in tens of milliseconds.
import type { LineNode, WordNode } from './restore.js';
import { SHAPE_PLAIN, shapeEnd, shapeTerm, shapeWords } from './command.js';

const TAB = 9, SP = 32, DQ = 34, BS = 92, HASH = 35, LBR = 91, RBR = 93;

/** The quoted part of a word starting at the opening quote `q`: its text, where scanning stopped, whether it is
 * still open (no closing quote before `end`). A backslash escapes the next character; one at `end` escapes nothing. */
function scanQuoted(text: string, q: number, end: number): { t: string; i: number; open: boolean } {
  let i = q + 1;
  let t = '';
  let run = i;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === DQ) return { t: t + text.slice(run, i), i: i + 1, open: false };
    if (c === BS) {
      t += text.slice(run, i);
      if (i + 1 < end) {
        t += text[i + 1];
        i += 2;
      } else i += 1;
      run = i;
      continue;
    }
    i++;
  }
  return { t: t + text.slice(run, i), i, open: true };
}

/** Scans words of text[from, end) exactly like `Words` in grammar/restore.peggy. */
export function scanWords(text: string, from: number, end: number): WordNode[] {
  const words: WordNode[] = [];
  let i = from;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === SP || c === TAB) {
      i++;
      continue;
    }
    const s = i;
    // unquoted part
    while (i < end && (c = text.charCodeAt(i)) !== SP && c !== TAB && c !== DQ) i++;
    let t = text.slice(s, i);
    let q = false;
    let open = false;
    if (i < end && text.charCodeAt(i) === DQ) {
      const part = scanQuoted(text, i, end);
      q = true;
      open = part.open;
      t += part.t;
      i = part.i;
    }
    words.push({ t, s, e: i, q, open });
  }
  return words;
}

/**
 * The argument strings of text[from, end) straight away (what scanWords + lineArgs give), without word objects:
 * the restore hot path needs no spans unless it reports an error. They are appended to `args` when given.
 */
export function scanArgs(text: string, from: number, end: number, hasNewline: boolean, args: string[] = []): string[] {
  let i = from;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === SP || c === TAB) {
      i++;
      continue;
    }
    const s = i;
    while (i < end && (c = text.charCodeAt(i)) !== SP && c !== TAB && c !== DQ) i++;
    if (i >= end || text.charCodeAt(i) !== DQ) {
      args.push(text.slice(s, i));
      continue;
    }
    // a quoted part ends the word; an open one runs to the end of the buffer (newline included)
    const part = scanQuoted(text, i, end);
    const t = text.slice(s, i) + part.t;
    i = part.i;
    if (!part.open) args.push(t);
    else if (hasNewline) args.push(t + '\n');
    else if (t !== '') args.push(t);
  }
  return args;
}

/**
 * scanArgs over the lines of one text, front to back: words are cut with indexOf (native, far quicker than a
 * charCodeAt loop on a 10 MB dump), a quoted part without backslashes too; an open quote or an escape sends the rest
 * of the line through scanArgs. The positions of the next quote, tab and backslash are kept between calls, so each
 * character is searched for at most once per text.
 * Calls must come with non-decreasing `from` (restore reads its lines in order); the result is scanArgs' exactly.
 */
export class ArgScanner {
  /** positions of the next '"', '\t' and '\\' at or after the last place each was looked for (text.length: none) */
  private nq = -1;
  private nt = -1;
  private nb = -1;
  constructor(readonly text: string) {}

  /** shapeHash() of the args of the last scan() (given the hash of the words before `from` in its h0) */
  hash = 0;

  scan(from: number, end: number, hasNewline: boolean, args: string[], h0 = 0): string[] {
    const text = this.text;
    let h = h0;
    let i = from;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === SP || c === TAB) {
        i++;
        continue;
      }
      // the word runs to the next space or tab
      let nt = this.nt;
      if (nt < i) this.nt = nt = next(text, '\t', i);
      let j = text.indexOf(' ', i);
      if (j < 0 || j > end) j = end;
      if (nt < j) j = nt;
      let nq = this.nq;
      if (nq < i) this.nq = nq = next(text, '"', i);
      if (nq < j) {
        // a quoted part ends the word: "..." without escapes is cut here, anything else is left to scanArgs
        const cq = text.indexOf('"', nq + 1);
        if (cq < 0 || cq >= end) break;
        let nb = this.nb;
        if (nb <= nq) this.nb = nb = next(text, '\\', nq + 1);
        if (nb < cq) break;
        const w = i === nq ? text.slice(nq + 1, cq) : text.slice(i, nq) + text.slice(nq + 1, cq);
        const n = w.length;
        const c0 = w.charCodeAt(0);
        h = (Math.imul(h, 31) + (c0 === 45 || c0 === 33 ? shapeTerm(n, n > 2 ? w.charCodeAt(2) : 0, w.charCodeAt(n - 1)) : SHAPE_PLAIN)) | 0;
        args[args.length] = w;
        i = cq + 1;
        continue;
      }
      // shapeWords() for the word text[i, j), written out (a call per word costs while the code is not optimized yet)
      if (c === 45 || c === 33) {
        const n = j - i;
        h = (Math.imul(h, 31) + n * 1021 + text.charCodeAt(j - 1) * 31 + (n > 2 ? text.charCodeAt(i + 2) : 0)) | 0;
      } else h = (Math.imul(h, 31) + SHAPE_PLAIN) | 0;
      args[args.length] = text.slice(i, j);
      i = j + 1;
    }
    if (i < end) {
      const k = args.length;
      scanArgs(text, i, end, hasNewline, args);
      h = shapeWords(args, k, h);
    }
    this.hash = shapeEnd(h, args.length);
    return args;
  }

  /**
   * strtok(line, " \t\n") over text[from, end) (a line: no newline inside), the tokens appended to `out` (until it holds
   * `max`): cut with indexOf when the line has no tab, like scan().
   */
  strtok(from: number, end: number, out: string[], max = Infinity): string[] {
    const text = this.text;
    let nt = this.nt;
    if (nt < from) this.nt = nt = next(text, '\t', from);
    if (nt < end) {
      for (const t of strtokAll(text.slice(from, end), ' \t\n')) if (out.length < max) out.push(t);
      return out;
    }
    let i = from;
    while (i < end && out.length < max) {
      if (text.charCodeAt(i) === SP) {
        i++;
        continue;
      }
      let j = text.indexOf(' ', i);
      if (j < 0 || j > end) j = end;
      out.push(text.slice(i, j));
      i = j + 1;
    }
    return out;
  }
}

/** strtok(str, delims) over a JS string: the tokens, skipping runs of delimiters (" \t\n" is tested without searching
 * `delims`). */
export function strtokAll(s: string, delims: string): string[] {
  const out: string[] = [];
  let start = -1;
  const ws = delims === ' \t\n';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (ws ? c === 32 || c === 9 || c === 10 : delims.includes(String.fromCharCode(c))) {
      if (start >= 0) out.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

function next(text: string, c: string, from: number): number {
  const k = text.indexOf(c, from);
  return k < 0 ? text.length : k;
}

/** Splits the input into line nodes (the trailing empty piece after a final newline is not a line). */
export function scanRestoreLines(text: string): LineNode[] {
  const lines: LineNode[] = [];
  const n = text.length;
  let s = 0;
  while (s < n) {
    let e = text.indexOf('\n', s);
    if (e < 0) e = n;
    const c0 = text.charCodeAt(s);
    if (c0 === HASH) lines.push({ k: 35, s, e });
    else if (c0 === LBR) {
      const close = text.indexOf(']', s);
      if (close >= 0 && close < e) lines.push({ k: 91, s, e, c: text.slice(s + 1, close), ws: close + 1 });
      else lines.push({ k: 93, s, e });
    } else lines.push({ k: 0, s, e });
    s = e + 1;
  }
  void RBR;
  return lines;
}

// Hand-written scanner for the restore hot path: the same line nodes as grammar/restore.peggy (which stays the
// normative description and is property-tested against this file in test/syntax/restore-scan.test.ts), without
// per-character rule calls, so a 110k-line kube-proxy dump scans in tens of milliseconds.
import type { LineNode, WordNode } from './restore.js';

const NL = 10, TAB = 9, SP = 32, DQ = 34, BS = 92, HASH = 35, LBR = 91, RBR = 93;

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
  void NL;
  void RBR;
  return lines;
}

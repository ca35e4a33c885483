// Splits iptables-restore input into line nodes with the generated peggy parser (grammar/restore.peggy).
import { parse } from './generated/restore.js';
import { scanRestoreLines, scanWords } from './restore-scan.js';

export { strtokAll } from './restore-scan.js';

export interface WordNode {
  /** the argument after quote processing */
  t: string;
  /** offsets in the input */
  s: number;
  e: number;
  /** had a double-quoted part */
  q: boolean;
  /** an opening quote was never closed (the rest of the line, newline included, belongs to the word) */
  open: boolean;
}

export interface LineNode {
  /** 35 '#' comment, 91 '[' counters prefix, 93 '[' without ']', 0 anything else */
  k: 0 | 35 | 91 | 93;
  s: number;
  e: number;
  /** counters text between [ and ] */
  c?: string;
  /** where the words start (after the counters prefix) */
  ws?: number;
}

/** The words of a line node (scanned on demand: a 110k-line dump need not hold 2 million word objects at once). */
export function lineWords(text: string, node: LineNode): WordNode[] {
  if (node.k === 35 || node.k === 93) return [];
  return scanWords(text, node.ws ?? node.s, node.e);
}

/**
 * The argument words add_param_to_argv() builds from a line's word nodes: an unterminated quote runs to the end of
 * the fgets() buffer, so it also takes the newline when the line has one; an empty parameter is never emitted at
 * the end of the buffer.
 */
export function lineArgs(words: readonly WordNode[], hasNewline: boolean): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (!w.open) out.push(w.t);
    else if (hasNewline) out.push(w.t + '\n');
    else if (w.t !== '') out.push(w.t);
  }
  return out;
}

/** The grammar's reading of the whole input, words included; the trailing empty piece after a final newline is
 * dropped (fgets never sees it). */
export function parseRestoreLinesPeg(text: string): (LineNode & { w?: WordNode[] })[] {
  const lines = parse(text) as (LineNode & { w?: WordNode[] })[];
  if (text.endsWith('\n') || text === '') lines.pop();
  return lines;
}

/** The same nodes from the hand-written scanner used on the hot path (see restore-scan.ts). */
export function parseRestoreLines(text: string): LineNode[] {
  return scanRestoreLines(text);
}


/** add_param_to_argv() over an arbitrary string (used for nfsim's escaped state lines, which may hold newlines). */
export function tokenizeParams(s: string): string[] {
  const out: string[] = [];
  let param = '';
  let has = false;
  let quoteOpen = false;
  let escaped = false;
  for (const ch of s) {
    if (quoteOpen) {
      if (escaped) {
        param += ch;
        escaped = false;
        continue;
      }
      if (ch === '\\') {
        escaped = true;
        continue;
      }
      if (ch !== '"') {
        param += ch;
        continue;
      }
      quoteOpen = false;
      out.push(param);
      param = '';
      has = false;
      continue;
    }
    if (ch === '"') {
      quoteOpen = true;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (param.length || has) out.push(param);
      param = '';
      has = false;
      continue;
    }
    param += ch;
  }
  if (param.length) out.push(param);
  return out;
}

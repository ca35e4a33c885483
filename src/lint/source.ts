// A linted file's text with its line index: offsets → 1-based line/column, the text of a line.
import { scanWords } from '../syntax/restore-scan.js';

export interface Word {
  t: string;
  s: number;
  e: number;
}

export class Source {
  private starts: number[] | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  get lineStarts(): number[] {
    if (!this.starts) {
      const st = [0];
      const text = this.text;
      let i = text.indexOf('\n');
      while (i >= 0) {
        st.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
      this.starts = st;
    }
    return this.starts;
  }

  /** 1-based line of an offset */
  lineOf(offset: number): number {
    const st = this.lineStarts;
    let lo = 0, hi = st.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (st[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** the text of a 1-based line (without its newline; a trailing \r kept) */
  line(n: number): string | undefined {
    const st = this.lineStarts;
    if (n < 1 || n > st.length) return undefined;
    const s = st[n - 1];
    const e = n < st.length ? st[n] - 1 : this.text.length;
    if (s > this.text.length || (n === st.length && s === this.text.length)) return undefined;
    return this.text.slice(s, e);
  }

  get lineCount(): number {
    const st = this.lineStarts;
    return this.text.endsWith('\n') || this.text === '' ? st.length - 1 : st.length;
  }

  /** the iptables-restore words of the line holding `offset` */
  wordsOfLine(line: number): Word[] {
    const st = this.lineStarts;
    const s = st[line - 1] ?? this.text.length;
    const nl = this.text.indexOf('\n', s);
    return scanWords(this.text, s, nl < 0 ? this.text.length : nl);
  }
}

/** `-x` or a unique-enough prefix of `--long` (getopt_long accepts abbreviations). */
export function isOption(w: string, short: string | undefined, long: string): boolean {
  if (short !== undefined && w === short) return true;
  if (!w.startsWith('--') || w.length < 3) return false;
  const body = w.slice(2).split('=')[0];
  return long.startsWith(body);
}

/** The word after the first word that is the option (`-j X` → X). */
export function wordAfter(words: readonly Word[], short: string | undefined, long: string): Word | undefined {
  for (let i = 0; i + 1 < words.length; i++) if (isOption(words[i].t, short, long)) return words[i + 1];
  return undefined;
}

// Suppression comments in rule files and scripts (iptables-restore and the shell both ignore # lines):
//   # nfsim-lint disable-next-line NF2003 NF2007   — findings of those codes (all, without codes) on the next
//                                                    non-comment line
//   # nfsim-lint disable-file NF2014               — in the whole file
import type { Source } from './source.js';

export interface Directives {
  /** line → codes (empty set: every code) */
  lines: Map<number, Set<string>>;
  file: Set<string> | undefined;
  fileAll: boolean;
}

const RE = /^\s*#\s*nfsim-lint\s+(disable-next-line|disable-file)\b([^\n]*)$/;

export function readDirectives(src: Source): Directives {
  const out: Directives = { lines: new Map(), file: undefined, fileAll: false };
  const text = src.text;
  if (!text.includes('nfsim-lint')) return out;
  const n = src.lineCount;
  for (let i = 1; i <= n; i++) {
    const l = src.line(i)!;
    if (!l.includes('nfsim-lint')) continue;
    const m = RE.exec(l);
    if (!m) continue;
    const codes = new Set(m[2].split(/[\s,]+/).map((c) => c.toUpperCase()).filter((c) => /^NF\d{4}$/.test(c)));
    if (m[1] === 'disable-file') {
      if (codes.size === 0) out.fileAll = true;
      else out.file = new Set([...(out.file ?? []), ...codes]);
      continue;
    }
    let j = i + 1;
    while (j <= n && /^\s*(#.*)?\r?$/.test(src.line(j)!)) j++;
    const cur = out.lines.get(j);
    if (cur && (cur.size === 0 || codes.size === 0)) out.lines.set(j, new Set());
    else out.lines.set(j, new Set([...(cur ?? []), ...codes]));
  }
  return out;
}

export function suppressed(d: Directives, line: number, code: string): boolean {
  if (d.fileAll || d.file?.has(code)) return true;
  const s = d.lines.get(line);
  return s !== undefined && (s.size === 0 || s.has(code));
}

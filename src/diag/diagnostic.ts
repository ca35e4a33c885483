// Diagnostics of nfsim's own commands (trace, lint): a code, a message, a position, and a code frame as rustc,
// ESLint and ShellCheck print them. Text from input files is printed with control characters escaped.

export interface Position {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based, in characters */
  column: number;
  /** characters underlined (at least 1) */
  length?: number;
}

export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  pos?: Position;
  /** the whole source line at pos.line */
  sourceLine?: string;
  notes?: string[];
}

/** Control characters (C0, DEL, C1) as \xNN, so hostile rule files cannot drive the terminal. */
export function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/\t/g, ' ');
}

/** A DiagnosticError carries a Diagnostic through throw/catch to the CLI, which prints it and exits 2. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/**
 *   error[NF1004]: Bad value for "--dport" option: "22x"
 *    --> rules.v4:7:32
 *     |
 *   7 | -A INPUT -p tcp -m tcp --dport 22x -j ACCEPT
 *     |                                ^^^
 */
export function formatDiagnostic(d: Diagnostic): string {
  let out = `${d.severity}[${d.code}]: ${escapeControl(d.message)}\n`;
  if (d.pos) {
    out += ` --> ${escapeControl(d.pos.file)}:${d.pos.line}:${d.pos.column}\n`;
    if (d.sourceLine !== undefined) {
      const num = String(d.pos.line);
      const pad = ' '.repeat(num.length);
      const line = escapeControl(d.sourceLine);
      // the caret column in the escaped line: escape the prefix the same way
      const prefix = escapeControl(d.sourceLine.slice(0, d.pos.column - 1));
      const len = Math.max(1, Math.min(d.pos.length ?? 1, Math.max(1, line.length - prefix.length)));
      out += `${pad} |\n${num} | ${line}\n${pad} | ${' '.repeat(prefix.length)}${'^'.repeat(len)}\n`;
    }
  }
  for (const n of d.notes ?? []) out += `  = note: ${escapeControl(n)}\n`;
  return out;
}

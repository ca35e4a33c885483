// One error class for everything the emulated tools reject; kinds mirror libxtables' enum xtables_exittype.
export type ExitKind = 'other' | 'parameter' | 'version' | 'resource';

/** xtables exit codes: OTHER_PROBLEM=1, PARAMETER_PROBLEM=2, VERSION_PROBLEM=3, RESOURCE_PROBLEM=4. */
export const EXIT_CODES: Record<ExitKind, number> = { other: 1, parameter: 2, version: 3, resource: 4 };

import type { Span } from '../model/span.js';

export type { Span };

/**
 * How the message is framed on stderr:
 * - 'xtables': "prog vVERSION (flavor): msg" (+ "Error occurred at line" / "Try ..." for parameter problems), like xtables_error().
 * - 'raw': the text is printed verbatim (fprintf(stderr, ...) call sites), followed by the try-help lines when tryHelp is set.
 */
export type Framing = 'xtables' | 'raw';

export class XtError extends Error {
  readonly kind: ExitKind;
  readonly framing: Framing;
  /** Print "Try `prog -h' ..." after a raw message (exit_tryhelp). */
  readonly tryHelp: boolean;
  /** Exit status, when it differs from the kind's code (e.g. exit(1) after a raw message). */
  readonly status: number;
  span?: Span;
  /** 1-based input line the error belongs to (restore files), when known. */
  line?: number;
  /** stderr text the tool had already printed (warnings) before failing */
  before = '';

  constructor(kind: ExitKind, message: string, opts: { framing?: Framing; tryHelp?: boolean; status?: number; span?: Span } = {}) {
    super(message);
    this.kind = kind;
    this.framing = opts.framing ?? 'xtables';
    this.tryHelp = opts.tryHelp ?? (kind === 'parameter');
    this.status = opts.status ?? EXIT_CODES[kind];
    this.span = opts.span;
  }
}

/** xtables_error(PARAMETER_PROBLEM, ...) */
export function paramProblem(message: string, span?: Span): XtError {
  return new XtError('parameter', message, { span });
}

/** xtables_error(OTHER_PROBLEM, ...) */
export function otherProblem(message: string, span?: Span): XtError {
  return new XtError('other', message, { span });
}

/** A message printed with a bare fprintf(stderr) and then exit_tryhelp(2) ("Bad argument `x'"). */
export function rawTryHelp(message: string, status = 2): XtError {
  return new XtError('parameter', message, { framing: 'raw', tryHelp: true, status });
}

/** A message printed with a bare fprintf(stderr) followed by exit(status). */
export function rawExit(message: string, status = 1): XtError {
  return new XtError('other', message, { framing: 'raw', tryHelp: false, status });
}

export interface ProgramInfo {
  /** argv[0] basename the real tool would print, e.g. "iptables" or "iptables-restore". */
  name: string;
  /** e.g. "1.8.9 (nf_tables)" */
  version: string;
}

/** Renders an error exactly as the real tool writes it to stderr. */
export function formatXtError(err: XtError, prog: ProgramInfo, line?: number): string {
  let out = err.before;
  if (err.framing === 'xtables') out += `${prog.name} v${prog.version}: ${err.message}\n`;
  else out += err.message.endsWith('\n') || err.message === '' ? err.message : err.message + '\n';
  if (err.tryHelp) {
    const l = line ?? err.line;
    if (l !== undefined && l !== -1) out += `Error occurred at line: ${l}\n`;
    out += `Try \`${prog.name} -h' or '${prog.name} --help' for more information.\n`;
  } else if (err.kind === 'version' && err.framing === 'xtables') {
    out += `Perhaps ${prog.name} or your kernel needs to be upgraded.\n`;
  }
  return out;
}

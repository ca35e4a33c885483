// nfsim lint's output formats: stylish (code frames, ESLint's summary), json, SARIF 2.1.0, GitHub workflow
// annotations and gcc's one-line form. Pure: results in, text out; text from rule files has control characters escaped.
import { escapeControl, formatDiagnostic } from '../diag/diagnostic.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { LintResult } from '../lint/runner.js';
import type { LintRule } from '../lint/types.js';

export type LintFormat = 'stylish' | 'json' | 'sarif' | 'github' | 'gcc';

export interface LintStyle {
  error(s: string): string;
  warning(s: string): string;
  info(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const id = (s: string) => s;
export const PLAIN_LINT: LintStyle = { error: id, warning: id, info: id, dim: id, bold: id };

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function countSeverities(results: readonly LintResult[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const r of results) for (const d of r.diagnostics) c[d.severity]++;
  return c;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function renderStylish(results: readonly LintResult[], style: LintStyle = PLAIN_LINT): string {
  let out = '';
  for (const r of results) {
    for (const d of r.diagnostics) {
      const text = formatDiagnostic(d);
      const nl = text.indexOf('\n');
      const head = text.slice(0, nl);
      const sev = head.slice(0, head.indexOf('['));
      out += style[d.severity](sev) + style.bold(head.slice(sev.length)) + style.dim(text.slice(nl)) + '\n';
    }
  }
  const c = countSeverities(results);
  const total = c.error + c.warning + c.info;
  if (total === 0) return out;
  const line = `✖ ${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info)`;
  return out + (c.error ? style.error(line) : style.warning(line)) + '\n';
}

function diagJson(d: Diagnostic, rule: LintRule | undefined) {
  return {
    code: d.code,
    rule: rule?.name,
    severity: d.severity,
    message: d.message,
    line: d.pos?.line,
    column: d.pos?.column,
    endColumn: d.pos ? d.pos.column + (d.pos.length ?? 1) : undefined,
    notes: d.notes ?? [],
  };
}

export function renderJson(results: readonly LintResult[], rules: (code: string) => LintRule | undefined): string {
  const c = countSeverities(results);
  const files = results.map((r) => ({ file: r.file, type: r.type, family: r.family, diagnostics: r.diagnostics.map((d) => diagJson(d, rules(d.code))) }));
  return JSON.stringify({ version: 1, files, errorCount: c.error, warningCount: c.warning, infoCount: c.info }, null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0 (one run; the rules are the registry, results point at file URIs relative to the run). */
export function renderSarif(results: readonly LintResult[], rules: readonly LintRule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nfsim lint',
            version,
            informationUri: 'https://github.com/nfsim/nfsim#linting-rule-files-nfsim-lint',
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.message },
              fullDescription: { text: r.description },
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
              help: { text: `${r.description}\n\nBad:\n${r.bad.text}\nGood:\n${r.good.text}` },
            })),
          },
        },
        results: results.flatMap((f) =>
          f.diagnostics.map((d) => {
            const res: Record<string, unknown> = { ruleId: d.code, level: SARIF_LEVEL[d.severity], message: { text: d.message + (d.notes?.length ? `\n${d.notes.join('\n')}` : '') } };
            const i = index.get(d.code);
            if (i !== undefined) res.ruleIndex = i;
            const region: Record<string, unknown> = { startLine: d.pos?.line ?? 1, startColumn: d.pos?.column ?? 1 };
            if (d.pos?.length) region.endColumn = d.pos.column + d.pos.length;
            if (d.sourceLine !== undefined) region.snippet = { text: d.sourceLine };
            res.locations = [{ physicalLocation: { artifactLocation: { uri: sarifUri(f.file) }, region } }];
            return res;
          }),
        ),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function sarifUri(file: string): string {
  if (file === '-' || file === '<stdin>') return 'stdin';
  return file.split('/').map(encodeURIComponent).join('/');
}

// GitHub workflow commands: data escapes %, CR, LF; property values also : and ,
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GH_LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function renderGithub(results: readonly LintResult[]): string {
  let out = '';
  for (const r of results) {
    for (const d of r.diagnostics) {
      const props = [`file=${ghProp(escapeControl(r.file))}`];
      if (d.pos) {
        props.push(`line=${d.pos.line}`, `col=${d.pos.column}`);
        if (d.pos.length) props.push(`endColumn=${d.pos.column + d.pos.length}`);
      }
      props.push(`title=${ghProp(d.code)}`);
      out += `::${GH_LEVEL[d.severity]} ${props.join(',')}::${ghData(escapeControl(d.message))}\n`;
    }
  }
  return out;
}

const GCC_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function renderGcc(results: readonly LintResult[]): string {
  let out = '';
  for (const r of results) {
    for (const d of r.diagnostics) {
      const where = d.pos ? `${escapeControl(r.file)}:${d.pos.line}:${d.pos.column}` : escapeControl(r.file);
      out += `${where}: ${GCC_LEVEL[d.severity]}: ${escapeControl(d.message)} [${d.code}]\n`;
    }
  }
  return out;
}

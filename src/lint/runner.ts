// Lints one file: detect its type and family, load it, run the enabled rules, apply the rule settings and the
// suppression comments, and turn findings into positioned diagnostics.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Family, Flavor } from '../model/ruleset.js';
import { detectFamily, detectType, loadRestore, loadScript } from './load.js';
import { readDirectives, suppressed } from './directives.js';
import { RULES, findRule } from './registry.js';
import { Source } from './source.js';
import { IPSET_MAXNAMELEN, lookupIpset, registerIpset, unregisterIpset } from '../extensions/match/set.js';
import type { Finding, InputType, Severity } from './types.js';

export type RuleSetting = 'off' | Severity;

export interface LintOptions {
  type?: InputType;
  family?: Family;
  /** the iptables flavor whose restore and kernel checks are emulated (default nft) */
  flavor?: Flavor;
  /** set names defined by --ipset */
  ipsets?: Set<string>;
  /** per-code settings (config file, then --disable/--enable/--severity) */
  rules?: Record<string, RuleSetting>;
}

export interface LintResult {
  file: string;
  type: InputType;
  family?: Family;
  diagnostics: Diagnostic[];
  /** the input cannot be linted yet (its parser is missing) */
  unsupported?: string;
}

const SEV_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function lintText(file: string, text: string, o: LintOptions = {}): LintResult {
  const type = o.type ?? detectType(file, text);
  if (type === 'ipvs' || type === 'ipset') return { file, type, diagnostics: [], unsupported: `unsupported input type: ${type === 'ipvs' ? 'ipvsadm -S' : 'ipset save'} (needs issue #5)` };
  const flavor = o.flavor ?? 'nft';
  const src = new Source(file, text);
  const family = type === 'restore' ? (o.family ?? detectFamily(file, text)) : undefined;
  // the set match asks the kernel whether a set exists: every set the file names is made known while it loads, and
  // NF2015 judges them against --ipset (or the script's ipset create lines) afterwards
  const added: string[] = [];
  for (const m of text.matchAll(/--(?:match|add|del|map)-set\s+"?([^\s"]+)/g)) {
    const name = m[1].slice(0, IPSET_MAXNAMELEN - 1);
    if (lookupIpset(name) === undefined) {
      registerIpset(name, 'unspec');
      added.push(name);
    }
  }
  let loaded: ReturnType<typeof loadRestore>;
  try {
    loaded = type === 'restore' ? loadRestore(src, family!, flavor) : loadScript(src, flavor);
  } finally {
    for (const name of added) unregisterIpset(name);
  }
  const model = loaded.model;
  if (o.ipsets) model.ipsets = new Set([...(model.ipsets ?? []), ...o.ipsets]);
  const findings: Finding[] = [...loaded.findings];
  const setting = (code: string): RuleSetting => o.rules?.[code] ?? findRule(code)?.severity ?? 'error';
  for (const rule of RULES) {
    if (!rule.check || setting(rule.code) === 'off') continue;
    rule.check({ model, report: (f) => findings.push({ ...f, code: rule.code }) });
  }
  // the real iptables-restore's own refusal, where nothing more precise explains it
  if (loaded.rejected) {
    const { line, finding } = loaded.rejected;
    const errorLines = findings.filter((f) => setting(f.code) === 'error' || findRule(f.code)?.severity === 'error').map((f) => lineOfFinding(src, f));
    const block = loaded.rejected.block;
    const covered = errorLines.some((l) => l === line || (block !== undefined && l !== undefined && l >= block[0] && l <= block[1]));
    if (!covered) findings.push(finding);
  }
  const directives = readDirectives(src);
  const diagnostics: Diagnostic[] = [];
  for (const f of findings) {
    const sev = setting(f.code);
    if (sev === 'off') continue;
    const d = toDiagnostic(src, f, sev);
    if (d.pos && suppressed(directives, d.pos.line, f.code)) continue;
    diagnostics.push(d);
  }
  diagnostics.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.column ?? 0) - (b.pos?.column ?? 0) || SEV_ORDER[a.severity] - SEV_ORDER[b.severity] || a.code.localeCompare(b.code));
  return { file, type, family, diagnostics };
}

function lineOfFinding(src: Source, f: Finding): number | undefined {
  if (!f.at) return undefined;
  return 'line' in f.at ? f.at.line : src.lineOf(f.at.start);
}

function toDiagnostic(src: Source, f: Finding, severity: Severity): Diagnostic {
  const d: Diagnostic = { code: f.code, severity, message: f.message };
  if (f.notes) d.notes = f.notes;
  if (!f.at) {
    d.pos = { file: src.file, line: 1, column: 1 };
    return d;
  }
  if ('line' in f.at) {
    const text = src.line(f.at.line);
    d.pos = { file: src.file, line: f.at.line, column: 1, length: Math.max(1, text?.length ?? 1) };
    if (text !== undefined) d.sourceLine = text.replace(/\r$/, '');
    return d;
  }
  const line = src.lineOf(f.at.start);
  const lineStart = src.lineStarts[line - 1];
  const text = src.line(line) ?? '';
  const end = Math.min(f.at.end, lineStart + text.length);
  d.pos = { file: src.file, line, column: f.at.start - lineStart + 1, length: Math.max(1, end - f.at.start) };
  d.sourceLine = text.replace(/\r$/, '');
  return d;
}

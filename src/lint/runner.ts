// Lints one file: detect its type and family, load it, run the enabled rules, apply the rule settings and the
// suppression comments, and turn findings into positioned diagnostics.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Family, Flavor } from '../model/ruleset.js';
import { detectFamily, detectType, loadRestore, loadScript } from './load.js';
import { loadIpvs } from './load-ipvs.js';
import { ipsetDefsOf, loadIpset } from './load-ipset.js';
import { readDirectives, suppressed } from './directives.js';
import { RULES, findRule } from './registry.js';
import { Source } from './source.js';
import { IPSET_MAXNAMELEN, configureIpsets, ipsetRegistrySnapshot, lookupIpset, registerIpset } from '../extensions/match/set.js';
import type { IpsetFamily } from '../extensions/match/set.js';
import type { Example, Finding, InputType, IpsetDef, LintModel, Severity } from './types.js';

export type RuleSetting = 'off' | Severity;

export interface LintOptions {
  type?: InputType;
  family?: Family;
  /** the iptables flavor whose restore and kernel checks are emulated (default nft) */
  flavor?: Flavor;
  /** set names defined by --ipset */
  ipsets?: Set<string>;
  /** sets with their types and families (--ipset FILE, an ipset file linted in the same run) */
  ipsetDefs?: Map<string, IpsetDef>;
  /** per-code settings (config file, then --disable/--enable/--severity) */
  rules?: Record<string, RuleSetting>;
}

export interface LintResult {
  file: string;
  type: InputType;
  family?: Family;
  diagnostics: Diagnostic[];
  /** an ipset file: the sets it leaves defined */
  ipsetDefs?: Map<string, IpsetDef>;
}

/** The options a rule's example is linted with (the meta-test, --explain). */
export function exampleOptions(ex: Example): LintOptions {
  return {
    type: ex.type,
    ipsets: ex.ipsets ? new Set(ex.ipsets) : undefined,
    ipsetDefs: ex.ipsetSave !== undefined ? ipsetDefsOf(ex.ipsetSave) : undefined,
  };
}

export const registryFamily = (f: IpsetDef['family']): IpsetFamily => (f === 'inet' ? 'ipv4' : f === 'inet6' ? 'ipv6' : 'unspec');

const SEV_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function lintText(file: string, text: string, o: LintOptions = {}): LintResult {
  const type = o.type ?? detectType(file, text);
  const flavor = o.flavor ?? 'nft';
  const src = new Source(file, text);
  const family = type === 'restore' ? (o.family ?? detectFamily(file, text)) : undefined;
  // the set match asks the kernel whether a set exists and which family it has: every set the file names is made
  // known while it loads (with its family when --ipset or an ipset file of the run defines it), and NF2015 judges
  // existence against the defined sets afterwards
  const saved = ipsetRegistrySnapshot();
  for (const m of text.matchAll(/--(?:match|add|del|map)-set\s+"?([^\s"]+)/g)) {
    const name = m[1].slice(0, IPSET_MAXNAMELEN - 1);
    const def = o.ipsetDefs?.get(name);
    if (def) registerIpset(name, registryFamily(def.family));
    else if (lookupIpset(name) === undefined) registerIpset(name, 'unspec');
  }
  let loaded: { model: LintModel; findings: Finding[]; rejected?: ReturnType<typeof loadRestore>['rejected']; defs?: Map<string, IpsetDef> };
  try {
    loaded = type === 'restore' ? loadRestore(src, family!, flavor) : type === 'ipvs' ? loadIpvs(src, flavor) : type === 'ipset' ? loadIpset(src, flavor) : loadScript(src, flavor);
  } finally {
    configureIpsets(saved);
  }
  const model = loaded.model;
  if (o.ipsetDefs) {
    const defs = new Map(o.ipsetDefs);
    for (const [k, v] of model.ipsetDefs ?? []) defs.set(k, v);
    model.ipsetDefs = defs;
    model.ipsets = new Set([...(model.ipsets ?? []), ...o.ipsetDefs.keys()]);
  }
  if (o.ipsets) model.ipsets = new Set([...(model.ipsets ?? []), ...o.ipsets]);
  const findings: Finding[] = [...loaded.findings];
  const setting = (code: string): RuleSetting => o.rules?.[code] ?? findRule(code)?.severity ?? 'error';
  for (const rule of RULES) {
    if (!rule.check || setting(rule.code) === 'off') continue;
    rule.check({ model, report: (f) => findings.push({ ...f, code: rule.code }) });
  }
  // the real iptables-restore's own refusal at the line it names: where no error is on that line already, NF1000
  // carries the real message there — for a COMMIT the kernel refused, besides the errors inside the block that cause it
  if (loaded.rejected) {
    const { line, finding } = loaded.rejected;
    const isError = (f: Finding) => setting(f.code) === 'error';
    const covered = findings.some((f) => isError(f) && lineOfFinding(src, f) === line);
    if (!covered) {
      const block = loaded.rejected.block;
      if (block) {
        const causes = [...new Set(findings.filter((f) => isError(f)).map((f) => lineOfFinding(src, f)).filter((l): l is number => l !== undefined && l > block[0] && l < block[1]))].sort((a, b) => a - b);
        if (causes.length) finding.notes = [...(finding.notes ?? []), `the kernel refuses the table block at its COMMIT; the cause: line${causes.length > 1 ? 's' : ''} ${causes.join(', ')}`];
      }
      findings.push(finding);
    }
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
  return { file, type, family, diagnostics, ...(loaded.defs ? { ipsetDefs: loaded.defs } : {}) };
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

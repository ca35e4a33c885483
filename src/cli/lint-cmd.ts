// `nfsim lint`: argv → files → src/lint → src/render/lint formats → exit code (0 clean, 1 errors or too many
// warnings, 2 fatal), like ESLint. Thin: the work is in src/lint. commander and chalk load on demand.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Io } from './io.js';
import type { Family, Flavor } from '../model/ruleset.js';
import { lintText } from '../lint/runner.js';
import type { LintResult, RuleSetting } from '../lint/runner.js';
import { RULES, findRule } from '../lint/registry.js';
import type { InputType, IpsetDef } from '../lint/types.js';
import { detectType } from '../lint/load.js';
import { PLAIN_LINT, countSeverities, renderGcc, renderGithub, renderJson, renderSarif, renderStylish } from '../render/lint.js';
import type { LintFormat, LintStyle } from '../render/lint.js';
import { escapeControl } from '../diag/diagnostic.js';

export interface LintContext {
  io: Io;
  /** where the config file search starts (default: the process's working directory) */
  cwd?: string;
}

interface Opts {
  type?: InputType;
  format: LintFormat;
  disable: string[];
  enable: string[];
  severity: string[];
  maxWarnings?: string;
  config?: string;
  explain?: string;
  host?: string;
  ipset?: string;
  backend: Flavor;
  family?: string;
  color?: boolean;
}

class Fatal extends Error {}

const VERSION = '0.1.0';

export async function runLint(argv: string[], t: LintContext): Promise<number> {
  const { io } = t;
  const { Command, CommanderError, Option } = await import('commander');
  const collect = (v: string, prev: string[]) => [...prev, ...v.split(',').filter(Boolean)];
  const program = new Command('nfsim lint')
    .description('check iptables-save/restore files, ipvsadm -S and ipset save files and scripts before deploying them (no root needed)')
    .argument('[files...]', 'files to lint; none or - reads standard input')
    .addOption(new Option('--type <type>', 'input type (default: detected)').choices(['restore', 'script', 'ipvs', 'ipset']))
    .addOption(new Option('--format <format>', 'output format').choices(['stylish', 'json', 'sarif', 'github', 'gcc']).default('stylish'))
    .option('--disable <code>', 'turn a rule off (repeatable, or comma-separated)', collect, [])
    .option('--enable <code>', 'turn a rule on at its default severity (repeatable)', collect, [])
    .option('--severity <code=level>', 'set a rule\'s severity: error, warning, info or off (repeatable)', collect, [])
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this')
    .option('--config <file>', 'rule settings (default: .nfsimlintrc.json found from the current directory upwards)')
    .option('--explain <code>', 'print what a rule checks, with its examples')
    .option('--host <file>', 'host model (accepted for context; no rule uses it yet)')
    .option('--ipset <file>', 'an `ipset save` file: the sets it leaves (read as ipset restore reads it) are the defined ones')
    .addOption(new Option('--backend <flavor>', 'iptables flavor whose restore and kernel checks are emulated').choices(['nft', 'legacy']).default(io.env.NFSIM_BACKEND === 'legacy' ? 'legacy' : 'nft'))
    .addOption(new Option('--family <family>', 'address family of restore files (default: detected)').choices(['ipv4', 'ipv6']))
    .option('--no-color', 'no colour even on a terminal')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  let o: Opts;
  let files: string[];
  try {
    program.parse(argv, { from: 'user' });
    o = program.opts<Opts>();
    files = program.args;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  try {
    if (o.explain !== undefined) return explain(o.explain, io);
    const rules = ruleSettings(o, t);
    const maxWarnings = o.maxWarnings === undefined ? undefined : Number(o.maxWarnings);
    if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new Fatal(`--max-warnings: not a non-negative integer: ${o.maxWarnings}`);
    if (o.host !== undefined) readText(o.host, io);
    if (files.length === 0) files = ['-'];
    const inputs = files.map((f) => ({ name: f === '-' ? '<stdin>' : f, text: readText(f, io) }));
    const lintOne = (name: string, text: string, ipsetDefs?: Map<string, IpsetDef>) =>
      lintText(name, text, { type: o.type, family: o.family as Family | undefined, flavor: o.backend, ipsetDefs, rules });
    // the sets: --ipset FILE (read as ipset restore reads it; its own errors are reported too) and every ipset save
    // file of the run, linted first so the rule files see them as defined
    let ipsetDefs: Map<string, IpsetDef> | undefined;
    const byInput = new Map<number, LintResult>();
    const extra: LintResult[] = [];
    if (o.ipset !== undefined) {
      const res = lintText(o.ipset, readText(o.ipset, io), { type: 'ipset', rules });
      ipsetDefs = new Map(res.ipsetDefs);
      if (res.diagnostics.length) extra.push(res);
    }
    inputs.forEach((inp, i) => {
      if ((o.type ?? detectType(inp.name, inp.text)) !== 'ipset') return;
      const res = lintOne(inp.name, inp.text);
      byInput.set(i, res);
      ipsetDefs = new Map([...(ipsetDefs ?? []), ...(res.ipsetDefs ?? [])]);
    });
    const results: LintResult[] = [...extra];
    inputs.forEach((inp, i) => results.push(byInput.get(i) ?? lintOne(inp.name, inp.text, ipsetDefs)));
    // colour was decided here (a TTY, no NO_COLOR, no --no-color): chalk's own detection is not asked again
    const chalk = o.color !== false && io.isTTY && !('NO_COLOR' in io.env) && o.format === 'stylish' ? new (await import('chalk')).Chalk({ level: 1 }) : undefined;
    const style: LintStyle = chalk ? { error: chalk.red.bold, warning: chalk.yellow.bold, info: chalk.cyan.bold, dim: chalk.dim, bold: chalk.bold } : PLAIN_LINT;
    switch (o.format) {
      case 'json': io.stdout(renderJson(results, findRule)); break;
      case 'sarif': io.stdout(renderSarif(results, RULES, VERSION)); break;
      case 'github': io.stdout(renderGithub(results)); break;
      case 'gcc': io.stdout(renderGcc(results)); break;
      default: io.stdout(renderStylish(results, style));
    }
    const c = countSeverities(results);
    if (c.error > 0) return 1;
    if (maxWarnings !== undefined && c.warning > maxWarnings) {
      if (o.format === 'stylish') io.stderr(`nfsim lint: too many warnings (${c.warning}, --max-warnings ${maxWarnings})\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof Fatal) {
      io.stderr(`nfsim lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function readText(path: string, io: Io): string {
  if (path === '-') return io.readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Fatal(`cannot read ${escapeControl(path)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** config file rules, then --enable/--disable/--severity */
function ruleSettings(o: Opts, t: LintContext): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  const check = (code: string, where: string) => {
    const r = findRule(code);
    if (!r) throw new Fatal(`${where}: unknown rule ${escapeControl(code)}`);
    return r.code;
  };
  const level = (v: unknown, where: string): RuleSetting => {
    if (v === 'off' || v === 'error' || v === 'warning' || v === 'info') return v;
    throw new Fatal(`${where}: level must be off, error, warning or info, not ${escapeControl(JSON.stringify(v) ?? String(v))}`);
  };
  const configPath = o.config ?? findConfig(t.cwd ?? process.cwd());
  if (configPath !== undefined) {
    let cfg: unknown;
    try {
      cfg = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (e) {
      throw new Fatal(`cannot read config ${escapeControl(configPath)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const rules = (cfg as { rules?: unknown }).rules ?? {};
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new Fatal(`${escapeControl(configPath)}: "rules" must be an object`);
    for (const [k, v] of Object.entries(rules)) out[check(k, configPath)] = level(v, `${configPath}: ${k}`);
  }
  for (const c of o.enable) out[check(c, '--enable')] = findRule(c)!.severity;
  for (const c of o.disable) out[check(c, '--disable')] = 'off';
  for (const s of o.severity) {
    const [c, v] = s.split('=');
    out[check(c ?? '', '--severity')] = level(v, `--severity ${s}`);
  }
  return out;
}

function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const p = join(dir, '.nfsimlintrc.json');
    if (existsSync(p)) return p;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function explain(code: string, io: Io): number {
  const r = findRule(code);
  if (!r) {
    io.stderr(`nfsim lint: unknown rule ${escapeControl(code)} (known: ${RULES.map((x) => x.code).join(' ')})\n`);
    return 2;
  }
  const indent = (s: string) => s.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  io.stdout(
    `${r.code} ${r.name} (${r.severity})\n\n${r.message}\n\n${wrap(r.description, 100)}\n\n` +
      (r.bad.ipsetSave !== undefined ? `With --ipset (an ipset save file):\n${indent(r.bad.ipsetSave)}\n\n` : '') +
      `Bad (reported at line ${r.bad.line}, column ${r.bad.column}):\n${indent(r.bad.text)}\n\nGood:\n${indent(r.good.text)}\n`,
  );
  return 0;
}

function wrap(s: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(/\s+/)) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.join('\n');
}

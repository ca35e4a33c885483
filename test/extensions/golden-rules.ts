// Test helper (not a test file): replays a test/golden/rules/<group>.cmds capture through the emulator's parser and
// compares, byte for byte, the save lines, the error texts and the -L options column with what the real
// iptables 1.8.9 printed (kernel-save --list output in <group>.<flavor>.txt).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseCommand } from '../../src/syntax/command.js';
import { ruleLine } from '../../src/render/save.js';
import { findMatch, findTarget } from '../../src/extensions/registry.js';
import { XtError, formatXtError } from '../../src/diag/errors.js';
import type { Family, Flavor, Rule, TableName } from '../../src/model/ruleset.js';
import { HOOKS_BY_TABLE } from '../../src/model/ruleset.js';
import type { RenderContext } from '../../src/extensions/types.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, '..', 'golden', 'rules');
/** extra captures made for single extensions (same format), test/extensions/golden-extra/<group>.<flavor>.txt */
const EXTRA = join(HERE, 'golden-extra');

/** Minimal POSIX shell word splitting (quotes and backslashes), as the oracle's shlex does. */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, j);
      i = j;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) i++;
        cur += line[i++];
      }
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

export interface GoldenCmd {
  cmd: string;
  exit: number;
  stdout: string;
  stderr: string;
}

export interface Golden {
  cmds: GoldenCmd[];
  /** "<family>:<table>" → the -A lines of that table's save */
  save: Map<string, string[]>;
  /** "<family>:<table>" → chain → -L rule lines (after the header) */
  list: Map<string, Map<string, string[]>>;
}

export function loadGolden(group: string, flavor: Flavor): Golden {
  const text = group.startsWith('extra:')
    ? readFileSync(join(EXTRA, `${group.slice(6)}.${flavor}.txt`), 'utf8')
    : readFileSync(join(GOLDEN, `${group}.${flavor}.txt`), 'utf8');
  const lines = text.split('\n');
  const cmds: GoldenCmd[] = [];
  const save = new Map<string, string[]>();
  const list = new Map<string, Map<string, string[]>>();
  let i = 0;
  let cur: GoldenCmd | undefined;
  let srcCol = 0;
  let section: { kind: 'save' | 'list' | 'other'; family: Family; table?: string; chain?: string } | undefined;
  while (i < lines.length) {
    const l = lines[i];
    let m = /^### cmd \d+ \(line \d+\): (.*)$/.exec(l);
    if (m) {
      cur = { cmd: m[1], exit: -1, stdout: '', stderr: '' };
      cmds.push(cur);
      section = undefined;
      i++;
      continue;
    }
    m = /^### exit: (\d+)$/.exec(l);
    if (m && cur) {
      cur.exit = Number(m[1]);
      i++;
      continue;
    }
    m = /^### (stdout|stderr) \((\d+) bytes\)$/.exec(l);
    if (m && cur) {
      const n = Number(m[2]);
      const buf: string[] = [];
      let tot = 0;
      i++;
      while (tot < n && i < lines.length) {
        buf.push(lines[i]);
        tot += Buffer.byteLength(lines[i]) + 1;
        i++;
      }
      const s = n === 0 ? '' : buf.join('\n') + (tot === n ? '\n' : '');
      if (m[1] === 'stdout') cur.stdout = s;
      else cur.stderr = s;
      continue;
    }
    m = /^### (ip6?)tables-save \(exit \d+\)$/.exec(l);
    if (m) {
      cur = undefined;
      section = { kind: 'save', family: m[1] === 'ip6' ? 'ipv6' : 'ipv4' };
      i++;
      continue;
    }
    m = /^### (ip6?)tables -t (\w+) -L /.exec(l);
    if (m) {
      cur = undefined;
      section = { kind: 'list', family: m[1] === 'ip6' ? 'ipv6' : 'ipv4', table: m[2] };
      i++;
      continue;
    }
    if (l.startsWith('### ')) {
      cur = undefined;
      section = { kind: 'other', family: 'ipv4' };
      i++;
      continue;
    }
    if (section?.kind === 'save') {
      if (l.startsWith('*')) section.table = l.slice(1);
      else if (l.startsWith('-A ')) {
        const key = `${section.family}:${section.table}`;
        if (!save.has(key)) save.set(key, []);
        save.get(key)!.push(l);
      }
    } else if (section?.kind === 'list') {
      const cm = /^Chain (\S+) /.exec(l);
      const key = `${section.family}:${section.table}`;
      if (cm) section.chain = cm[1];
      else if (l.startsWith('num ')) srcCol = l.indexOf('source');
      else if (/^\d+ /.test(l) && section.chain) {
        if (!list.has(key)) list.set(key, new Map());
        const t = list.get(key)!;
        if (!t.has(section.chain)) t.set(section.chain, []);
        t.get(section.chain)!.push(`${srcCol}\t${l}`);
      }
    }
    i++;
  }
  return { cmds, save, list };
}

/** The options column of a `-L -n -v --line-numbers -x` rule line (everything after the 20-column destination). */
export function optionsColumn(entry: string): string {
  const tab = entry.indexOf('\t');
  const srcCol = Number(entry.slice(0, tab));
  const line = entry.slice(tab + 1);
  // source and destination: an invert column ("!" or " ") then "%-19s " each (wider when longer)
  let rest = line.slice(srcCol - 3); // the -v header's "source" sits two columns right of the values
  for (let k = 0; k < 2; k++) {
    const w = /^\S+/.exec(rest.slice(1))![0].length;
    rest = rest.slice(1 + Math.max(w + 1, 20));
  }
  return rest;
}

/** Whether one of the rule's extensions says the kernel refuses it (data checks, tables, built-in chain hooks). */
export function kernelRefuses(rule: Rule, family: Family, table: TableName, chain: string): boolean {
  const insts = [...rule.matches.map((m) => ({ m, def: findMatch(m.name, family) }))];
  if (rule.target.kind === 'ext') insts.push({ m: rule.target.ext, def: findTarget(rule.target.ext.name, family) });
  for (const { m, def } of insts) {
    if (!def) continue;
    if (def.kernelRefuses?.(m, { table, family })) return true;
    if (def.tables && !def.tables.includes(table)) return true;
    if (def.hooks && (HOOKS_BY_TABLE[table] as readonly string[]).includes(chain) && !def.hooks.includes(chain)) return true;
  }
  return false;
}

export interface ReplayResult {
  cmd: string;
  /** what the emulator produced */
  got: string;
  /** what the real tool produced */
  want: string;
}

interface EmuRule {
  family: Family;
  table: string;
  chain: string;
  rule: Rule;
  line: string;
}

/** -L -n options text of one rule (matches then target), as print_matches_and_target prints it. */
export function listOptions(rule: Rule, family: Family, flavor: Flavor): string {
  const ctx: RenderContext = { family, flavor, numeric: true, rule };
  let out = '';
  for (const m of rule.matches) {
    const def = findMatch(m.name, family);
    out += def ? def.print(m, ctx) : ' [?]';
  }
  if (rule.target.kind === 'ext') {
    const def = findTarget(rule.target.ext.name, family);
    out += def ? def.print(rule.target.ext, ctx) : ' [?]';
  }
  return out;
}

/**
 * Replays the capture: every command through parseCommand; returns the comparisons (errors, save lines, -L options)
 * so a test can assert got === want for each. Commands other than -A/-I (without number) are not supported.
 */
export interface ReplayOptions {
  /** commands left out (an accepted one disables the save/-L comparison) */
  skip?: (cmd: string) => boolean;
  /** replace a command before replaying it (e.g. a user name the emulator cannot resolve → its number) */
  rewrite?: (cmd: string) => string;
}

export function replayGolden(group: string, flavor: Flavor, opts: ReplayOptions = {}): ReplayResult[] {
  const skip = opts.skip ?? (() => false);
  const g = loadGolden(group, flavor);
  const results: ReplayResult[] = [];
  const emu: EmuRule[] = [];
  const skippedKeys = new Set<string>();
  for (const c of g.cmds) {
    const words = shellWords(opts.rewrite ? opts.rewrite(c.cmd) : c.cmd);
    const prog = words.shift()!;
    const family: Family = prog === 'ip6tables' ? 'ipv6' : 'ipv4';
    if (skip(c.cmd)) {
      if (c.exit === 0) skippedKeys.add('*');
      continue;
    }
    const version = flavor === 'nft' ? '1.8.9 (nf_tables)' : '1.8.9 (legacy)';
    let err: string | undefined;
    let rules: EmuRule[] = [];
    try {
      const cmd = parseCommand(words, { family, flavor, restore: false });
      rules = cmd.rules.map((r) => ({ family, table: cmd.table, chain: cmd.chain ?? '', rule: r, line: ruleLine(cmd.chain ?? '', r, family, flavor, false).trimEnd() }));
    } catch (e) {
      if (!(e instanceof XtError)) throw e;
      err = formatXtError(e, { name: prog, version });
    }
    if (c.exit !== 0 && c.exit !== 1 && c.exit !== 4) {
      results.push({ cmd: c.cmd, got: err ?? '(accepted)', want: c.stderr });
    } else if (c.exit === 0) {
      results.push({ cmd: c.cmd, got: err ?? '', want: c.stderr });
      emu.push(...rules);
    } else {
      // kernel refusal: the parser accepts; the ops layer reports it from kernelRefuses / tables / hooks
      const refused = rules.some((r) => kernelRefuses(r.rule, r.family, r.table as TableName, r.chain));
      results.push({ cmd: c.cmd, got: err ?? (refused ? '(refused by kernel)' : '(parsed)'), want: err ? c.stderr : '(refused by kernel)' });
    }
  }
  if (skippedKeys.size) return results;
  // save lines per family:table
  const keys = new Set<string>([...g.save.keys(), ...emu.map((r) => `${r.family}:${r.table}`)]);
  for (const key of keys) {
    const want = g.save.get(key) ?? [];
    const hooks: readonly string[] = HOOKS_BY_TABLE[key.split(':')[1] as TableName] ?? [];
    const rank = (c: string) => (hooks.includes(c) ? `0${hooks.indexOf(c)}` : `1${c}`);
    const got = emu
      .filter((r) => `${r.family}:${r.table}` === key)
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (rank(a.r.chain) < rank(b.r.chain) ? -1 : rank(a.r.chain) > rank(b.r.chain) ? 1 : a.i - b.i))
      .map((x) => x.r);
    const n = Math.max(want.length, got.length);
    for (let i = 0; i < n; i++) {
      results.push({ cmd: `save ${key} #${i + 1}`, got: got[i]?.line ?? '(missing)', want: want[i] ?? '(missing)' });
    }
    // -L options column
    const lists = g.list.get(key);
    if (!lists) continue;
    for (const [chain, lines] of lists) {
      const rs = got.filter((r) => r.chain === chain);
      lines.forEach((l, i) => {
        const r = rs[i];
        results.push({
          cmd: `list ${key} ${chain} #${i + 1}: ${r?.line ?? '?'}`,
          got: r ? listOptions(r.rule, r.family, flavor) : '(missing)',
          want: optionsColumn(l),
        });
      });
    }
  }
  return results;
}

/** One command line (words after the program name) → its save line(s), for explicit cases. */
export function saveOf(line: string, family: Family = 'ipv4', flavor: Flavor = 'nft'): string {
  const cmd = parseCommand(shellWords(line), { family, flavor, restore: false });
  return cmd.rules.map((r) => ruleLine(cmd.chain ?? '', r, family, flavor, false)).join('');
}

/** The XtError message a command line raises (what follows "iptables v1.8.9 (nf_tables): "). */
export function errOf(line: string, family: Family = 'ipv4', flavor: Flavor = 'nft'): string {
  try {
    parseCommand(shellWords(line), { family, flavor, restore: false });
  } catch (e) {
    if (e instanceof XtError) return e.message;
    throw e;
  }
  return '(accepted)';
}

/** -L options text of the single rule a command line builds (numeric or with names). */
export function listOf(line: string, numeric = true, family: Family = 'ipv4', flavor: Flavor = 'nft'): string {
  const cmd = parseCommand(shellWords(line), { family, flavor, restore: false });
  const rule = cmd.rules[0];
  const ctx: RenderContext = { family, flavor, numeric, rule };
  return rule.matches.map((m) => findMatch(m.name, family)!.print(m, ctx)).join('');
}

/** Whether the kernel would refuse the rule a command line builds. */
export function refusedOf(line: string, family: Family = 'ipv4', flavor: Flavor = 'nft'): boolean {
  const cmd = parseCommand(shellWords(line), { family, flavor, restore: false });
  return cmd.rules.some((r) => kernelRefuses(r, family, cmd.table as TableName, cmd.chain ?? ''));
}

// Test helper for target extensions: replays a golden group (test/golden/rules/<group>.cmds with its captured
// kernel-save outputs) through the emulator's command parser and compares, per backend:
//  - every command that exited 0: its rule lines against the final iptables-save / ip6tables-save;
//  - every parameter problem (exit 2): the XtError message against the captured stderr;
//  - every kernel refusal (nft exit 4 / legacy exit 1 with "Invalid argument"): against the extension's
//    tables/hooks/kernelRefuses declarations.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommand } from '../../src/syntax/command.js';
import { ruleLine } from '../../src/render/save.js';
import { XtError } from '../../src/diag/errors.js';
import { findTarget } from '../../src/extensions/registry.js';
import { HOOKS_BY_TABLE } from '../../src/model/ruleset.js';
import type { Family, Flavor, Rule, TableName } from '../../src/model/ruleset.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '../golden/rules');

/** python shlex.split (posix) as used by kernel-save. */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let have = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      if (have) out.push(cur);
      cur = '';
      have = false;
      i++;
    } else if (c === "'") {
      let j = line.indexOf("'", i + 1);
      if (j < 0) j = line.length;
      cur += line.slice(i + 1, j);
      have = true;
      i = j + 1;
    } else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i++;
        cur += line[i++];
      }
      have = true;
      i++;
    } else if (c === '\\') {
      cur += line[i + 1];
      have = true;
      i += 2;
    } else {
      cur += c;
      have = true;
      i++;
    }
  }
  if (have) out.push(cur);
  return out;
}

export interface GoldenCmd {
  line: string;
  exit: number;
  stdout: string;
  stderr: string;
}

export interface GoldenRun {
  cmds: GoldenCmd[];
  /** "ipv4"/"ipv6" → table → '-A' lines in save order */
  saves: Map<Family, Map<string, string[]>>;
}

export function readGolden(group: string, flavor: Flavor): GoldenRun {
  const text = readFileSync(join(GOLDEN, `${group}.${flavor}.txt`), 'utf8');
  const cmds: GoldenCmd[] = [];
  const re = /^### cmd \d+ \(line \d+\): ([^\n]*)\n### exit: (\d+)\n### stdout \(\d+ bytes\)\n([\s\S]*?)### stderr \(\d+ bytes\)\n([\s\S]*?)(?=^###)/gm;
  for (const m of text.matchAll(re)) cmds.push({ line: m[1], exit: Number(m[2]), stdout: m[3], stderr: m[4] });
  const saves = new Map<Family, Map<string, string[]>>();
  const sre = /^### (ip6?tables)-save \(exit \d+\)\n([\s\S]*?)(?=^### |(?![\s\S]))/gm;
  for (const m of text.matchAll(sre)) {
    const fam: Family = m[1] === 'iptables' ? 'ipv4' : 'ipv6';
    const tables = new Map<string, string[]>();
    let cur: string[] | undefined;
    for (const l of m[2].split('\n')) {
      if (l.startsWith('*')) {
        cur = [];
        tables.set(l.slice(1), cur);
      } else if (l.startsWith('-A') && cur) cur.push(l);
    }
    saves.set(fam, tables);
  }
  return { cmds, saves };
}

/** The message of a parameter problem as the emulator's XtError holds it, from the captured stderr. */
export function stderrMessage(stderr: string): string {
  // skip warnings printed before the error (e.g. NFLOG's "warn: --nflog-range ...")
  const m = /(^|\n)ip6?tables v1\.8\.9 \((?:nf_tables|legacy)\): /.exec(stderr);
  let msg = m ? stderr.slice(m.index + m[0].length) : stderr;
  const t = msg.lastIndexOf('\nTry `');
  if (t >= 0) msg = msg.slice(0, t);
  return msg;
}

type Outcome = { kind: 'ok'; rules: { table: string; chain: string; line: string }[] } | { kind: 'error'; message: string } | { kind: 'kernel' } | { kind: 'enoent' };

/** Whether the kernel refuses the target of this rule (xt_check_target: table, hooks, checkentry). */
export function kernelRefuses(rule: Rule, table: string, chain: string, family: Family, flavor: Flavor): boolean | 'ENOENT' | 'ERANGE' {
  if (rule.target.kind !== 'ext') return false;
  const def = findTarget(rule.target.ext.name, family);
  if (!def) return false;
  const builtin = (HOOKS_BY_TABLE[table as TableName] ?? []).includes(chain);
  if (def.tables && !def.tables.includes(table as TableName)) return true;
  const hooks = new Set<string>(builtin ? [chain] : []);
  if (def.hooks && builtin && !def.hooks.includes(chain)) return true;
  return def.kernelRefuses?.(rule.target.ext, { table: table as TableName, family, flavor, rule, hooks }) ?? false;
}

export function emulate(line: string, flavor: Flavor): Outcome {
  const words = shellWords(line);
  const family: Family = words[0] === 'ip6tables' ? 'ipv6' : 'ipv4';
  try {
    const cmd = parseCommand(words.slice(1), { family, flavor, restore: false });
    const chain = cmd.chain ?? '';
    for (const r of cmd.rules) {
      const k = kernelRefuses(r, cmd.table, chain, family, flavor);
      if (k === 'ENOENT') return { kind: 'enoent' };
      if (k) return { kind: 'kernel' };
    }
    return { kind: 'ok', rules: cmd.rules.map((r) => ({ table: cmd.table, chain, line: ruleLine(chain, r, family, flavor, false).trimEnd() })) };
  } catch (e) {
    if (e instanceof XtError) return { kind: 'error', message: e.message };
    throw e;
  }
}

export interface Mismatch {
  line: string;
  expected: string;
  actual: string;
}

const BUILTIN_ORDER = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * Replays a golden group; returns the differences (empty = all good) and how many commands were checked.
 * `skip` is applied to the command lines and to the saved rule lines (e.g. rules of another helper's match).
 */
export function checkGolden(group: string, flavor: Flavor, skip: (line: string) => boolean = () => false): { mismatches: Mismatch[]; checked: number; compared: number } {
  const g = readGolden(group, flavor);
  const mismatches: Mismatch[] = [];
  const got = new Map<string, { chain: string; line: string }[]>();
  let checked = 0;
  let compared = 0;
  for (const c of g.cmds) {
    const words = shellWords(c.line);
    if (!words.includes('-A') || skip(c.line)) continue;
    const family: Family = words[0] === 'ip6tables' ? 'ipv6' : 'ipv4';
    const o = emulate(c.line, flavor);
    checked++;
    if (c.exit === 0) {
      if (o.kind !== 'ok') mismatches.push({ line: c.line, expected: 'exit 0', actual: o.kind === 'error' ? `error: ${o.message}` : 'kernel refusal' });
      else {
        for (const r of o.rules) {
          const key = `${family}/${r.table}`;
          const list = got.get(key) ?? [];
          list.push({ chain: r.chain, line: r.line });
          got.set(key, list);
        }
      }
    } else if (c.exit === 2) {
      const exp = stderrMessage(c.stderr);
      const act = o.kind === 'error' ? o.message : o.kind;
      if (exp !== act) mismatches.push({ line: c.line, expected: exp, actual: act });
    } else if (/No such file or directory\): rule|No chain\/target\/match by that name/.test(c.stderr) && !/Warning: Extension/.test(c.stderr)) {
      if (o.kind !== 'enoent') mismatches.push({ line: c.line, expected: 'kernel refusal ENOENT', actual: o.kind === 'error' ? `error: ${o.message}` : o.kind });
    } else if (/Invalid argument/.test(c.stderr)) {
      if (o.kind !== 'kernel') mismatches.push({ line: c.line, expected: 'kernel refusal', actual: o.kind === 'error' ? `error: ${o.message}` : 'ok' });
    } else {
      mismatches.push({ line: c.line, expected: `exit ${c.exit}: ${c.stderr}`, actual: o.kind === 'error' ? `error: ${o.message}` : o.kind });
    }
  }
  // compare rule lines per family/table, in save order (builtin chains in hook order, user chains sorted)
  for (const [family, tables] of g.saves) {
    for (const [table, allLines] of tables) {
      const lines = allLines.filter((l) => !skip(l));
      const mine = (got.get(`${family}/${table}`) ?? []).slice();
      const rank = (ch: string) => (BUILTIN_ORDER.includes(ch) ? BUILTIN_ORDER.indexOf(ch) : 100);
      mine.sort((a, b) => rank(a.chain) - rank(b.chain) || (rank(a.chain) === 100 ? (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0) : 0));
      const act = mine.map((r) => r.line);
      const n = Math.max(act.length, lines.length);
      compared += lines.length;
      for (let i = 0; i < n; i++) {
        if (act[i] !== lines[i]) mismatches.push({ line: `${family} ${table} save #${i + 1}`, expected: lines[i] ?? '(none)', actual: act[i] ?? '(none)' });
      }
    }
  }
  if (compared === 0) mismatches.push({ line: group, expected: 'saved rules', actual: 'none compared' });
  return { mismatches, checked, compared };
}

/** Shorthands for explicit cases: the save line(s), the XtError message, the -L text of the target. */
export function targetHelpers(table = 'filter') {
  const save = (line: string, family: Family = 'ipv4', flavor: Flavor = 'nft') => {
    const cmd = parseCommand(shellWords(line), { family, flavor, restore: false, table });
    return cmd.rules.map((r) => ruleLine(cmd.chain ?? '', r, family, flavor, false)).join('');
  };
  const err = (line: string, family: Family = 'ipv4', flavor: Flavor = 'nft') => {
    try {
      save(line, family, flavor);
    } catch (e) {
      if (e instanceof XtError) return e.message;
      throw e;
    }
    throw new Error(`no error: ${line}`);
  };
  const list = (line: string, family: Family = 'ipv4', numeric = true, flavor: Flavor = 'nft') => {
    const cmd = parseCommand(shellWords(line), { family, flavor, restore: false, table });
    const r = cmd.rules[0];
    if (r.target.kind !== 'ext') throw new Error('no target');
    return findTarget(r.target.ext.name, family)!.print(r.target.ext, { family, flavor, numeric, rule: r });
  };
  /** what the kernel does with the rule: 'ok' or 'kernel' (refused), from a full iptables command line */
  const kernel = (cmdline: string, flavor: Flavor = 'nft') => emulate(cmdline, flavor).kind;
  return { save, err, list, kernel };
}

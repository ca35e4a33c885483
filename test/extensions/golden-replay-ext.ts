// Test helper (not a test file) for the set/physdev/string/... match tests: replays a kernel-save capture like
// golden-rules.ts does, plus: `ipset create` / `nfacct add` lines fill the emulated ipset / nfacct registries; kernel refusals are checked with
// the rule and the hook passed to kernelRefuses, and ENOENT ("No such file or directory" / "No chain/target/match by
// that name") is told apart from EINVAL; stderr warnings nfsim does not print are listed and stripped.
import { parseCommand } from '../../src/syntax/command.js';
import { ruleLine } from '../../src/render/save.js';
import { findMatch, findTarget } from '../../src/extensions/registry.js';
import { XtError, formatXtError } from '../../src/diag/errors.js';
import type { Family, Flavor, Rule, TableName } from '../../src/model/ruleset.js';
import { HOOKS_BY_TABLE } from '../../src/model/ruleset.js';
import { configureIpsets, registerIpset } from '../../src/extensions/match/set.js';
import type { IpsetFamily } from '../../src/extensions/match/set.js';
import { configureNfacct, registerNfacct } from '../../src/extensions/match/nfacct.js';
import { loadGolden, listOptions, optionsColumn, shellWords } from './golden-rules.js';
import type { ReplayResult } from './golden-rules.js';

/**
 * Warnings this per-extension replay does not compare (it looks at errors only); the full pipeline test
 * test/golden-rules.test.ts checks them byte for byte.
 */
const UNMODELLED_WARNINGS = [
  /^--set option deprecated, please use --match-set\n/,
  /^Warning: Extension ipvs revision 0 not supported, missing kernel module\?\n/,
  /^WARNING: --localtz is being replaced by --kerneltz.*\n/,
];

export function stripWarnings(s: string): string {
  for (;;) {
    const re = UNMODELLED_WARNINGS.find((r) => r.test(s));
    if (!re) return s;
    s = s.replace(re, '');
  }
}

/**
 * 'EINVAL' | 'ENOENT' when an extension of the rule is refused by the kernel in that table/chain, else undefined.
 * `reach`: the built-in chains the (user) chain is reachable from. Observed: .hooks/.table declarations are enforced
 * through jumps by both backends, but data-dependent checkentry hook tests (physdev, policy) see the hook only for
 * rules in base chains with nft, while legacy passes the whole reachability mask.
 */
export function refusal(rule: Rule, family: Family, table: TableName, chain: string, flavor: Flavor = 'nft', reach: ReadonlySet<string> = new Set()): 'EINVAL' | 'ENOENT' | undefined {
  const builtin = (HOOKS_BY_TABLE[table] as readonly string[]).includes(chain);
  const all = builtin ? new Set([chain]) : reach;
  const hooks = builtin ? all : flavor === 'legacy' ? all : new Set<string>();
  const insts = rule.matches.map((m) => ({ m, def: findMatch(m.name, family) }));
  if (rule.target.kind === 'ext') insts.push({ m: rule.target.ext, def: findTarget(rule.target.ext.name, family) });
  for (const { m, def } of insts) {
    if (!def) continue;
    if (def.tables && !def.tables.includes(table)) return 'EINVAL';
    if (def.hooks && [...all].some((h) => !def.hooks!.includes(h))) return 'EINVAL';
    const r = def.kernelRefuses?.(m, { table, family, rule, hooks });
    if (r === 'ENOENT') return 'ENOENT';
    if (r) return 'EINVAL';
  }
  return undefined;
}

interface EmuRule {
  family: Family;
  table: string;
  chain: string;
  rule: Rule;
  line: string;
}

function ipsetFamily(words: string[]): IpsetFamily {
  const i = words.indexOf('family');
  if (i >= 0) return words[i + 1] === 'inet6' ? 'ipv6' : 'ipv4';
  return /^(list:set|hash:mac)$/.test(words[2] ?? '') ? 'unspec' : 'ipv4';
}

/** Replays `group` (see golden-rules.ts loadGolden: "name" or "extra:name"); each result must have got === want. */
export function replayExt(group: string, flavor: Flavor): ReplayResult[] {
  const g = loadGolden(group, flavor);
  configureIpsets([]);
  configureNfacct([]);
  const results: ReplayResult[] = [];
  const emu: EmuRule[] = [];
  const version = flavor === 'nft' ? '1.8.9 (nf_tables)' : '1.8.9 (legacy)';
  for (const c of g.cmds) {
    const words = shellWords(c.cmd);
    const prog = words.shift()!;
    if (prog === 'ipset') {
      if (words[0] === 'create' && c.exit === 0) registerIpset(words[1], ipsetFamily(words));
      continue;
    }
    if (prog === 'nfacct') {
      if (words[0] === 'add' && c.exit === 0) registerNfacct(words[1]);
      continue;
    }
    const family: Family = prog === 'ip6tables' ? 'ipv6' : 'ipv4';
    let err: string | undefined;
    let rules: EmuRule[] = [];
    try {
      const cmd = parseCommand(words, { family, flavor, restore: false });
      rules = cmd.rules.map((r) => ({
        family, table: cmd.table, chain: cmd.chain ?? '', rule: r,
        line: ruleLine(cmd.chain ?? '', r, family, flavor, false).trimEnd(),
      }));
    } catch (e) {
      if (e instanceof XtError) e.before = stripWarnings(e.before);
      if (!(e instanceof XtError)) throw e;
      err = formatXtError(e, { name: prog, version });
    }
    const reachOf = (table: string, chain: string): Set<string> => {
      const out = new Set<string>();
      for (const e of emu) {
        const t = e.rule.target;
        if (e.table === table && (t.kind === 'jump' || t.kind === 'goto') && t.chain === chain) {
          if ((HOOKS_BY_TABLE[table as TableName] as readonly string[]).includes(e.chain)) out.add(e.chain);
        }
      }
      return out;
    };
    const refuse = (r: EmuRule): 'EINVAL' | 'ENOENT' | undefined => {
      const direct = refusal(r.rule, r.family, r.table as TableName, r.chain, flavor, reachOf(r.table, r.chain));
      if (direct) return direct;
      const t = r.rule.target;
      if ((t.kind === 'jump' || t.kind === 'goto') && (HOOKS_BY_TABLE[r.table as TableName] as readonly string[]).includes(r.chain)) {
        for (const e of emu) {
          if (e.table === r.table && e.chain === t.chain) {
            const x = refusal(e.rule, e.family, e.table as TableName, e.chain, flavor, new Set([r.chain]));
            if (x) return x;
          }
        }
      }
      return undefined;
    };
    const stderr = stripWarnings(c.stderr);
    const kernel = /RULE_APPEND failed|Invalid argument\. Run|No chain\/target\/match by that name/.test(stderr);
    if (!kernel) {
      const ref = err === undefined ? rules.map(refuse).find(Boolean) : undefined;
      results.push({ cmd: c.cmd, got: err ?? (ref ? `(refused by kernel: ${ref})` : ''), want: stderr });
      if (c.exit === 0) emu.push(...rules);
    } else {
      const want = /No such file or directory|No chain\/target\/match/.test(stderr) ? 'ENOENT' : 'EINVAL';
      const got = err ?? rules.map(refuse).find(Boolean) ?? '(accepted)';
      results.push({ cmd: c.cmd, got: `kernel refusal: ${got}`, want: `kernel refusal: ${want}` });
    }
  }
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

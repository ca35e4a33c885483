// Shared driver for the match-extension tests that replay oracle captures (kernel-save --list, both backends):
// each case is an argument vector and what the real iptables 1.8.9 did with it.
import { expect } from 'vitest';
import { XtError } from '../../src/diag/errors.js';
import type { Family, Flavor } from '../../src/model/ruleset.js';
import { findMatch } from '../../src/extensions/registry.js';
import { ruleLine } from '../../src/render/save.js';
import { parseCommand } from '../../src/syntax/command.js';

/** expected outcome: the save line (without "\n"), a parse error (message as after "iptables v1.8.9 (...): "), or a kernel refusal */
export type Outcome = string | { err: string } | { kernel: true };

export interface Case {
  /** '4' iptables, '6' ip6tables */
  f: '4' | '6';
  /** table (-t), default filter */
  t?: string;
  w: string[];
  /** nf_tables backend */
  nft: Outcome;
  /** legacy backend, when it differs */
  legacy?: Outcome;
  /** options column of `-L -n -v` (after the destination column) */
  list?: string;
  /** the legacy backend's -L column, when it differs */
  legacyList?: string;
}

export interface Result {
  save?: string;
  err?: string;
  kernel?: boolean;
  list?: string;
}

/** Parse one command line, render its rule as iptables-save does, its -L -n options column, and the kernel checks. */
export function runCase(words: string[], fam: '4' | '6', flavor: Flavor, table = 'filter', numeric = true): Result {
  const family: Family = fam === '6' ? 'ipv6' : 'ipv4';
  let cmd;
  try {
    cmd = parseCommand(words, { family, flavor, restore: false, table });
  } catch (e) {
    if (e instanceof XtError) return { err: e.message };
    throw e;
  }
  const rule = cmd.rules[0];
  const chain = cmd.chain ?? '';
  let list = '';
  let kernel = false;
  for (const m of rule.matches) {
    const def = findMatch(m.name, family)!;
    list += def.print(m, { family, flavor, numeric, rule });
    if (def.hooks && !def.hooks.includes(chain)) kernel = true;
    if (def.tables && !def.tables.includes(cmd.table as never)) kernel = true;
    if (def.kernelRefuses?.(m, { table: cmd.table as never, family, flavor, rule, hooks: new Set([chain]) })) kernel = true;
  }
  if (kernel) return { kernel: true };
  return { save: ruleLine(chain, rule, family, flavor, false).replace(/\n$/, ''), list };
}

export function checkCase(c: Case, flavor: Flavor): void {
  const exp = flavor === 'legacy' && c.legacy !== undefined ? c.legacy : c.nft;
  const got = runCase(c.w, c.f, flavor, c.t ?? 'filter');
  if (typeof exp === 'string') {
    expect(got.err ?? (got.kernel ? 'kernel refusal' : got.save)).toBe(exp);
    const list = flavor === 'legacy' && c.legacyList !== undefined ? c.legacyList : c.list;
    if (list !== undefined) expect(got.list).toBe(list);
  } else if ('err' in exp) {
    expect(got.err ?? got.save).toBe(exp.err);
  } else {
    expect(got.kernel ? 'kernel refusal' : got.err ?? got.save).toBe('kernel refusal');
  }
}

/** the -L options column without -n (names instead of numbers) */
export function listNames(words: string[], fam: '4' | '6', table = 'filter'): string | undefined {
  return runCase(words, fam, 'nft', table, false).list;
}

// Loads nfsim's own canonical state text (iptables-save -c output it wrote itself) without restore's side rules.
import { XtError } from '../diag/errors.js';
import type { Family, Flavor, Rule, Ruleset, Table, TableName } from '../model/ruleset.js';
import { HOOKS_BY_TABLE, isTableName, newRuleset, newTable } from '../model/ruleset.js';
import { parseCommand } from '../syntax/command.js';
import { lineWords, parseRestoreLines, strtokAll, tokenizeParams } from '../syntax/restore.js';
import { parseBracketCounters } from './restore.js';

export const STATE_HEADER = '# nfsim-state v1';

/**
 * Parses a state file; throws with the line number on anything it did not write itself. With `into`, the text is a
 * journal of appended rules: `*table` selects an existing table instead of creating it.
 */
export function loadCanonical(text: string, family: Family, flavor: Flavor, into?: Ruleset): Ruleset {
  const rs = into ?? newRuleset(family);
  const lines = parseRestoreLines(text);
  let table: Table | null = null;
  let touched: TableName[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const node = lines[i];
    const raw = text.slice(node.s, node.e);
    const bad = (why: string) => new XtError('other', `state file line ${i + 1}: ${why}`);
    if (raw === '') continue;
    if (node.k === 35) {
      const m = /^# touched=(.*)$/.exec(raw);
      if (m) touched = m[1].split(',').filter(isTableName);
      const a = /^# absent=(.*)$/.exec(raw);
      if (a && table) for (const name of a[1].split(',')) { const c = table.chains.get(name); if (c?.builtin) c.absent = true; }
      if (raw.startsWith('#rule ') && table) {
        const { chain, rule } = JSON.parse(raw.slice(6), reviveBigint) as { chain: string; rule: Rule };
        const c = table.chains.get(chain);
        if (!c) throw bad('rule for an undeclared chain');
        delete c.absent;
        c.rules.push(rule);
        ESCAPED.add(rule);
      }
      continue;
    }
    if (raw[0] === '*') {
      const name = raw.slice(1);
      if (!isTableName(name)) throw bad('unknown table');
      if (into) {
        table = rs.tables.get(name) ?? null;
        if (!table) throw bad('journal for a missing table');
        continue;
      }
      table = newTable(name);
      for (const c of table.chains.values()) c.rules = [];
      rs.tables.set(name, table);
      continue;
    }
    if (!table) throw bad('outside a table');
    if (raw === 'COMMIT') {
      table = null;
      continue;
    }
    if (raw[0] === ':') {
      const [name, policy, ctr] = strtokAll(raw.slice(1), ' ');
      if (HOOKS_BY_TABLE[table.name].includes(name)) {
        const c = table.chains.get(name)!;
        c.policy = policy === 'DROP' ? 'DROP' : 'ACCEPT';
        c.counters = parseBracketCounters(ctr) ?? { pkts: 0n, bytes: 0n };
      } else table.chains.set(name, { name, builtin: false, counters: { pkts: 0n, bytes: 0n }, rules: [] });
      continue;
    }
    const words = lineWords(text, node).map((w) => w.t);
    addRule(table, node.k === 91 ? [`[${node.c}]`, ...words] : words, bad);
  }
  if (!into) rs.touched = touched ?? [...rs.tables.keys()].reverse();
  return rs;

  function addRule(table: Table, words: string[], bad: (why: string) => XtError): void {
    let counters: { pkts: bigint; bytes: bigint } | undefined;
    if (words[0]?.[0] === '[') {
      counters = parseBracketCounters(words[0]);
      words = words.slice(1);
    }
    const cmd = parseCommand(words, { family, flavor, restore: true, table: table.name });
    const chain = table.chains.get(cmd.chain ?? '');
    if (!chain) throw bad('rule for an undeclared chain');
    delete chain.absent;
    for (const r of cmd.rules) {
      if (counters) r.counters = counters;
      chain.rules.push(r);
      VERIFIED.add(r);
    }
  }
}

/** Rules known to read back identically from their canonical line (they were read from one). */
const VERIFIED = new WeakSet<Rule>();
/** Rules read from a `#rule` line: their canonical line is known not to read back, so they stay escaped. */
const ESCAPED = new WeakSet<Rule>();

const reviveBigint = (_k: string, v: unknown) =>
  v !== null && typeof v === 'object' && '$big' in (v as Record<string, unknown>) ? BigInt((v as { $big: string }).$big) : v;
const replaceBigint = (_k: string, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v);

/** A rule's content as JSON, without span and counters (what makes two rules the same rule). */
function ruleData(r: Rule): string {
  return JSON.stringify({ ...r, span: undefined, counters: undefined }, replaceBigint);
}

/**
 * The escapeRule hook for state files: a rule not read from a canonical line is parsed back from its line; when
 * that does not give the same line (or the line holds a newline), the rule is stored as `#rule <json>` instead.
 */
export function makeStateEscaper(family: Family, flavor: Flavor, table: TableName) {
  return (line: string, rule: Rule, chain: string): string | undefined => {
    if (VERIFIED.has(rule)) return undefined;
    if (ESCAPED.has(rule)) return `#rule ${JSON.stringify({ chain, rule }, replaceBigint)}\n`;
    const body = line.startsWith('[') ? line.slice(line.indexOf(']') + 2) : line;
    let same = false;
    if (!/[\r\n]/.test(body.slice(0, -1))) {
      try {
        const cmd = parseCommand(tokenizeParams(body.slice(0, -1)), { family, flavor, restore: true, table });
        // the save text can hide data (`-i +`, a 32-byte hashlimit name's effect on -L): compare the rules themselves
        same = cmd.rules.length === 1 && ruleData(cmd.rules[0]) === ruleData(rule);
      } catch {
        same = false;
      }
    }
    if (same) return undefined;
    return `#rule ${JSON.stringify({ chain, rule }, replaceBigint)}\n`;
  };
}

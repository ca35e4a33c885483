// Loads nfsim's own canonical state text (iptables-save -c output it wrote itself) without restore's side rules.
import { XtError } from '../diag/errors.js';
import type { Family, Flavor, Ruleset, Table, TableName } from '../model/ruleset.js';
import { HOOKS_BY_TABLE, isTableName, newRuleset, newTable } from '../model/ruleset.js';
import { parseCommand } from '../syntax/command.js';
import { parseRestoreLines, strtokAll } from '../syntax/restore.js';
import { parseBracketCounters } from './restore.js';

export const STATE_HEADER = '# nfsim-state v1';

/** Parses a state file; throws with the line number on anything it did not write itself. */
export function loadCanonical(text: string, family: Family, flavor: Flavor): Ruleset {
  const rs = newRuleset(family);
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
      continue;
    }
    if (raw[0] === '*') {
      const name = raw.slice(1);
      if (!isTableName(name)) throw bad('unknown table');
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
    const close = raw.indexOf(']');
    const counters = raw[0] === '[' ? parseBracketCounters(raw.slice(0, close + 1)) : undefined;
    const cmd = parseCommand(node.w!.map((w) => w.t), { family, flavor, restore: true, table: table.name });
    const chain = table.chains.get(cmd.chain ?? '');
    if (!chain) throw bad('rule for an undeclared chain');
    for (const r of cmd.rules) {
      if (counters) r.counters = counters;
      chain.rules.push(r);
    }
  }
  rs.touched = touched ?? [...rs.tables.keys()].reverse();
  return rs;
}

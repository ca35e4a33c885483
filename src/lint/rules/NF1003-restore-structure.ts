// NF1003: the file's structure is wrong for iptables-restore: a line outside a `*table` … COMMIT block, an unknown
// table, a bad chain line, a block never committed.
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF1003',
  name: 'restore-structure',
  severity: 'error',
  message: '{what is wrong with the line}',
  description:
    'iptables-restore reads `*table` lines, `:CHAIN POLICY [packets:bytes]` lines, rule lines and COMMIT. Rules outside ' +
    'a table block, an unknown table name, a chain line without a valid name or policy, and a block without COMMIT ' +
    'make the whole restore fail.',
  bad: { text: '-A INPUT -j ACCEPT\n*filter\nCOMMIT\n', line: 1, column: 1 },
  good: { text: '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' },
};
export default rule;

// NF1001: a command iptables (do_parse and the extensions' parsers) refuses, with the real message, at the word
// the message names.
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF1001',
  name: 'parse-error',
  severity: 'error',
  message: '{the real tool\'s message}',
  description:
    'Each rule line of a restore file and each iptables/ip6tables command of a script is parsed with the same emulation ' +
    'of iptables 1.8.9 the emulated tools use (getopt_long with abbreviations, `!` placement, extension options). A ' +
    'refusal is reported with the real message at the word it names, and linting continues with the next line, so one ' +
    'run shows every such error instead of "line 31 failed".',
  bad: { text: '*filter\n-A INPUT -p tcp --dport 22x -j ACCEPT\nCOMMIT\n', line: 2, column: 25 },
  good: { text: '*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n' },
};
export default rule;

// NF1002: a command that parses but fails on the table it edits (deleting a rule or chain that is not there,
// creating a chain twice, a jump to a chain that does not exist yet in a script).
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF1002',
  name: 'command-failed',
  severity: 'error',
  message: '{the real tool\'s message}',
  description:
    'The command is applied to the ruleset built so far, as iptables-restore (within its table block) or the iptables ' +
    'command (in a script, starting from an empty ruleset) would apply it; its failure is reported with the real text ' +
    '(iptc_strerror / nft_strerror). In scripts, failing clean-up commands (-D, -X, -F) are not reported: they depend ' +
    'on the state before the script ran.',
  bad: { text: '*filter\n-D INPUT 1\nCOMMIT\n', line: 2, column: 1 },
  good: { text: '*filter\n-A INPUT -j ACCEPT\n-D INPUT 1\nCOMMIT\n' },
};
export default rule;

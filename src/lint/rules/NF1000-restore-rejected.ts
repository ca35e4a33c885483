// NF1000: the emulated iptables-restore refuses the file at a line no other finding explains (nft's commit-time
// refusals such as RULE_REPLACE on a rule of the same transaction, -Z inside the input, CHAIN_DEL of a busy chain).
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF1000',
  name: 'restore-rejected',
  severity: 'error',
  message: 'iptables-restore ({flavor}) rejects the file here: {message}',
  description:
    'The file is loaded with the emulated iptables-restore of the chosen flavor (--backend, default nft) exactly as the real ' +
    'tool would load it. When it fails and no more precise finding is on the line the real tool names, this finding ' +
    'carries the real message at that line. Fix the command on that line (or, for a COMMIT line, a command of that block).',
  bad: { text: '*filter\n-A INPUT -j ACCEPT\n-Z INPUT\nCOMMIT\n', line: 3, column: 1 },
  good: { text: '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' },
};
export default rule;

// NF1000: the emulated iptables-restore refuses the file at a line no other error is on: nft's commit-time refusals
// (RULE_REPLACE on a rule of the same transaction, -Z inside the input, CHAIN_DEL of a busy chain), and a COMMIT line
// the real tool names for a block the kernel refuses (besides the error at the rule inside the block that causes it).
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF1000',
  name: 'restore-rejected',
  severity: 'error',
  message: 'iptables-restore ({flavor}) rejects the file here: {message}',
  description:
    'The file is loaded with the emulated iptables-restore of the chosen flavor (--backend, default nft) exactly as the real ' +
    'tool would load it. When it fails and no more precise finding is on the line the real tool names, this finding ' +
    'carries the real message at that line. When the real tool names a COMMIT line (the kernel refused the ' +
    'table block: a jump to a missing chain on nft, a target in the wrong hook on legacy), the rule inside the block ' +
    'that causes it has its own finding and NF1000 marks the COMMIT line the real tool reports, with the cause\'s line ' +
    'in a note. Fix the command on that line (or, for a COMMIT line, the command of that block that causes it).',
  bad: { text: '*filter\n-A INPUT -j ACCEPT\n-Z INPUT\nCOMMIT\n', line: 3, column: 1 },
  good: { text: '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' },
};
export default rule;

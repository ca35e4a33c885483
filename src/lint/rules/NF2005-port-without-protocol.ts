// NF2005: --dport/--sport or -m multiport without -p tcp|udp|sctp|dccp (iptables refuses it: the port options only
// exist once the protocol's match is loaded).
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF2005',
  name: 'port-without-protocol',
  severity: 'error',
  message: 'port match without -p tcp|udp|sctp|dccp: {message}',
  description:
    '`--dport` and `--sport` belong to the tcp, udp, sctp and dccp matches, which iptables loads from `-p`; without it ' +
    'the option is unknown ("unknown option \\"--dport\\""). `-m multiport` checks the protocol itself ("multiport ' +
    'needs `-p tcp\', ..."). Put `-p tcp` (or udp, sctp, dccp) before the port options.',
  bad: { text: '*filter\n-A INPUT --dport 22 -j ACCEPT\nCOMMIT\n', line: 2, column: 10 },
  good: { text: '*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n' },
};
export default rule;

// NF2020: -m set / -j SET naming a set of the other address family (iptables refuses it).
import type { LintRule } from '../types.js';

const rule: LintRule = {
  code: 'NF2020',
  name: 'set-family-mismatch',
  severity: 'error',
  message: 'set {name} is {IPv4|IPv6} (family {inet|inet6}) but the rule is {iptables|ip6tables}: iptables refuses it',
  description:
    'iptables asks the kernel for the set by name when it parses `--match-set` (and SET\'s --add-set/--del-set/' +
    '--map-set) and refuses a set of the other family: "The protocol family of set X is IPv6, which is not ' +
    'applicable." — iptables-restore fails on that line. Family-less sets (list:set, bitmap:port, hash:mac) fit both. ' +
    'Checked when the set\'s family is known (--ipset FILE, an ipset file in the same run, or the script\'s ipset ' +
    'create). Use a set of the rule\'s family (create one per family: `family inet6`).',
  bad: {
    text: '*filter\n-A INPUT -m set --match-set blocked6 src -j DROP\nCOMMIT\n',
    ipsetSave: 'create blocked6 hash:ip family inet6 hashsize 1024 maxelem 65536\n',
    line: 2,
    column: 29,
  },
  good: {
    text: '*filter\n-A INPUT -m set --match-set blocked src -j DROP\nCOMMIT\n',
    ipsetSave: 'create blocked hash:ip family inet hashsize 1024 maxelem 65536\n',
  },
};
export default rule;

// -j SNAT (libxt_NAT.c): IPv4 revision 0 (nf_nat_ipv4_multi_range_compat), IPv6 revision 1 (nf_nat_range);
// neither structure holds a base port, so a shifted map "a-b/c" saves as "a-b/0".
import { makeNatTarget } from './DNAT.js';
import type { OptionSpec } from '../types.js';

const SNAT_OPTS: readonly OptionSpec[] = [
  { name: 'to-source', type: 'string', mand: true },
  { name: 'random', type: 'none' },
  { name: 'random-fully', type: 'none' },
  { name: 'persistent', type: 'none' },
];

export default (['ipv4', 'ipv6'] as const).map((family) =>
  makeNatTarget({
    name: 'SNAT', family, revision: family === 'ipv4' ? 0 : 1, options: SNAT_OPTS, printOpt: 'to:', saveOpt: '--to-source ', skipColon: false,
    hooks: ['POSTROUTING', 'INPUT'], noBase: true, refuseOffset: false,
  }));

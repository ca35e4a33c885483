// -j REDIRECT (libxt_NAT.c, revision 0 in both families): --to-ports, --random; shifted port maps are refused
// by the DNAT_fcheck/DNAT_fcheck6 final check.
import { makeNatTarget } from './DNAT.js';
import type { OptionSpec } from '../types.js';

const REDIRECT_OPTS: readonly OptionSpec[] = [
  { name: 'to-ports', type: 'string' },
  { name: 'random', type: 'none' },
];

export default (['ipv4', 'ipv6'] as const).map((family) =>
  makeNatTarget({
    name: 'REDIRECT', family, revision: 0, options: REDIRECT_OPTS, printOpt: 'redir ports ', saveOpt: '--to-ports ', skipColon: true,
    hooks: ['PREROUTING', 'OUTPUT'], noBase: true, refuseOffset: true,
  }));

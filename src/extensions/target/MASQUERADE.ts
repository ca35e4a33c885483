// -j MASQUERADE (libxt_NAT.c, revision 0 in both families): --to-ports, --random, --random-fully.
import { makeNatTarget } from './DNAT.js';
import type { OptionSpec } from '../types.js';

const MASQUERADE_OPTS: readonly OptionSpec[] = [
  { name: 'to-ports', type: 'string' },
  { name: 'random', type: 'none' },
  { name: 'random-fully', type: 'none' },
];

export default (['ipv4', 'ipv6'] as const).map((family) =>
  makeNatTarget({
    name: 'MASQUERADE', family, revision: 0, options: MASQUERADE_OPTS, printOpt: 'masq ports: ', saveOpt: '--to-ports ', skipColon: true,
    hooks: ['POSTROUTING'], noBase: true, refuseOffset: false,
  }));

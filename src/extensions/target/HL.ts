// -j HL (libip6t_HL.c, IPv6 only): --hl-set / --hl-dec / --hl-inc; same code as TTL.ts.
import { makeTtlLike } from './TTL.js';

export default makeTtlLike('HL', 'ipv6');

// -m hl (libip6t_hl.c), IPv6 only: [!] --hl-eq n (alias --hl), --hl-lt n, --hl-gt n; same shape as -m ttl.
import { cmpMatch } from './ttl.js';

const hl = cmpMatch('hl', 'ipv6', "HL match: You must specify one of `--hl-eq', `--hl-lt', `--hl-gt'", 'HL');

export default hl;

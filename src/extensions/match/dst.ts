// -m dst (libip6t_dst.c, x6 parser, IPv6 only): Destination Options header length and option list (same logic as hbh).
import { optsMatch } from './hbh.js';

export default optsMatch('dst', "PAD0 hasn't got length");

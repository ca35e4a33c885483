// -m eui64 (libip6t_eui64.c, IPv6 only): source address is the EUI-64 of the source MAC. No options; no print/save
// functions, so legacy -L prints the bare name ("eui64 ") while nft prints nothing.
import type { ExtensionDef } from '../types.js';

const eui64: ExtensionDef = {
  kind: 'match',
  name: 'eui64',
  revision: 0,
  family: 'ipv6',
  options: [],
  save() {
    return '';
  },
  print(_inst, ctx) {
    return ctx.flavor === 'legacy' ? 'eui64 ' : '';
  },
  // ip6t_eui64: .hooks = PRE_ROUTING | LOCAL_IN | FORWARD
  hooks: ['PREROUTING', 'INPUT', 'FORWARD'],
};

export default eui64;

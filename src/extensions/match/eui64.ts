// -m eui64 (libip6t_eui64.c, IPv6 only): source address is the EUI-64 of the source MAC. No options; no print/save
// functions, so legacy -L prints the bare name ("eui64 ") while nft prints nothing.
import type { ExtensionDef } from '../types.js';

/** the modified EUI-64 interface id of a MAC address */
function eui64Of(mac: string): bigint {
  const b = mac.split(/[:-]/).map((x) => parseInt(x, 16));
  const id = [b[0] ^ 0x02, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]];
  return id.reduce((acc, x) => (acc << 8n) | BigInt(x & 0xff), 0n);
}

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
  // eui64_mt6(): the EUI-64 built from the source MAC (U/L bit flipped, ff:fe inserted) equals the interface
  // identifier (low 64 bits) of the IPv6 source address
  match(_inst, env) {
    const p = env.pkt;
    if (p.iif === 'lo' || p.iif === '') return false;
    if (p.srcMac === undefined) return env.undecided("eui64: the packet's source MAC is not given");
    return typeof p.src === 'bigint' && eui64Of(p.srcMac) === (p.src & ((1n << 64n) - 1n));
  },
  whyNot(_inst, env) {
    return `source address interface id is not the EUI-64 of MAC ${env.pkt.srcMac ?? '(none)'}`;
  },
};

export default eui64;

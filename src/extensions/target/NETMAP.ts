// -j NETMAP (libipt_NETMAP.c, libip6t_NETMAP.c): --to address[/mask] (XTTYPE_HOSTMASK), stored as the range
// min = addr & mask, max = min | ~mask; printed as address/prefix.
import type { ExtInstance, Family } from '../../model/ruleset.js';
import { ipv4ToString, ipv6ToString, mask4ToCidr, mask6ToCidr } from '../../values/addr.js';
import type { ExtensionDef, NatRequest } from '../types.js';
import { addrText, textToAddr } from '../target-semantics.js';

const ALL6 = (1n << 128n) - 1n;

/** xtables_ipmask_to_cidr / xtables_ip6mask_to_cidr: -1 for non-contiguous masks */
function cidr4(m: number): number {
  const inv = ~m >>> 0;
  return (inv & (inv + 1)) === 0 ? mask4ToCidr(m) : -1;
}
function cidr6(m: bigint): number {
  const inv = ~m & ALL6;
  return (inv & (inv + 1n)) === 0n ? mask6ToCidr(m) : -1;
}

interface NetmapData { min: string; max: string; bits: number }

function makeNetmap(family: Family): ExtensionDef {
  return {
    kind: 'target',
    name: 'NETMAP',
    revision: 0,
    family,
    options: [{ name: 'to', type: 'hostmask', mand: true }],
    tables: ['nat'],
    hooks: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
    parse(cb) {
      if (cb.val.t !== 'host') return;
      const a = cb.val.addr;
      const data = cb.data as unknown as NetmapData;
      if (a.family === 'ipv4') {
        // xtopt_parse_plenmask: a non-contiguous mask has hlen -1 (255 as uint8), which leaves the mask all ones
        const mask = cidr4(a.mask) < 0 ? 0xffffffff : a.mask >>> 0;
        const min = (a.addr & mask) >>> 0;
        const max = (min | ~mask) >>> 0;
        Object.assign(data, { min: ipv4ToString(min), max: ipv4ToString(max), bits: cidr4(~(min ^ max) >>> 0) });
      } else {
        const mask = cidr6(a.mask) < 0 ? ALL6 : a.mask;
        const min = a.addr & mask;
        const max = (min | ~mask) & ALL6;
        Object.assign(data, { min: ipv6ToString(min), max: ipv6ToString(max), bits: cidr6(~(min ^ max) & ALL6) });
      }
    },
    save: (inst: ExtInstance) => ` --to ${(inst.data as unknown as NetmapData).min}/${(inst.data as unknown as NetmapData).bits}`,
    print: (inst: ExtInstance) => ` to:${(inst.data as unknown as NetmapData).min}/${(inst.data as unknown as NetmapData).bits}`,
    /**
     * netmap_tg4/netmap_tg6: netmask = ~(min ^ max); PREROUTING/OUTPUT map the destination, POSTROUTING/INPUT the
     * source (HOOK2MANIP): new = (header address & ~netmask) | (min & netmask), handed to nf_nat_setup_info as a
     * single-address range with MAP_IPS (ports untouched).
     */
    apply(inst, env) {
      const t = inst.data as unknown as NetmapData;
      const manip = env.hook === 'PREROUTING' || env.hook === 'OUTPUT' ? 'DST' : 'SRC';
      const orig = manip === 'DST' ? env.pkt.dst : env.pkt.src;
      const min = textToAddr(family, t.min);
      const max = textToAddr(family, t.max);
      let mask: number | bigint;
      let mapped: number | bigint;
      if (typeof min === 'number') {
        mask = ~(min ^ (max as number)) >>> 0;
        mapped = (((orig as number) & ~mask) | (min & mask)) >>> 0;
      } else {
        mask = ~(min ^ (max as bigint)) & ALL6;
        mapped = ((orig as bigint) & ~mask & ALL6) | (min & mask);
      }
      const nat: NatRequest = { manip, kind: 'NETMAP', minAddr: mapped, maxAddr: mapped, netmapMask: mask };
      return { verdict: 'ACCEPT', nat, note: `NETMAP ${manip === 'DST' ? 'destination' : 'source'} ${addrText(orig)} → ${addrText(mapped)}` };
    },
  };
}

export default [makeNetmap('ipv4'), makeNetmap('ipv6')];

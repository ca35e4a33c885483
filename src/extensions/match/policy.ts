// -m policy (libxt_policy.c, x6 parser): IPsec policy match (--dir/--pol/--strict and per-element --reqid/--spi/
// --proto/--mode/--tunnel-src/--tunnel-dst, elements separated by --next).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { AddrMask } from '../../values/addr.js';
import { ipv4ToString, ipv6ToString, mask4ToCidr, mask4ToSuffix, mask6ToCidr, mask6ToSuffix } from '../../values/addr.js';
import { getProtoByNumber } from '../../values/netdb.js';
import type { ExtensionDef } from '../types.js';

/** XT_POLICY_MATCH_* */
const M_IN = 1, M_OUT = 2, M_NONE = 4, M_STRICT = 8;
/** XT_POLICY_MAX_ELEM */
const MAX_ELEM = 4;

type Field = 'reqid' | 'spi' | 'proto' | 'mode' | 'saddr' | 'daddr';
interface PolicyElem {
  match: Partial<Record<Field, boolean>>;
  invert: Partial<Record<Field, boolean>>;
  reqid: number;
  spi: number;
  proto: number;
  /** 0 transport, 1 tunnel */
  mode: number;
  saddr?: AddrMask;
  daddr?: AddrMask;
}
interface PolicyData {
  flags: number;
  len: number;
  pol: PolicyElem[];
}
const d = (inst: ExtInstance) => inst.data as unknown as PolicyData;
/**
 * xtopt_parse_plenmask() rebuilds the mask from the prefix length; a non-contiguous dotted mask has length -1
 * (uint8_t 255), which leaves the mask all ones: "a.b.c.d/255.255.0.255" is kept as a host address.
 */
export function hostmaskAsKernel(a: AddrMask): AddrMask {
  if (a.family === 'ipv4') return mask4ToCidr(a.mask) === -1 ? { ...a, mask: 0xffffffff } : a;
  return mask6ToCidr(a.mask) === -1 ? { ...a, mask: (1n << 128n) - 1n } : a;
}

const emptyElem = (): PolicyElem => ({ match: {}, invert: {}, reqid: 0, spi: 0, proto: 0, mode: 0 });

function addrText(a: AddrMask): string {
  return a.family === 'ipv4' ? ipv4ToString(a.addr) + mask4ToSuffix(a.mask) : ipv6ToString(a.addr) + mask6ToSuffix(a.mask);
}

/** print_entry() */
function entryText(prefix: string, e: PolicyElem, numeric: boolean): string {
  const inv = (f: Field) => (e.invert[f] ? ' !' : '');
  let out = '';
  if (e.match.reqid) out += `${inv('reqid')} ${prefix}reqid ${e.reqid >>> 0}`;
  if (e.match.spi) out += `${inv('spi')} ${prefix}spi 0x${(e.spi >>> 0).toString(16)}`;
  if (e.match.proto) {
    const name = numeric ? undefined : getProtoByNumber(e.proto);
    out += `${inv('proto')} ${prefix}proto ${name ?? e.proto}`;
  }
  if (e.match.mode) out += `${inv('mode')} ${prefix}mode ${e.mode === 0 ? 'transport' : e.mode === 1 ? 'tunnel' : '???'}`;
  if (e.match.daddr && e.daddr) out += `${inv('daddr')} ${prefix}tunnel-dst ${addrText(e.daddr)}`;
  if (e.match.saddr && e.saddr) out += `${inv('saddr')} ${prefix}tunnel-src ${addrText(e.saddr)}`;
  return out;
}

function flagsText(prefix: string, flags: number): string {
  let out = flags & M_IN ? ` ${prefix}dir in` : ` ${prefix}dir out`;
  out += flags & M_NONE ? ` ${prefix}pol none` : ` ${prefix}pol ipsec`;
  if (flags & M_STRICT) out += ` ${prefix}strict`;
  return out;
}

const policy: ExtensionDef = {
  kind: 'match',
  name: 'policy',
  revision: 0,
  options: [
    { name: 'dir', type: 'string' },
    { name: 'pol', type: 'string' },
    { name: 'strict', type: 'none' },
    { name: 'reqid', type: 'uint32', multi: true, invert: true },
    { name: 'spi', type: 'uint32', multi: true, invert: true },
    { name: 'tunnel-src', type: 'hostmask', multi: true, invert: true },
    { name: 'tunnel-dst', type: 'hostmask', multi: true, invert: true },
    { name: 'proto', type: 'protocol', multi: true, invert: true },
    { name: 'mode', type: 'string', multi: true, invert: true },
    { name: 'next', type: 'none', multi: true, also: ['strict'] },
  ],
  init(data) {
    Object.assign(data, { flags: 0, len: 0, pol: [emptyElem()] });
  },
  parse(cb) {
    const t = cb.data as unknown as PolicyData;
    const arg = cb.arg ?? '';
    const e = t.pol[t.len];
    const once = (f: Field, opt: string) => {
      if (e.match[f]) throw paramProblem(`policy match: double --${opt} option`);
      e.match[f] = true;
      if (cb.invert) e.invert[f] = true;
    };
    switch (cb.opt.name) {
      case 'dir':
        if (arg === 'in') t.flags |= M_IN;
        else if (arg === 'out') t.flags |= M_OUT;
        else throw paramProblem(`policy_match: invalid dir "${arg}"`);
        break;
      case 'pol':
        if (arg === 'none') t.flags |= M_NONE;
        else if (arg !== 'ipsec') throw paramProblem(`policy match: invalid policy "${arg}"`);
        break;
      case 'strict': t.flags |= M_STRICT; break;
      case 'reqid': once('reqid', 'reqid'); e.reqid = Number(cb.val.t === 'int' ? cb.val.v : 0n); break;
      case 'spi': once('spi', 'spi'); e.spi = Number(cb.val.t === 'int' ? cb.val.v : 0n); break;
      case 'tunnel-src': once('saddr', 'tunnel-src'); if (cb.val.t === 'host') e.saddr = hostmaskAsKernel(cb.val.addr); break;
      case 'tunnel-dst': once('daddr', 'tunnel-dst'); if (cb.val.t === 'host') e.daddr = hostmaskAsKernel(cb.val.addr); break;
      case 'proto': {
        if (e.match.proto) throw paramProblem('policy match: double --proto option');
        e.proto = cb.val.t === 'protocol' ? cb.val.v : 0;
        if (e.proto !== 51 && e.proto !== 50 && e.proto !== 108) throw paramProblem('policy match: protocol must be ah/esp/ipcomp');
        e.match.proto = true;
        if (cb.invert) e.invert.proto = true;
        break;
      }
      case 'mode': {
        if (e.match.mode) throw paramProblem('policy match: double --mode option');
        e.match.mode = true;
        if (cb.invert) e.invert.mode = true;
        if (arg === 'transport') e.mode = 0;
        else if (arg === 'tunnel') e.mode = 1;
        else throw paramProblem(`policy match: invalid mode "${arg}"`);
        break;
      }
      case 'next':
        if (++t.len === MAX_ELEM) throw paramProblem('policy match: maximum policy depth reached');
        t.pol.push(emptyElem());
        break;
    }
  },
  finalCheck(fc) {
    const t = fc.data as unknown as PolicyData;
    if (!(t.flags & (M_IN | M_OUT))) throw paramProblem('policy match: neither --dir in nor --dir out specified');
    if (t.flags & M_NONE) {
      if (t.flags & M_STRICT) throw paramProblem('policy match: policy none but --strict given');
      if (t.len !== 0) throw paramProblem('policy match: policy none but policy given');
    } else t.len++;
    for (let i = 0; i < t.len; i++) {
      const e = t.pol[i];
      const m = e.match;
      if (t.flags & M_STRICT && !(m.reqid || m.spi || m.saddr || m.daddr || m.proto || m.mode)) {
        throw paramProblem(`policy match: empty policy element ${i}. --strict is in effect, but at least one of reqid, spi, tunnel-src, tunnel-dst, proto or mode is required.`);
      }
      if ((m.saddr || m.daddr) && ((e.mode === 1 && e.invert.mode) || (e.mode === 0 && !e.invert.mode))) {
        throw paramProblem('policy match: --tunnel-src/--tunnel-dst is only valid in tunnel mode');
      }
    }
  },
  save(inst) {
    const t = d(inst);
    let out = flagsText('--', t.flags);
    for (let i = 0; i < t.len; i++) {
      out += entryText('--', t.pol[i], false);
      if (i + 1 < t.len) out += ' --next';
    }
    return out;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' policy match' + flagsText('', t.flags);
    for (let i = 0; i < t.len; i++) {
      if (t.len > 1) out += ` [${i}]`;
      out += entryText('', t.pol[i], ctx.numeric);
    }
    return out;
  },
  // policy_mt_check(): an "out" policy is refused in PREROUTING/INPUT, an "in" policy in POSTROUTING/OUTPUT.
  // where.hooks = the hook mask checkentry sees: nft passes only a base chain's own hook (none for user chains),
  // legacy every hook the chain is reachable from.
  kernelRefuses(inst, where) {
    const t = d(inst);
    const h = where.hooks;
    if (!h) return false;
    if (t.flags & M_IN && (h.has('POSTROUTING') || h.has('OUTPUT'))) return true;
    if (t.flags & M_OUT && (h.has('PREROUTING') || h.has('INPUT'))) return true;
    return false;
  },
  // policy_mt(): no IPsec is modelled, so there is no sec_path (--dir in) and no xfrm on the route (--dir out):
  // match_policy_*() returns -1, which matches "--pol none" and fails "--pol ipsec"
  match(inst) {
    return (d(inst).flags & M_NONE) !== 0;
  },
  whyNot() {
    return 'no IPsec policy applies to the packet (IPsec is not modelled): --pol ipsec does not match';
  },
};

export default policy;

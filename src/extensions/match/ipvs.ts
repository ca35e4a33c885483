// -m ipvs (libxt_ipvs.c, x6 parser): IPVS connection properties (--ipvs, --vproto, --vaddr, --vport, --vdir,
// --vmethod, --vportctl). The oracle kernel has no ip_vs/xt_ipvs module: iptables warns "Extension ipvs revision 0
// not supported, missing kernel module?" and the kernel refuses the rule with ENOENT; nfsim mirrors that refusal.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { AddrMask } from '../../values/addr.js';
import { ipv4ToString, ipv6ToString, mask4ToSuffix, mask6ToSuffix } from '../../values/addr.js';
import type { ExtensionDef } from '../types.js';
import { hostmaskAsKernel } from './policy.js';

/** XT_IPVS_* bits = 1 << option index */
const IPVS = 1, PROTO = 2, VADDR = 4, VPORT = 8, DIR = 16, METHOD = 32, VPORTCTL = 64;
const ONCE_MASK = 0x7e;
const BIT: Record<string, number> = { ipvs: IPVS, vproto: PROTO, vaddr: VADDR, vport: VPORT, vdir: DIR, vmethod: METHOD, vportctl: VPORTCTL };
/** IP_VS_CONN_F_MASQ / TUNNEL / DROUTE */
const METHODS: Record<string, number> = { GATE: 3, IPIP: 2, MASQ: 0 };

interface IpvsData {
  vaddr?: AddrMask;
  l4proto: number;
  vport: number;
  vportctl: number;
  fwdMethod: number;
  bitmask: number;
  invert: number;
}
const d = (inst: ExtInstance) => inst.data as unknown as IpvsData;

function dump(t: IpvsData, numeric: boolean, prefix: string): string {
  const inv = (b: number) => (t.invert & b ? ' !' : '');
  let out = '';
  if (t.bitmask === IPVS) out += `${inv(IPVS)} ${prefix}ipvs`;
  if (t.bitmask & PROTO) out += `${inv(PROTO)} ${prefix}vproto ${t.l4proto}`;
  if (t.bitmask & VADDR && t.vaddr) {
    const a = t.vaddr;
    out += `${inv(VADDR)} ${prefix}vaddr`;
    const zero = a.family === 'ipv4' ? a.addr === 0 : a.addr === 0n;
    if (!numeric && zero) out += ' anywhere';
    else out += ' ' + (a.family === 'ipv4' ? ipv4ToString(a.addr) + mask4ToSuffix(a.mask) : ipv6ToString(a.addr) + mask6ToSuffix(a.mask));
  }
  if (t.bitmask & VPORT) out += `${inv(VPORT)} ${prefix}vport ${t.vport}`;
  if (t.bitmask & DIR) out += ` ${prefix}vdir ${t.invert & DIR ? 'REPLY' : 'ORIGINAL'}`;
  if (t.bitmask & METHOD) {
    const name = Object.entries(METHODS).find(([, v]) => v === t.fwdMethod)?.[0] ?? 'UNKNOWN';
    out += `${inv(METHOD)} ${prefix}vmethod ${name}`;
  }
  if (t.bitmask & VPORTCTL) out += `${inv(VPORTCTL)} ${prefix}vportctl ${t.vportctl}`;
  return out;
}

const ipvs: ExtensionDef = {
  kind: 'match',
  name: 'ipvs',
  loadWarning: 'Warning: Extension ipvs revision 0 not supported, missing kernel module?\n',
  revision: 0,
  options: [
    { name: 'ipvs', type: 'none', invert: true },
    { name: 'vproto', type: 'protocol', invert: true },
    { name: 'vaddr', type: 'hostmask', invert: true },
    { name: 'vport', type: 'port', invert: true },
    { name: 'vdir', type: 'string' },
    { name: 'vmethod', type: 'string', invert: true },
    { name: 'vportctl', type: 'port', invert: true },
  ],
  init(data) {
    Object.assign(data, { l4proto: 0, vport: 0, vportctl: 0, fwdMethod: 0, bitmask: 0, invert: 0 });
  },
  parse(cb) {
    const t = cb.data as unknown as IpvsData;
    const arg = cb.arg ?? '';
    switch (cb.opt.name) {
      case 'vproto': if (cb.val.t === 'protocol') t.l4proto = cb.val.v; break;
      case 'vaddr': if (cb.val.t === 'host') t.vaddr = hostmaskAsKernel(cb.val.addr); break;
      case 'vport': if (cb.val.t === 'port') t.vport = cb.val.v; break;
      case 'vportctl': if (cb.val.t === 'port') t.vportctl = cb.val.v; break;
      case 'vdir':
        if (arg.toUpperCase() === 'ORIGINAL') {
          t.bitmask |= DIR;
          t.invert &= ~DIR;
        } else if (arg.toUpperCase() === 'REPLY') {
          t.bitmask |= DIR;
          t.invert |= DIR;
        } else throw paramProblem(`ipvs: Bad value for "--vdir" option: "${arg}"`);
        break;
      case 'vmethod': {
        const m = METHODS[arg.toUpperCase()];
        if (m === undefined) throw paramProblem(`ipvs: Bad value for "--vmethod" option: "${arg}"`);
        t.fwdMethod = m;
        break;
      }
    }
    const bit = BIT[cb.opt.name];
    t.bitmask |= bit;
    if (cb.invert) t.invert |= bit;
  },
  finalCheck(fc) {
    const t = fc.data as unknown as IpvsData;
    if (fc.seen.size === 0) throw paramProblem('IPVS: At least one option is required');
    if (t.bitmask & ONCE_MASK) {
      if (t.invert & IPVS) throw paramProblem('! --ipvs cannot be together with other options');
      t.bitmask |= IPVS;
    }
  },
  save(inst) {
    return dump(d(inst), true, '--');
  },
  print(inst, ctx) {
    return dump(d(inst), ctx.numeric, '');
  },
  // no xt_ipvs in the oracle kernel: the rule is refused with ENOENT
  kernelRefuses() {
    return 'ENOENT';
  },
  match(_inst, env) {
    return env.undecided('ipvs: IPVS connections are not modelled');
  },
};

export default ipvs;

// -m ecn (libxt_ecn.c, revision 0 = struct xt_ecn_info): [!] --ecn-tcp-cwr, [!] --ecn-tcp-ece, [!] --ecn-ip-ect 0-3.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';

const OP = { IP: 0x01, ECE: 0x10, CWR: 0x20 } as const;

interface EcnData {
  operation: number;
  invert: number;
  ipEct: number;
  /** userspace marker: the kernel's ecn_mt_check() will refuse the rule (TCP bits without "-p tcp") */
  refused?: boolean;
}

const ecn: ExtensionDef = {
  kind: 'match',
  name: 'ecn',
  revision: 0,
  options: [
    { name: 'ecn-tcp-cwr', type: 'none', invert: true },
    { name: 'ecn-tcp-ece', type: 'none', invert: true },
    { name: 'ecn-ip-ect', type: 'uint8', min: 0, max: 3, invert: true },
  ],
  init(data) {
    Object.assign(data, { operation: 0, invert: 0, ipEct: 0 });
  },
  parse(cb) {
    const e = cb.data as unknown as EcnData;
    const bit = cb.opt.name === 'ecn-tcp-cwr' ? OP.CWR : cb.opt.name === 'ecn-tcp-ece' ? OP.ECE : OP.IP;
    e.operation |= bit;
    if (cb.invert) e.invert |= bit;
    if (bit === OP.IP && cb.val.t === 'int') e.ipEct = Number(cb.val.v);
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('ECN match: some option required');
    const e = fc.data as unknown as EcnData;
    const p = fc.ctx.proto;
    if (e.operation & (OP.ECE | OP.CWR) && (!p || p.num !== 6 || p.invert)) e.refused = true;
  },
  save(inst) {
    const e = inst.data as unknown as EcnData;
    let out = '';
    if (e.operation & OP.ECE) out += `${e.invert & OP.ECE ? ' !' : ''} --ecn-tcp-ece`;
    if (e.operation & OP.CWR) out += `${e.invert & OP.CWR ? ' !' : ''} --ecn-tcp-cwr`;
    if (e.operation & OP.IP) out += `${e.invert & OP.IP ? ' !' : ''} --ecn-ip-ect ${e.ipEct}`;
    return out;
  },
  print(inst) {
    const e = inst.data as unknown as EcnData;
    let out = ' ECN match';
    if (e.operation & OP.ECE) out += ` ${e.invert & OP.ECE ? '!' : ''}ECE`;
    if (e.operation & OP.CWR) out += ` ${e.invert & OP.CWR ? '!' : ''}CWR`;
    if (e.operation & OP.IP) out += ` ${e.invert & OP.IP ? '!' : ''}ECT=${e.ipEct}`;
    return out;
  },
  // ecn_mt_check4/6(): --ecn-tcp-* needs "-p tcp" (not inverted) → EINVAL
  kernelRefuses(inst) {
    return inst.data.refused === true;
  },
};

export default ecn;

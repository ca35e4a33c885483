// -m ecn (libxt_ecn.c, revision 0 = struct xt_ecn_info): [!] --ecn-tcp-cwr, [!] --ecn-tcp-ece, [!] --ecn-ip-ect 0-3.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';
import type { PacketEnv } from '../types.js';

const OP = { IP: 0x01, ECE: 0x10, CWR: 0x20 } as const;

interface EcnData {
  operation: number;
  invert: number;
  ipEct: number;
  /** userspace marker: the kernel's ecn_mt_check() will refuse the rule (TCP bits without "-p tcp") */
  refused?: boolean;
}

function ecnWhy(e: EcnData, env: PacketEnv): string | undefined {
  const p = env.pkt;
  if (e.operation & OP.IP) {
    const hit = (p.tos & 3) === e.ipEct;
    if (hit === !!(e.invert & OP.IP)) return `ECT ${p.tos & 3} ${hit ? '=' : '≠'} ${e.ipEct}${hit ? ' (inverted)' : ''}`;
  }
  if (e.operation & (OP.ECE | OP.CWR)) {
    if (p.proto !== 6 || p.fragment) return 'no tcp header';
    for (const [bit, flag, name] of [[OP.ECE, 0x40, 'ECE'], [OP.CWR, 0x80, 'CWR']] as const) {
      if (!(e.operation & bit)) continue;
      const set = (p.tcpFlags & flag) !== 0;
      if (set === !!(e.invert & bit)) return `tcp ${name} ${set ? 'set (inverted)' : 'not set'}`;
    }
  }
  return undefined;
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
  // ecn_mt4/6(): --ecn-ip-ect compares the ECN bits of tos/traffic class; --ecn-tcp-ece/-cwr test the tcp ECE
  // (0x40) and CWR (0x80) flag bits, each with its own inversion
  match(inst, env) {
    return ecnWhy(inst.data as unknown as EcnData, env) === undefined;
  },
  whyNot(inst, env) {
    return ecnWhy(inst.data as unknown as EcnData, env) ?? 'ecn';
  },
};

export default ecn;

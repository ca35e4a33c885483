// -m tcpmss (libxt_tcpmss.c, revision 0 = struct xt_tcpmss_match_info): [!] --mss value[:value].
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';

interface TcpmssData {
  min: number;
  max: number;
  invert: boolean;
  /** userspace marker: xt_tcpmss (.proto = IPPROTO_TCP) refuses rules without "-p tcp" */
  refused?: boolean;
}

const tcpmss: ExtensionDef = {
  kind: 'match',
  name: 'tcpmss',
  revision: 0,
  options: [{ name: 'mss', type: 'uint16rc', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { min: 0, max: 0, invert: false });
  },
  parse(cb) {
    const t = cb.data as unknown as TcpmssData;
    if (cb.val.t !== 'range') return;
    t.min = Number(cb.val.v[0]);
    t.max = t.min;
    if (cb.val.v.length === 2) {
      t.max = Number(cb.val.v[1]);
      if (t.max < t.min) throw paramProblem('tcpmss: invalid range given');
    }
    if (cb.invert) t.invert = true;
  },
  finalCheck(fc) {
    const p = fc.ctx.proto;
    if (!p || p.num !== 6 || p.invert) (fc.data as unknown as TcpmssData).refused = true;
  },
  save(inst) {
    const t = inst.data as unknown as TcpmssData;
    return `${t.invert ? ' !' : ''} --mss ${t.min === t.max ? t.min : `${t.min}:${t.max}`}`;
  },
  print(inst) {
    const t = inst.data as unknown as TcpmssData;
    return ` tcpmss match ${t.invert ? '!' : ''}${t.min === t.max ? t.min : `${t.min}:${t.max}`}`;
  },
  kernelRefuses(inst) {
    return inst.data.refused === true;
  },
  match(_inst, env) {
    return env.undecided("tcpmss: the packet's tcp options (MSS) are not modelled");
  },
};

export default tcpmss;

// -m ipcomp (libxt_ipcomp.c, x6 parser): IPComp CPI (--ipcompspi spi[:spi]) and --compres. Needs -p ipcomp.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface IpcompData {
  spis: [number, number];
  invert: boolean;
  hdrres: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as IpcompData;
const IPPROTO_COMP = 108;

const ipcomp: ExtensionDef = {
  kind: 'match',
  name: 'ipcomp',
  revision: 0,
  options: [
    { name: 'ipcompspi', type: 'uint32rc', invert: true },
    { name: 'compres', type: 'none' },
  ],
  init(data) {
    // no ->init: an unset range stays 0:0
    Object.assign(data, { spis: [0, 0], invert: false, hdrres: false });
  },
  parse(cb) {
    const t = cb.data as unknown as IpcompData;
    if (cb.opt.name === 'compres') {
      t.hdrres = true;
      return;
    }
    if (cb.val.t !== 'range') return;
    const v = cb.val.v.map(Number);
    t.spis = [v[0], v.length === 1 ? v[0] : v[1]];
    if (cb.invert) t.invert = true;
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (!(t.spis[0] === 0 && t.spis[1] === 0xffffffff)) {
      out += `${t.invert ? ' !' : ''} --ipcompspi ` + (t.spis[0] !== t.spis[1] ? `${t.spis[0]}:${t.spis[1]}` : `${t.spis[0]}`);
    }
    if (t.hdrres) out += ' --compres';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ' comp ';
    const [min, max] = t.spis;
    const inv = t.invert ? '!' : '';
    if (min !== 0 || max !== 0xffffffff || t.invert) out += min === max ? `spi:${inv}${min}` : `spis:${inv}${min}:${max}`;
    if (t.hdrres) out += ' reserved';
    return out;
  },
  // xt_ipcomp: .proto = IPPROTO_COMP (xt_check_match: "-p ipcomp" required, not inverted)
  kernelRefuses(_inst, where) {
    if (!where.rule) return false;
    const p = where.rule.proto;
    return p === undefined || p.num !== IPPROTO_COMP || p.invert;
  },
  // comp_mt(): false for a non-first fragment; the CPI is not modelled
  match(_inst, env) {
    if (env.pkt.proto !== IPPROTO_COMP || env.pkt.fragment) return false;
    return env.undecided('ipcomp --ipcompspi: the packet\'s CPI is not modelled');
  },
};

export default ipcomp;

// -m length (libxt_length.c): [!] --length min[:max] (XTTYPE_UINT16RC).
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface LengthData {
  min: number;
  max: number;
  invert?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as LengthData;
const rangeText = (t: LengthData) => (t.min === t.max ? `${t.min}` : `${t.min}:${t.max}`);

const length: ExtensionDef = {
  kind: 'match',
  name: 'length',
  revision: 0,
  options: [{ name: 'length', type: 'uint16rc', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { min: 0, max: 0 });
  },
  parse(cb) {
    if (cb.val.t !== 'range') return;
    const v = cb.val.v.map(Number);
    cb.data.min = v[0];
    cb.data.max = v.length >= 2 ? v[1] : v[0];
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --length ${rangeText(t)}`;
  },
  print(inst) {
    const t = d(inst);
    return ` length ${t.invert ? '!' : ''}${rangeText(t)}`;
  },
  // length_mt()/length_mt6(): IPv4 tot_len, IPv6 payload_len + 40, in [min, max], inverted as a whole
  match(inst, env) {
    const t = d(inst);
    return (env.pkt.len >= t.min && env.pkt.len <= t.max) !== !!t.invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    return `length ${env.pkt.len} ${t.invert ? 'in' : 'not in'} ${rangeText(t)}${t.invert ? ' (inverted)' : ''}`;
  },
};

export default length;

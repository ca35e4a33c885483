// -m frag (libip6t_frag.c), IPv6 only: [!] --fragid id[:id], [!] --fraglen n, --fragres, --fragfirst,
// --fragmore | --fraglast.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface FragData {
  ids: [number, number];
  hdrlen: number;
  /** IP6T_FRAG_* flags that were given */
  len?: boolean;
  res?: boolean;
  first?: boolean;
  more?: boolean;
  last?: boolean;
  invIds?: boolean;
  invLen?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as FragData;
const U32 = 0xffffffff;

const frag: ExtensionDef = {
  kind: 'match',
  name: 'frag',
  revision: 0,
  family: 'ipv6',
  options: [
    { name: 'fragid', type: 'uint32rc', invert: true },
    { name: 'fraglen', type: 'uint32', invert: true },
    { name: 'fragres', type: 'none' },
    { name: 'fragfirst', type: 'none' },
    { name: 'fragmore', type: 'none', excl: ['fraglast'] },
    { name: 'fraglast', type: 'none', excl: ['fragmore'] },
  ],
  init(data) {
    Object.assign(data, { ids: [0, U32], hdrlen: 0 });
  },
  parse(cb) {
    const t = cb.data as unknown as FragData;
    switch (cb.opt.name) {
      case 'fragid':
        if (cb.val.t === 'range') {
          const v = cb.val.v.map(Number);
          t.ids = [v[0], v.length === 1 ? v[0] : v[1]];
        }
        if (cb.invert) t.invIds = true;
        break;
      case 'fraglen':
        if (cb.val.t === 'int') t.hdrlen = Number(cb.val.v);
        if (cb.invert) t.invLen = true;
        t.len = true;
        break;
      case 'fragres': t.res = true; break;
      case 'fragfirst': t.first = true; break;
      case 'fragmore': t.more = true; break;
      case 'fraglast': t.last = true; break;
    }
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (!(t.ids[0] === 0 && t.ids[1] === U32)) {
      out += `${t.invIds ? ' !' : ''} --fragid ${t.ids[0] !== t.ids[1] ? `${t.ids[0]}:${t.ids[1]}` : t.ids[0]}`;
    }
    if (t.len) out += `${t.invLen ? ' !' : ''} --fraglen ${t.hdrlen}`;
    if (t.res) out += ' --fragres';
    if (t.first) out += ' --fragfirst';
    if (t.more) out += ' --fragmore';
    if (t.last) out += ' --fraglast';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ' frag ';
    const [min, max] = t.ids;
    if (min !== 0 || max !== U32 || t.invIds) {
      const inv = t.invIds ? '!' : '';
      out += min === max ? `id:${inv}${min}` : `ids:${inv}${min}:${max}`;
    }
    if (t.len) out += ` length:${t.invLen ? '!' : ''}${t.hdrlen}`;
    if (t.res) out += ' reserved';
    if (t.first) out += ' first';
    if (t.more) out += ' more';
    if (t.last) out += ' last';
    return out;
  },
  match(_inst, env) {
    return env.undecided("frag: the packet's IPv6 fragment header is not modelled");
  },
};

export default frag;

// -m rt (libip6t_rt.c, x6 parser, IPv6 only): Routing header type, segments left, length, type-0 addresses.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { ipv6ToString, parseIpv6 } from '../../values/addr.js';
import type { ExtensionDef } from '../types.js';

/** IP6T_RT_* flags and IP6T_RT_HOPS */
const TYP = 1, SGS = 2, LEN = 4, RES = 8, FST = 0x10, FST_NSTRICT = 0x20;
const HOPS = 16;

interface RtData {
  rtType: number;
  segsleft: [number, number];
  hdrlen: number;
  flags: number;
  invTyp: boolean;
  invSgs: boolean;
  invLen: boolean;
  addrs: bigint[];
}
const d = (inst: ExtInstance) => inst.data as unknown as RtData;
const int = (cb: { val: { t: string; v?: unknown } }) => Number(cb.val.t === 'int' ? (cb.val.v as bigint) : 0n);

/** parse_addresses(): up to IP6T_RT_HOPS numeric IPv6 addresses */
function parseAddresses(s: string): bigint[] {
  const parts = s.split(',');
  const out: bigint[] = [];
  for (let i = 0; i < parts.length && i < HOPS; i++) {
    const a = parseIpv6(parts[i]);
    if (a === undefined) throw paramProblem(`bad address: ${parts[i]}`);
    out.push(a);
  }
  if (parts.length > HOPS) throw paramProblem('too many addresses specified');
  return out;
}

const addrList = (t: RtData) => t.addrs.map((a, i) => (i === 0 ? ' ' : ',') + ipv6ToString(a)).join('');

const rt: ExtensionDef = {
  kind: 'match',
  name: 'rt',
  revision: 0,
  family: 'ipv6',
  options: [
    { name: 'rt-type', type: 'uint32', invert: true },
    { name: 'rt-segsleft', type: 'uint32rc', invert: true },
    { name: 'rt-len', type: 'uint32', invert: true },
    { name: 'rt-0-res', type: 'none' },
    { name: 'rt-0-addrs', type: 'string' },
    { name: 'rt-0-not-strict', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { rtType: 0, segsleft: [0, 0xffffffff], hdrlen: 0, flags: 0, invTyp: false, invSgs: false, invLen: false, addrs: [] });
  },
  parse(cb) {
    const t = cb.data as unknown as RtData;
    const type0 = () => cb.seen.has('rt-type') && t.rtType === 0 && !t.invTyp;
    switch (cb.opt.name) {
      case 'rt-type': t.rtType = int(cb); if (cb.invert) t.invTyp = true; t.flags |= TYP; break;
      case 'rt-segsleft': {
        if (cb.val.t !== 'range') break;
        const v = cb.val.v.map(Number);
        t.segsleft = [v[0], v.length === 1 ? v[0] : v[1]];
        if (cb.invert) t.invSgs = true;
        t.flags |= SGS;
        break;
      }
      case 'rt-len': t.hdrlen = int(cb); if (cb.invert) t.invLen = true; t.flags |= LEN; break;
      case 'rt-0-res':
        if (!type0()) throw paramProblem("`--rt-type 0' required before `--rt-0-res'");
        t.flags |= RES;
        break;
      case 'rt-0-addrs':
        if (!type0()) throw paramProblem("`--rt-type 0' required before `--rt-0-addrs'");
        t.addrs = parseAddresses(cb.arg ?? '');
        t.flags |= FST;
        break;
      case 'rt-0-not-strict':
        if (!cb.seen.has('rt-0-addrs')) throw paramProblem("`--rt-0-addr ...' required before `--rt-0-not-strict'");
        t.flags |= FST_NSTRICT;
        break;
    }
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.flags & TYP) out += `${t.invTyp ? ' !' : ''} --rt-type ${t.rtType}`;
    const [lo, hi] = t.segsleft;
    if (!(lo === 0 && hi === 0xffffffff)) out += `${t.invSgs ? ' !' : ''} --rt-segsleft ${lo !== hi ? `${lo}:${hi}` : lo}`;
    if (t.flags & LEN) out += `${t.invLen ? ' !' : ''} --rt-len ${t.hdrlen}`;
    if (t.flags & RES) out += ' --rt-0-res';
    if (t.flags & FST) out += ' --rt-0-addrs';
    out += addrList(t);
    if (t.flags & FST_NSTRICT) out += ' --rt-0-not-strict';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ' rt';
    if (t.flags & TYP) out += ` type:${t.invTyp ? '!' : ''}${t.rtType | 0}`;
    const [lo, hi] = t.segsleft;
    if (lo !== 0 || hi !== 0xffffffff || t.invSgs) {
      out += ' segsleft' + (lo === hi ? `:${t.invSgs ? '!' : ''}${lo}` : `s:${t.invSgs ? '!' : ''}${lo}:${hi}`);
    }
    if (t.flags & LEN) out += ` length:${t.invLen ? '!' : ''}${t.hdrlen}`;
    if (t.flags & RES) out += ' reserved';
    if (t.flags & FST) out += ' 0-addrs';
    out += addrList(t);
    if (t.flags & FST_NSTRICT) out += ' 0-not-strict';
    return out;
  },
  match(_inst, env) {
    return env.undecided("rt: the packet's IPv6 extension headers are not modelled");
  },
};

export default rt;

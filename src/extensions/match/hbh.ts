// -m hbh (libip6t_hbh.c, x6 parser, IPv6 only): Hop-by-Hop Options header length and option list.
// The shared option-header logic (also used by -m dst, libip6t_dst.c) lives here.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { strtoumax } from '../../values/numbers.js';
import type { ExtensionDef, OptionCall } from '../types.js';

/** IP6T_OPTS_LEN / IP6T_OPTS_OPTS and IP6T_OPTS_OPTSNR */
const F_LEN = 1, F_OPTS = 2;
const OPTSNR = 16;

interface OptsData {
  hdrlen: number;
  flags: number;
  invLen: boolean;
  /** (type << 8) | length, length 0xff = any */
  opts: number[];
}
const d = (inst: ExtInstance) => inst.data as unknown as OptsData;

/** parse_opts_num(): strtoul base 0, whole string */
function optsNum(mod: string, idstr: string, what: string): number {
  const r = strtoumax(idstr, 0, 0);
  if (r.end === 0) throw paramProblem(`${mod}: no valid digits in ${what} \`${idstr}'`);
  if (r.overflow) throw paramProblem(`${what} \`${idstr}' specified too big: would overflow`);
  if (idstr !== '' && r.end < idstr.length) throw paramProblem(`${mod}: error parsing ${what} \`${idstr}'`);
  return Number(r.value & 0xffn);
}

function parseOptions(mod: string, s: string, pad0: string): number[] {
  const parts = s.split(',');
  const out: number[] = [];
  for (let i = 0; i < parts.length && i < OPTSNR; i++) {
    const cp = parts[i];
    const colon = cp.indexOf(':');
    if (colon >= 0 && i === OPTSNR - 1) throw paramProblem('too many ports specified');
    const idstr = colon >= 0 ? cp.slice(0, colon) : cp;
    let v = optsNum(mod, idstr, 'opt') << 8;
    if (colon >= 0) {
      if (v === 0) throw paramProblem(pad0);
      v |= optsNum(mod, cp.slice(colon + 1), 'length');
    } else v |= 0xff;
    out.push(v);
  }
  if (parts.length > OPTSNR) throw paramProblem('too many addresses specified');
  return out;
}

const optsList = (t: OptsData) =>
  t.opts.map((o, i) => (i === 0 ? ' ' : ',') + String(o >> 8) + ((o & 0xff) !== 0xff ? `:${o & 0xff}` : '')).join('');

/** builds the hbh or dst match (they differ only in names and one message) */
export function optsMatch(mod: 'hbh' | 'dst', pad0: string): ExtensionDef {
  return {
    kind: 'match',
    name: mod,
    revision: 0,
    family: 'ipv6',
    options: [
      { name: `${mod}-len`, type: 'uint32', invert: true },
      { name: `${mod}-opts`, type: 'string' },
    ],
    init(data) {
      Object.assign(data, { hdrlen: 0, flags: 0, invLen: false, opts: [] });
    },
    parse(cb: OptionCall) {
      const t = cb.data as unknown as OptsData;
      if (cb.opt.name === `${mod}-len`) {
        t.hdrlen = Number(cb.val.t === 'int' ? cb.val.v : 0n);
        if (cb.invert) t.invLen = true;
        t.flags |= F_LEN;
      } else {
        t.opts = parseOptions(mod, cb.arg ?? '', pad0);
        t.flags |= F_OPTS;
      }
    },
    save(inst) {
      const t = d(inst);
      let out = '';
      if (t.flags & F_LEN) out += `${t.invLen ? ' !' : ''} --${mod}-len ${t.hdrlen}`;
      if (t.flags & F_OPTS) out += ` --${mod}-opts`;
      return out + optsList(t);
    },
    print(inst) {
      const t = d(inst);
      let out = ` ${mod}`;
      if (t.flags & F_LEN) out += ` length:${t.invLen ? '!' : ''}${t.hdrlen}`;
      if (t.flags & F_OPTS) out += ' opts';
      return out + optsList(t);
    },
    // hbh_mt6()/dst: ipv6_find_hdr() for the header; the packet's extension headers are not modelled
    match(_inst, env) {
      return env.undecided(`${mod}: the packet's IPv6 extension headers are not modelled`);
    },
  };
}

export default optsMatch('hbh', 'PAD0 has not got length');

// -m ah: IPv4 (libipt_ah.c: [!] --ahspi spi[:spi], needs -p ah) and IPv6 (libip6t_ah.c: [!] --ahspi, [!] --ahlen,
// --ahres; an extension header match, no protocol needed).
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef, OptionCall } from '../types.js';
import { protoRequired } from './icmp.js';

interface AhData {
  spis: [number, number];
  hdrlen: number;
  hdrres?: boolean;
  invSpi?: boolean;
  invLen?: boolean;
}

const U32 = 0xffffffff;
const d = (inst: ExtInstance) => inst.data as unknown as AhData;

/** spis from an XTTYPE_UINT32RC value: a single value n means n:n */
export function spiRange(cb: OptionCall): [number, number] | undefined {
  if (cb.val.t !== 'range') return undefined;
  const v = cb.val.v.map(Number);
  return [v[0], v.length === 1 ? v[0] : v[1]];
}

/** " [!] --opt a[:b]" unless the range is the default 0:4294967295 */
export function saveSpis(opt: string, spis: [number, number], inv: boolean | undefined): string {
  if (spis[0] === 0 && spis[1] === U32) return '';
  return `${inv ? ' !' : ''} --${opt} ${spis[0] !== spis[1] ? `${spis[0]}:${spis[1]}` : spis[0]}`;
}

/** print_spis(): "spi:[!]n" / "spis:[!]a:b", only when not the default range or inverted */
export function printSpis(spis: [number, number], inv: boolean | undefined): string {
  if (spis[0] === 0 && spis[1] === U32 && !inv) return '';
  const i = inv ? '!' : '';
  return spis[0] === spis[1] ? `spi:${i}${spis[0]}` : `spis:${i}${spis[0]}:${spis[1]}`;
}

const ah4: ExtensionDef = {
  kind: 'match',
  name: 'ah',
  revision: 0,
  family: 'ipv4',
  options: [{ name: 'ahspi', type: 'uint32rc', invert: true }],
  init(data) {
    Object.assign(data, { spis: [0, U32], hdrlen: 0 });
  },
  parse(cb) {
    const r = spiRange(cb);
    if (r) cb.data.spis = r;
    if (cb.invert) cb.data.invSpi = true;
  },
  save(inst) {
    const t = d(inst);
    return saveSpis('ahspi', t.spis, t.invSpi);
  },
  print(inst) {
    const t = d(inst);
    return ' ah ' + printSpis(t.spis, t.invSpi);
  },
  kernelRefuses(_inst, where) {
    return !protoRequired(where.rule, 51);
  },
  // ah_mt() (IPv4): false for a non-first fragment; the SPI is not modelled, only the full range decides
  match(inst, env) {
    const t = inst.data as unknown as AhData;
    if (env.pkt.proto !== 51 || env.pkt.fragment) return false;
    if (t.spis[0] === 0 && t.spis[1] >>> 0 === 0xffffffff) return !t.invSpi;
    return env.undecided('ah --ahspi: the packet\'s SPI is not modelled');
  },
};

const ah6: ExtensionDef = {
  kind: 'match',
  name: 'ah',
  revision: 0,
  family: 'ipv6',
  options: [
    { name: 'ahspi', type: 'uint32rc', invert: true },
    { name: 'ahlen', type: 'uint32', invert: true },
    { name: 'ahres', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { spis: [0, U32], hdrlen: 0 });
  },
  parse(cb) {
    switch (cb.opt.name) {
      case 'ahspi': {
        const r = spiRange(cb);
        if (r) cb.data.spis = r;
        if (cb.invert) cb.data.invSpi = true;
        break;
      }
      case 'ahlen':
        if (cb.val.t === 'int') cb.data.hdrlen = Number(cb.val.v);
        if (cb.invert) cb.data.invLen = true;
        break;
      case 'ahres':
        cb.data.hdrres = true;
        break;
    }
  },
  save(inst) {
    const t = d(inst);
    let out = saveSpis('ahspi', t.spis, t.invSpi);
    if (t.hdrlen !== 0 || t.invLen) out += `${t.invLen ? ' !' : ''} --ahlen ${t.hdrlen}`;
    if (t.hdrres) out += ' --ahres';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ' ah ' + printSpis(t.spis, t.invSpi);
    if (t.hdrlen !== 0 || t.invLen) out += `length:${t.invLen ? '!' : ''}${t.hdrlen}`;
    if (t.hdrres) out += ' reserved';
    return out;
  },
  // ah_mt6(): the AH is an extension header, which is not modelled
  match(_inst, env) {
    return env.undecided("ah: the packet's IPv6 extension headers are not modelled");
  },
};

export default [ah4, ah6];

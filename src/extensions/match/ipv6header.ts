// -m ipv6header (libip6t_ipv6header.c), IPv6 only: [!] --header list of extension headers, --soft.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { getProtoByName, getProtoByNumber } from '../../values/netdb.js';
import type { ExtensionDef } from '../types.js';

/** chain_protos[]: fallback names when /etc/protocols does not know them */
const CHAIN_PROTOS: readonly (readonly [string, number])[] = [
  ['hop-by-hop', 0], ['protocol', 255], ['hop', 0], ['dst', 60], ['route', 43], ['frag', 44], ['auth', 51],
  ['esp', 50], ['none', 59], ['prot', 255], ['0', 0], ['60', 60], ['43', 43], ['44', 44], ['51', 51], ['50', 50],
  ['59', 59], ['255', 255],
];
/** chain_flags[]: protocol → MASK_* bit, in print order */
const CHAIN_FLAGS: readonly (readonly [number, number])[] = [
  [0, 0x80], [60, 0x40], [43, 0x20], [44, 0x10], [51, 0x08], [50, 0x04], [59, 0x02], [255, 0x01],
];

interface Ipv6headerData {
  matchflags: number;
  invert?: boolean;
  soft?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as Ipv6headerData;

function nameToProto(s: string): number {
  const p = getProtoByName(s);
  if (p !== undefined) return p;
  const c = CHAIN_PROTOS.find(([n]) => n === s);
  if (!c) throw paramProblem(`unknown header \`${s}' specified`);
  return c[1];
}

function protoToName(proto: number): string {
  if (proto) {
    const n = getProtoByNumber(proto);
    if (n !== undefined) return n;
  }
  return CHAIN_PROTOS.find(([, v]) => v === proto)?.[0] ?? '(null)';
}

/** print_header() */
function headerText(flags: number): string {
  const names: string[] = [];
  for (const [proto, bit] of CHAIN_FLAGS) if (flags & bit) names.push(protoToName(proto));
  return names.length ? names.join(',') : 'NONE';
}

const ipv6header: ExtensionDef = {
  kind: 'match',
  name: 'ipv6header',
  revision: 0,
  family: 'ipv6',
  options: [
    { name: 'header', type: 'string', mand: true, invert: true },
    { name: 'soft', type: 'none' },
  ],
  init(data) {
    data.matchflags = 0;
  },
  parse(cb) {
    if (cb.opt.name === 'soft') {
      cb.data.soft = true;
      return;
    }
    let flags = 0;
    for (const word of (cb.arg ?? '').split(',').filter((w) => w !== '')) {
      const proto = nameToProto(word);
      const f = CHAIN_FLAGS.find(([p]) => p === proto);
      if (!f) throw paramProblem(`unknown header \`${proto}' specified`);
      flags |= f[1];
    }
    if (!flags) throw paramProblem('ip6t_ipv6header: cannot parse header names');
    cb.data.matchflags = flags;
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --header ${headerText(t.matchflags)}${t.soft ? ' --soft' : ''}`;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' ipv6header';
    if (t.matchflags || t.invert) {
      out += ` flags:${t.invert ? '!' : ''}`;
      out += ctx.numeric ? `0x${t.matchflags.toString(16).toUpperCase().padStart(2, '0')}` : headerText(t.matchflags);
    }
    if (t.soft) out += ' soft';
    return out;
  },
  match(_inst, env) {
    return env.undecided("ipv6header: the packet's IPv6 extension headers are not modelled");
  },
};

export default ipv6header;

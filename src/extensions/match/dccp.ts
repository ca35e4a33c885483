// -m dccp (libxt_dccp.c, x6 parser): [!] --sport/--dport port[:port], [!] --dccp-types list, [!] --dccp-option n.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef, OptionCall } from '../types.js';
import { protoRequired } from './icmp.js';
import { listPorts, portMatch, portWhy } from './tcp.js';
import { x6FinalCheck, x6Parse } from './udp.js';
import type { OptIds } from './udp.js';

const DCCP_TYPES = ['REQUEST', 'RESPONSE', 'DATA', 'ACK', 'DATAACK', 'CLOSEREQ', 'CLOSE', 'RESET', 'SYNC', 'SYNCACK', 'INVALID'];
const DCCP_PKT_INVALID = 10;
/** Bits for type values 11-15 */
const INVALID_OTHER_TYPE_MASK = 0xf800;

export interface DccpData {
  spts: [number, number];
  dpts: [number, number];
  /** flags: which parts were given */
  src?: boolean;
  dst?: boolean;
  types?: boolean;
  opt?: boolean;
  typemask: number;
  option: number;
  invSrc?: boolean;
  invDst?: boolean;
  invTypes?: boolean;
  invOption?: boolean;
}

const O_SOURCE_PORT = 0;
const O_DEST_PORT = 1;
const O_DCCP_TYPES = 2;
const O_DCCP_OPTION = 3;
const IDS: OptIds = {
  'source-port': O_SOURCE_PORT, sport: O_SOURCE_PORT, 'destination-port': O_DEST_PORT, dport: O_DEST_PORT,
  'dccp-types': O_DCCP_TYPES, 'dccp-option': O_DCCP_OPTION,
};

const d = (inst: ExtInstance) => inst.data as unknown as DccpData;

function parseTypes(s: string): number {
  let mask = 0;
  for (const word of s.split(',').filter((w) => w !== '')) {
    const i = DCCP_TYPES.findIndex((n) => n.toLowerCase() === word.toLowerCase());
    if (i < 0) throw paramProblem(`Unknown DCCP type \`${word}'`);
    mask |= 1 << i;
  }
  if (mask & (1 << DCCP_PKT_INVALID)) mask |= INVALID_OTHER_TYPE_MASK;
  return mask;
}

/** print_types() */
function typesText(types: number, inverted: boolean, numeric: boolean): string {
  let out = (inverted ? ' !' : '') + ' ';
  const names: string[] = [];
  while (types) {
    let i = 0;
    while (!(types & (1 << i))) i++;
    if (numeric) names.push(String(i));
    else {
      names.push(DCCP_TYPES[i]);
      if (i === DCCP_PKT_INVALID) break;
    }
    types &= ~(1 << i);
  }
  out += names.join(',');
  return out;
}

function parse(cb: OptionCall): void {
  const { id, val } = x6Parse(cb, IDS);
  const t = cb.data as unknown as DccpData;
  switch (id) {
    case O_SOURCE_PORT:
      if (val.t === 'portrange') t.spts = [val.v[0], val.v[1]];
      t.src = true;
      if (cb.invert) t.invSrc = true;
      break;
    case O_DEST_PORT:
      if (val.t === 'portrange') t.dpts = [val.v[0], val.v[1]];
      t.dst = true;
      if (cb.invert) t.invDst = true;
      break;
    case O_DCCP_TYPES:
      t.types = true;
      t.typemask = parseTypes(cb.arg ?? '');
      if (cb.invert) t.invTypes = true;
      break;
    case O_DCCP_OPTION:
      if (val.t === 'int') t.option = Number(val.v);
      t.opt = true;
      if (cb.invert) t.invOption = true;
      break;
  }
}

function savePortRange(opt: string, r: [number, number], inv: boolean | undefined): string {
  return `${inv ? ' !' : ''} --${opt} ${r[0] !== r[1] ? `${r[0]}:${r[1]}` : r[0]}`;
}

const dccp: ExtensionDef = {
  kind: 'match',
  name: 'dccp',
  revision: 0,
  rawOptions: true,
  options: [
    { name: 'source-port', type: 'portrc', invert: true },
    { name: 'sport', type: 'portrc', invert: true },
    { name: 'destination-port', type: 'portrc', invert: true },
    { name: 'dport', type: 'portrc', invert: true },
    { name: 'dccp-types', type: 'string', invert: true },
    { name: 'dccp-option', type: 'uint8', min: 1, max: 255, invert: true },
  ],
  init(data) {
    Object.assign(data, { spts: [0, 0], dpts: [0, 0], typemask: 0, option: 0 });
  },
  parse,
  finalCheck(fc) {
    x6FinalCheck(fc, IDS);
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.src) out += savePortRange('sport', t.spts, t.invSrc);
    if (t.dst) out += savePortRange('dport', t.dpts, t.invDst);
    if (t.types) out += `${t.invTypes ? ' !' : ''} --dccp-types` + typesText(t.typemask, false, false);
    if (t.opt) out += `${t.invOption ? ' !' : ''} --dccp-option ${t.option}`;
    return out;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' dccp';
    if (t.src) out += listPorts('spt', t.spts, !!t.invSrc, ctx.numeric, 'dccp');
    if (t.dst) out += listPorts('dpt', t.dpts, !!t.invDst, ctx.numeric, 'dccp');
    if (t.types) out += typesText(t.typemask, !!t.invTypes, ctx.numeric);
    if (t.opt && (t.option || t.invOption)) out += ` option=${t.invOption ? '!' : ''}${t.option}`;
    return out;
  },
  kernelRefuses(_inst, where) {
    return !protoRequired(where.rule, 33);
  },
  // dccp_mt(): false for a non-first fragment; DCCHECK(ports) && DCCHECK(types) && DCCHECK(option). The dccp packet
  // type and options are not modelled: when the ports do not already decide, those tests are Undecided.
  match(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (p.proto !== 33 || p.fragment) return false;
    if (t.src && !portMatch(t.spts, p.sport, t.invSrc)) return false;
    if (t.dst && !portMatch(t.dpts, p.dport, t.invDst)) return false;
    if (t.types || t.opt) return env.undecided('dccp --dccp-types/--dccp-option: the dccp header is not modelled');
    return true;
  },
  whyNot(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (p.proto !== 33) return `not dccp (proto ${p.proto})`;
    if (p.fragment) return 'non-first fragment: no dccp header';
    if (t.src && !portMatch(t.spts, p.sport, t.invSrc)) return portWhy('sport', t.spts, p.sport, t.invSrc);
    return portWhy('dport', t.dpts, p.dport, t.invDst);
  },
};

export default dccp;

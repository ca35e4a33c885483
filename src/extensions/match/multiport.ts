// -m multiport (libxt_multiport.c, revision 1 = struct xt_multiport_v1): [!] --sports/--dports/--ports list of
// ports and port ranges (up to 15 slots, a range takes two). Needs `-p tcp|udp|udplite|sctp|dccp` before the option.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { parsePort, portToName } from '../../values/ports.js';
import type { ExtensionDef, OptionCall } from '../types.js';
import { x6FinalCheck, x6Parse } from './udp.js';
import type { OptIds } from './udp.js';

const XT_MULTI_PORTS = 15;
const PROTOS: Record<number, string> = { 6: 'tcp', 17: 'udp', 136: 'udplite', 132: 'sctp', 33: 'dccp' };

export interface MultiportData {
  /** XT_MULTIPORT_SOURCE / DESTINATION / EITHER */
  flags: 'sports' | 'dports' | 'ports';
  /** the port slots as the kernel holds them */
  ports: number[];
  /** pflags[i]: slot i starts a range ending in slot i+1 */
  pflags: boolean[];
  invert?: boolean;
}

const O_SOURCE_PORTS = 0;
const O_DEST_PORTS = 1;
const O_SD_PORTS = 2;
const IDS: OptIds = {
  'source-ports': O_SOURCE_PORTS, sports: O_SOURCE_PORTS, 'destination-ports': O_DEST_PORTS, dports: O_DEST_PORTS, ports: O_SD_PORTS,
};
const ALL = ['source-ports', 'sports', 'destination-ports', 'dports', 'ports'];

const d = (inst: ExtInstance) => inst.data as unknown as MultiportData;

/** check_proto() on the -p seen so far */
function checkProto(cb: OptionCall): string {
  const p = cb.ctx.proto;
  if (p?.invert) throw paramProblem('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
  const name = p ? PROTOS[p.num] : undefined;
  if (name) return name;
  if (!p || p.num === 0) throw paramProblem("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  throw paramProblem('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
}

/** parse_multi_ports_v1() */
function parsePorts(s: string, proto: string): { ports: number[]; pflags: boolean[] } {
  const ports: number[] = [];
  const pflags: boolean[] = [];
  const items = s.split(',');
  let i = 0;
  let k = 0;
  for (; k < items.length && i < XT_MULTI_PORTS; k++, i++) {
    const cp = items[k];
    const colon = cp.indexOf(':');
    if (colon >= 0 && i === XT_MULTI_PORTS - 1) throw paramProblem('too many ports specified');
    const first = colon >= 0 ? cp.slice(0, colon) : cp;
    ports[i] = parsePort(first, proto);
    pflags[i] = false;
    if (colon >= 0) {
      pflags[i] = true;
      ports[++i] = parsePort(cp.slice(colon + 1), proto);
      pflags[i] = false;
      if (ports[i - 1] >= ports[i]) throw paramProblem('invalid portrange specified');
    }
  }
  if (k < items.length) throw paramProblem('too many ports specified');
  return { ports, pflags };
}

function parse(cb: OptionCall): void {
  const { id } = x6Parse(cb, IDS);
  const t = cb.data as unknown as MultiportData;
  const proto = checkProto(cb);
  const r = parsePorts(cb.arg ?? '', proto);
  t.ports = r.ports;
  t.pflags = r.pflags;
  t.flags = id === O_SOURCE_PORTS ? 'sports' : id === O_DEST_PORTS ? 'dports' : 'ports';
  if (cb.invert) t.invert = true;
}

function portsText(t: MultiportData, proto: string | undefined, numeric: boolean): string {
  let out = '';
  for (let i = 0; i < t.ports.length; i++) {
    out += (i ? ',' : '') + portToName(t.ports[i], proto, numeric);
    if (t.pflags[i]) out += ':' + portToName(t.ports[++i], proto, numeric);
  }
  return out;
}

/** the slot text ("80" or "1000:2000") of the first entry that matches, undefined when none does */
function portsHit(t: MultiportData, src: number, dst: number): string | undefined {
  const test = (lo: number, hi: number) =>
    t.flags === 'sports' ? src >= lo && src <= hi : t.flags === 'dports' ? dst >= lo && dst <= hi
      : (src >= lo && src <= hi) || (dst >= lo && dst <= hi);
  for (let i = 0; i < t.ports.length; i++) {
    if (t.pflags[i]) {
      const lo = t.ports[i];
      const hi = t.ports[++i];
      if (test(lo, hi)) return `${lo}:${hi}`;
    } else if (test(t.ports[i], t.ports[i])) {
      return `${t.ports[i]}`;
    }
  }
  return undefined;
}

const multiport: ExtensionDef = {
  kind: 'match',
  name: 'multiport',
  revision: 1,
  rawOptions: true,
  options: [
    { name: 'source-ports', type: 'string', invert: true, excl: ALL },
    { name: 'sports', type: 'string', invert: true, excl: ALL },
    { name: 'destination-ports', type: 'string', invert: true, excl: ALL },
    { name: 'dports', type: 'string', invert: true, excl: ALL },
    { name: 'ports', type: 'string', invert: true, excl: ALL },
  ],
  init(data) {
    Object.assign(data, { ports: [], pflags: [] });
  },
  parse,
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('multiport expection an option');
    x6FinalCheck(fc, IDS);
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --${t.flags} ` + portsText(t, undefined, true);
  },
  print(inst, ctx) {
    const t = d(inst);
    const proto = ctx.rule.proto ? PROTOS[ctx.rule.proto.num] : undefined;
    return ` multiport ${t.flags} ${t.invert ? ' !' : ''}` + portsText(t, proto, ctx.numeric);
  },
  // multiport_mt() (revision 1): false for a non-first fragment; ports_match_v1() walks the slots (a range takes
  // two) and returns true ^ invert at the first hit, invert when none hits.
  match(inst, env) {
    const p = env.pkt;
    if (p.fragment || PROTOS[p.proto] === undefined) return false;
    return portsHit(d(inst), p.sport, p.dport) !== undefined ? !d(inst).invert : !!d(inst).invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (PROTOS[p.proto] === undefined) return `proto ${p.proto} has no ports`;
    if (p.fragment) return 'non-first fragment: no ports';
    const what = t.flags === 'sports' ? `sport ${p.sport}` : t.flags === 'dports' ? `dport ${p.dport}` : `sport ${p.sport}/dport ${p.dport}`;
    const hit = portsHit(t, p.sport, p.dport);
    return hit !== undefined ? `${what} in ${hit} (inverted)` : `${what} not in ${portsText(t, undefined, true)}`;
  },
  kernelRefuses(_inst, where) {
    // multiport_mt_check(): proto must be tcp/udp/udplite/sctp/dccp without '!'
    const p = where.rule?.proto;
    return !p || p.invert || PROTOS[p.num] === undefined;
  },
};

export default multiport;

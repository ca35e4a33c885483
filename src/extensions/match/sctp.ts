// -m sctp (libxt_sctp.c, old-style parser): [!] --sport/--dport port[:port], [!] --chunk-types all|any|only chunks.
// Chunk flags are kept as libxt_sctp stores them: keyed by the chunk's *index* in the name table (a 1.8.9 quirk
// that makes flags of chunks whose index differs from their type, e.g. I_DATA:I, never print).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef, OptionCall } from '../types.js';
import { protoRequired } from './icmp.js';
import { listPorts, parsePortRange, portMatch, portWhy } from './tcp.js';
import { PROTO_SCTP } from '../../model/packet.js';

/** sctp_chunk_names[]: name, chunk type, valid flags (bit 7 first). */
const CHUNKS: readonly (readonly [string, number, string])[] = [
  ['DATA', 0, '----IUBE'], ['INIT', 1, '--------'], ['INIT_ACK', 2, '--------'], ['SACK', 3, '--------'],
  ['HEARTBEAT', 4, '--------'], ['HEARTBEAT_ACK', 5, '--------'], ['ABORT', 6, '-------T'], ['SHUTDOWN', 7, '--------'],
  ['SHUTDOWN_ACK', 8, '--------'], ['ERROR', 9, '--------'], ['COOKIE_ECHO', 10, '--------'], ['COOKIE_ACK', 11, '--------'],
  ['ECN_ECNE', 12, '--------'], ['ECN_CWR', 13, '--------'], ['SHUTDOWN_COMPLETE', 14, '-------T'], ['I_DATA', 64, '----IUBE'],
  ['RE_CONFIG', 130, '--------'], ['PAD', 132, '--------'], ['ASCONF', 193, '--------'], ['ASCONF_ACK', 128, '--------'],
  ['FORWARD_TSN', 192, '--------'], ['I_FORWARD_TSN', 194, '--------'],
];

const MATCH_TYPES = ['any', 'all', 'only'] as const;
const XT_NUM_SCTP_FLAGS = 4;

interface FlagInfo {
  chunktype: number;
  flag: number;
  mask: number;
}

export interface SctpData {
  spts?: [number, number];
  dpts?: [number, number];
  invSrc?: boolean;
  invDst?: boolean;
  /** --chunk-types given */
  chunkMatch?: (typeof MATCH_TYPES)[number];
  invChunks?: boolean;
  /** chunk types set in the 256-bit chunkmap, ascending; 'ALL' when every bit is set */
  chunks?: number[] | 'ALL';
  flags?: FlagInfo[];
}

const d = (inst: ExtInstance) => inst.data as unknown as SctpData;

function parseChunks(data: SctpData, list: string): void {
  data.flags = [];
  if (list.toLowerCase() === 'all') {
    data.chunks = 'ALL';
    return;
  }
  const set = new Set<number>();
  data.chunks = [];
  if (list.toLowerCase() === 'none') return;
  for (const word of list.split(',').filter((w) => w !== '')) {
    const colon = word.indexOf(':');
    const name = colon < 0 ? word : word.slice(0, colon);
    const flagText = colon < 0 ? undefined : word.slice(colon + 1);
    const i = CHUNKS.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (i < 0) throw paramProblem(`Unknown sctp chunk \`${name}'`);
    set.add(CHUNKS[i][1]);
    if (flagText === undefined) continue;
    for (const ch of flagText) {
      const pos = CHUNKS[i][2].indexOf(ch.toUpperCase());
      // strchr(valid_flags, toupper(c)): '-' is found too (bit 7 for DATA) and becomes an "unset" flag bit
      if (pos < 0) throw paramProblem(`Invalid flags for chunk type ${i}`);
      const bit = 7 - pos;
      const isSet = ch >= 'A' && ch <= 'Z';
      let fi = data.flags.find((f) => f.chunktype === i);
      if (!fi) {
        if (data.flags.length === XT_NUM_SCTP_FLAGS) {
          throw paramProblem('Number of chunk types with flags exceeds currently allowed limit. Increasing this limit involves changing IPT_NUM_SCTP_FLAGS and recompiling both the kernel space and user space modules');
        }
        fi = { chunktype: i, flag: 0, mask: 0 };
        data.flags.push(fi);
      }
      fi.mask |= 1 << bit;
      if (isSet) fi.flag |= 1 << bit;
    }
  }
  data.chunks = [...set].sort((a, b) => a - b);
}

function parse(cb: OptionCall): void {
  const data = cb.data as unknown as SctpData;
  const arg = cb.arg ?? '';
  const seen = cb.seen;
  switch (cb.opt.name) {
    case 'source-port': case 'sport':
      if (seen.has('source-port') || seen.has('sport')) throw paramProblem("Only one `--source-port' allowed");
      data.spts = parsePortRange(arg, 'sctp');
      if (cb.invert) data.invSrc = true;
      break;
    case 'destination-port': case 'dport':
      if (seen.has('destination-port') || seen.has('dport')) throw paramProblem("Only one `--destination-port' allowed");
      data.dpts = parsePortRange(arg, 'sctp');
      if (cb.invert) data.invDst = true;
      break;
    case 'chunk-types': {
      if (seen.has('chunk-types')) throw paramProblem("Only one `--chunk-types' allowed");
      const next = cb.peekArg();
      if (next === undefined || next[0] === '-' || next[0] === '!') throw paramProblem('--chunk-types requires two args');
      const mt = MATCH_TYPES.find((m) => m === arg.toLowerCase());
      if (!mt) throw paramProblem('Match type has to be one of "ALL", "ANY" or "ONLY"');
      data.chunkMatch = mt;
      parseChunks(data, next);
      if (cb.invert) data.invChunks = true;
      cb.consumeArg();
      break;
    }
  }
}

/** print_chunks(): " any|all|only", then " NONE", " ALL" or " c1,c2" with ":flags" per chunk. */
function chunksText(t: SctpData, numeric: boolean): string {
  let out = ` ${t.chunkMatch}`;
  const chunks = t.chunks ?? [];
  if (chunks === 'ALL') return out + ' ALL';
  if (chunks.length === 0) return out + ' NONE';
  out += ' ';
  out += chunks
    .map((c) => {
      let s = numeric ? `0x${c.toString(16).toUpperCase().padStart(4, '0')}` : CHUNKS.filter(([, type]) => type === c).map(([n]) => n).join('');
      for (const f of t.flags ?? []) {
        if (f.chunktype !== c) continue;
        if (f.mask) s += ':';
        const valid = CHUNKS[c][2];
        for (let i = 7; i >= 0; i--) {
          if (!(f.mask & (1 << i))) continue;
          s += f.flag & (1 << i) ? valid[7 - i] : valid[7 - i].toLowerCase();
        }
      }
      return s;
    })
    .join(',');
  return out;
}

function savePortRange(opt: string, r: [number, number] | undefined, inv: boolean | undefined): string {
  if (!r) return '';
  return `${inv ? ' !' : ''} --${opt} ${r[0] !== r[1] ? `${r[0]}:${r[1]}` : r[0]}`;
}

const sctp: ExtensionDef = {
  kind: 'match',
  name: 'sctp',
  revision: 0,
  rawOptions: true,
  options: [
    { name: 'source-port', type: 'string', multi: true },
    { name: 'sport', type: 'string', multi: true },
    { name: 'destination-port', type: 'string', multi: true },
    { name: 'dport', type: 'string', multi: true },
    { name: 'chunk-types', type: 'string', multi: true },
  ],
  parse,
  save(inst) {
    const t = d(inst);
    let out = savePortRange('sport', t.spts, t.invSrc) + savePortRange('dport', t.dpts, t.invDst);
    if (t.chunkMatch) out += `${t.invChunks ? ' !' : ''} --chunk-types` + chunksText(t, false);
    return out;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' sctp';
    if (t.spts) out += listPorts('spt', t.spts, !!t.invSrc, ctx.numeric, 'sctp');
    if (t.dpts) out += listPorts('dpt', t.dpts, !!t.invDst, ctx.numeric, 'sctp');
    if (t.chunkMatch) out += (t.invChunks ? ' !' : '') + chunksText(t, ctx.numeric);
    return out;
  },
  kernelRefuses(_inst, where) {
    return !protoRequired(where.rule, 132);
  },
  // sctp_mt(): false for a non-first fragment; SCCHECK(ports) && SCCHECK(chunks), each part inverted on its own.
  // The chunks of a packet are not modelled: a chunk test that the ports do not already decide is Undecided.
  match(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (p.proto !== PROTO_SCTP || p.fragment) return false;
    if (t.spts && !portMatch(t.spts, p.sport, t.invSrc)) return false;
    if (t.dpts && !portMatch(t.dpts, p.dport, t.invDst)) return false;
    if (t.chunkMatch) return env.undecided('sctp --chunk-types: the packet\'s sctp chunks are not modelled');
    return true;
  },
  whyNot(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (p.proto !== PROTO_SCTP) return `not sctp (proto ${p.proto})`;
    if (p.fragment) return 'non-first fragment: no sctp header';
    if (t.spts && !portMatch(t.spts, p.sport, t.invSrc)) return portWhy('sport', t.spts, p.sport, t.invSrc);
    return t.dpts ? portWhy('dport', t.dpts, p.dport, t.invDst) : 'sctp';
  },
};

export default sctp;

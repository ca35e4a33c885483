// -m connbytes (libxt_connbytes.c, revision 0 = struct xt_connbytes_info): [!] --connbytes from[:to],
// --connbytes-dir original|reply|both, --connbytes-mode packets|bytes|avgpkt. "!" is kept by swapping from/to.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';
import type { PacketEnv } from '../types.js';
import { ctOf } from '../match-semantics.js';

const U64_MAX = (1n << 64n) - 1n;
const MODES = ['packets', 'bytes', 'avgpkt'];
const DIRS = ['original', 'reply', 'both'];

interface ConnbytesData {
  from: bigint;
  to: bigint;
  what: number;
  direction: number;
}

function fromTo(c: ConnbytesData, prefix: string): string {
  let from = c.from;
  let to = c.to;
  let out = '';
  if (c.from > c.to) {
    out = ' !';
    from = c.to;
    to = c.from;
  }
  out += ` ${prefix}connbytes ${from}`;
  if (to && to < U64_MAX) out += `:${to}`;
  return out;
}

function connbytesValue(c: ConnbytesData, env: PacketEnv): bigint | undefined {
  const ct = ctOf(env);
  if (!ct) return undefined;
  const pick = (orig: number, reply: number) => BigInt(c.direction === 0 ? orig : c.direction === 1 ? reply : orig + reply);
  if (c.what === 0) return pick(ct.pktsOrig, ct.pktsReply);
  if (c.what === 1) return pick(ct.bytesOrig, ct.bytesReply);
  const pkts = pick(ct.pktsOrig, ct.pktsReply);
  return pkts === 0n ? 0n : pick(ct.bytesOrig, ct.bytesReply) / pkts;
}

const connbytes: ExtensionDef = {
  kind: 'match',
  name: 'connbytes',
  revision: 0,
  options: [
    { name: 'connbytes', type: 'uint64rc', mand: true, invert: true },
    { name: 'connbytes-dir', type: 'string', mand: true },
    { name: 'connbytes-mode', type: 'string', mand: true },
  ],
  init(data) {
    Object.assign(data, { from: 0n, to: 0n, what: 0, direction: 0 });
  },
  parse(cb) {
    const c = cb.data as unknown as ConnbytesData;
    switch (cb.opt.name) {
      case 'connbytes': {
        if (cb.val.t !== 'range') return;
        c.from = cb.val.v[0];
        c.to = cb.val.v.length === 2 ? cb.val.v[1] : U64_MAX;
        if (c.to < c.from) throw paramProblem(`${c.from} should be less than ${c.to}`);
        if (cb.invert) [c.from, c.to] = [c.to, c.from];
        break;
      }
      case 'connbytes-dir': {
        const i = DIRS.indexOf(cb.arg ?? '');
        if (i < 0) throw paramProblem(`Unknown --connbytes-dir \`${cb.arg}'`);
        c.direction = i;
        break;
      }
      case 'connbytes-mode': {
        const i = MODES.indexOf(cb.arg ?? '');
        if (i < 0) throw paramProblem(`Unknown --connbytes-mode \`${cb.arg}'`);
        c.what = i;
        break;
      }
    }
  },
  save(inst) {
    const c = inst.data as unknown as ConnbytesData;
    return `${fromTo(c, '--')} --connbytes-mode ${MODES[c.what] ?? 'unknown'} --connbytes-dir ${DIRS[c.direction] ?? 'unknown'}`;
  },
  print(inst) {
    const c = inst.data as unknown as ConnbytesData;
    return `${fromTo(c, '')} connbytes mode ${MODES[c.what] ?? 'unknown'} connbytes direction ${DIRS[c.direction] ?? 'unknown'}`;
  },
  // connbytes_mt(): no conntrack entry → false; the connection's packet/byte counters (as conntrack counted them,
  // this packet included) in the chosen direction, or their average; from > to (the "!" form) inverts the range
  match(inst, env) {
    const v = connbytesValue(inst.data as unknown as ConnbytesData, env);
    if (v === undefined) return false;
    const c = inst.data as unknown as ConnbytesData;
    if (c.to >= c.from) return v <= c.to && v >= c.from;
    return v < c.to || v > c.from;
  },
  whyNot(inst, env) {
    const c = inst.data as unknown as ConnbytesData;
    const v = connbytesValue(c, env);
    if (v === undefined) return `no conntrack entry (${env.ctState}): connbytes never matches`;
    return `connbytes ${MODES[c.what]} ${DIRS[c.direction]} = ${v},${fromTo(c, '')}`.replace(' connbytes ', ' wants ');
  },
};

export default connbytes;

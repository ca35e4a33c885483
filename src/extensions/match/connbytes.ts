// -m connbytes (libxt_connbytes.c, revision 0 = struct xt_connbytes_info): [!] --connbytes from[:to],
// --connbytes-dir original|reply|both, --connbytes-mode packets|bytes|avgpkt. "!" is kept by swapping from/to.
import { paramProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';

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
};

export default connbytes;

// -m ttl (libipt_ttl.c), IPv4 only: [!] --ttl-eq n (alias --ttl, which shares ttl-eq's id and so its invert flag),
// --ttl-lt n, --ttl-gt n; one of them, exactly once.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { x6FinalCheck, x6Parse } from './udp.js';
import type { OptIds } from './udp.js';

/** IPT_TTL_EQ, IPT_TTL_NE, IPT_TTL_LT, IPT_TTL_GT */
export type CmpMode = 'eq' | 'ne' | 'lt' | 'gt';
export interface CmpData {
  mode: CmpMode;
  value: number;
}

const O_EQ = 0;
const O_LT = 1;
const O_GT = 2;

/** Shared by ttl and hl: option table (lt, gt, eq, alias) as data, parse, and fcheck. */
export function cmpMatch(name: 'ttl' | 'hl', family: 'ipv4' | 'ipv6', check: string, printWord: string): ExtensionDef {
  const ids: OptIds = { [`${name}-lt`]: O_LT, [`${name}-gt`]: O_GT, [`${name}-eq`]: O_EQ, [name]: O_EQ };
  const all = Object.keys(ids);
  const ops: Record<CmpMode, string> = { eq: '==', ne: '!=', lt: '<', gt: '>' };
  const d = (inst: ExtInstance) => inst.data as unknown as CmpData;
  return {
    kind: 'match',
    name,
    revision: 0,
    family,
    rawOptions: true,
    options: [
      { name: `${name}-lt`, type: 'uint8', excl: all },
      { name: `${name}-gt`, type: 'uint8', excl: all },
      { name: `${name}-eq`, type: 'uint8', invert: true, excl: all },
      { name, type: 'uint8', excl: all },
    ],
    init(data) {
      Object.assign(data, { mode: 'eq', value: 0 });
    },
    parse(cb) {
      const { id, val } = x6Parse(cb, ids);
      if (val.t === 'int') cb.data.value = Number(val.v);
      cb.data.mode = id === O_EQ ? (cb.invert ? 'ne' : 'eq') : id === O_LT ? 'lt' : 'gt';
    },
    finalCheck(fc) {
      if (fc.seen.size === 0) throw paramProblem(check);
      x6FinalCheck(fc, ids);
    },
    save(inst) {
      const t = d(inst);
      const opt = t.mode === 'ne' ? `! --${name}-eq` : `--${name}-${t.mode}`;
      return ` ${opt} ${t.value}`;
    },
    print(inst) {
      const t = d(inst);
      return ` ${printWord} match ${printWord} ${ops[t.mode]} ${t.value}`;
    },
    // ttl_mt() / hl_mt6(): the IPv4 TTL or the IPv6 hop limit compared with eq, ne, lt or gt
    match(inst, env) {
      const t = d(inst);
      const v = env.pkt.ttl;
      return t.mode === 'eq' ? v === t.value : t.mode === 'ne' ? v !== t.value : t.mode === 'lt' ? v < t.value : v > t.value;
    },
    whyNot(inst, env) {
      const t = d(inst);
      return `${name === 'ttl' ? 'ttl' : 'hop limit'} ${env.pkt.ttl} is not ${ops[t.mode]} ${t.value}`;
    },
  };
}

const ttl = cmpMatch('ttl', 'ipv4', "TTL match: You must specify one of `--ttl-eq', `--ttl-lt', `--ttl-gt", 'TTL');

export default ttl;

// -j SET (libxt_SET.c, revision 3, old-style parser): --add-set/--del-set/--map-set NAME DIRS, --exist, --timeout,
// --map-mark/--map-prio/--map-queue. Set names are checked against nfsim's ipset registry (match/set.ts).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoui } from '../../values/numbers.js';
import type { ExtensionDef, IpSetView, OptionCall } from '../types.js';
import { isUndecided } from '../types.js';
import { cont } from '../target-semantics.js';
import { IPSET_MAXNAMELEN, dirsText, getSetByName, parseDirs } from '../match/set.js';

interface SetRef { name: string; dim: number; flags: number }
interface SetTgData {
  add?: SetRef;
  del?: SetRef;
  map?: SetRef;
  exist: boolean;
  /** UINT32_MAX = not set */
  timeout: number;
  mapMark: boolean;
  mapPrio: boolean;
  mapQueue: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as SetTgData;
const NO_TIMEOUT = 0xffffffff;
const KEYS = { 'add-set': 'add', 'del-set': 'del', 'map-set': 'map' } as const;

/** parse_target() */
function parseTarget(cb: OptionCall, what: 'add-set' | 'del-set' | 'map-set'): void {
  const t = cb.data as unknown as SetTgData;
  const key = KEYS[what];
  if (t[key]?.dim) throw paramProblem(`--${what} can be specified only once`);
  const next = cb.peekArg();
  if (next === undefined || next[0] === '-' || next[0] === '!') throw paramProblem(`--${what} requires two args.`);
  const name = cb.arg ?? '';
  if (Buffer.byteLength(name) > IPSET_MAXNAMELEN - 1) throw paramProblem(`setname \`${name}' too long, max ${IPSET_MAXNAMELEN - 1} characters.`);
  getSetByName(name, cb.ctx.family);
  const { dim, flags } = parseDirs(next);
  t[key] = { name, dim, flags };
  cb.consumeArg();
}

function printRef(pfx: string, r: SetRef | undefined): string {
  return r ? ` ${pfx} ${r.name}${dirsText(r.dim, r.flags)}` : '';
}

function render(t: SetTgData, p: string): string {
  let out = printRef(`${p}add-set`, t.add);
  if (t.exist) out += ` ${p}exist`;
  if (t.timeout !== NO_TIMEOUT) out += ` ${p}timeout ${t.timeout}`;
  out += printRef(`${p}del-set`, t.del);
  out += printRef(`${p}map-set`, t.map);
  if (t.mapMark) out += ` ${p}map-mark`;
  if (t.mapPrio) out += ` ${p}map-prio`;
  if (t.mapQueue) out += ` ${p}map-queue`;
  return out;
}

/** the src/dst list of a reference (bit i of flags = dimension i is src) */
function dirsOf(r: SetRef): ('src' | 'dst')[] {
  const out: ('src' | 'dst')[] = [];
  for (let i = 1; i <= r.dim; i++) out.push(r.flags & (1 << i) ? 'src' : 'dst');
  return out;
}

const SET: ExtensionDef = {
  kind: 'target',
  name: 'SET',
  revision: 3,
  rawOptions: true,
  options: [
    { name: 'add-set', type: 'string' },
    { name: 'del-set', type: 'string' },
    { name: 'exist', type: 'none' },
    { name: 'timeout', type: 'string' },
    { name: 'map-set', type: 'string' },
    { name: 'map-mark', type: 'none' },
    { name: 'map-prio', type: 'none' },
    { name: 'map-queue', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { exist: false, timeout: NO_TIMEOUT, mapMark: false, mapPrio: false, mapQueue: false });
  },
  parse(cb) {
    const t = cb.data as unknown as SetTgData;
    switch (cb.opt.name) {
      case 'add-set': case 'del-set': case 'map-set': parseTarget(cb, cb.opt.name); break;
      case 'exist': t.exist = true; break;
      case 'timeout': {
        const v = xtStrtoui(cb.arg ?? '', 0, 0xfffffffe);
        if (v === undefined) throw paramProblem(`Invalid value for option --timeout or out of range 0-${0xfffffffe}`);
        t.timeout = v;
        break;
      }
      case 'map-mark': t.mapMark = true; break;
      case 'map-prio': t.mapPrio = true; break;
      case 'map-queue': t.mapQueue = true; break;
    }
  },
  finalCheck(fc) {
    const s = fc.seen;
    if (!s.has('add-set') && !s.has('del-set') && !s.has('map-set')) throw paramProblem("You must specify either `--add-set' or `--del-set' or `--map-set'");
    if (!s.has('add-set')) {
      if (s.has('exist')) throw paramProblem("Flag `--exist' can be used with `--add-set' only");
      if (s.has('timeout')) throw paramProblem("Option `--timeout' can be used with `--add-set' only");
    }
    if (!s.has('map-set')) {
      if (s.has('map-mark')) throw paramProblem("Flag `--map-mark' can be used with `--map-set' only");
      if (s.has('map-prio')) throw paramProblem("Flag `--map-prio' can be used with `--map-set' only");
      if (s.has('map-queue')) throw paramProblem("Flag `--map-queue' can be used with `--map-set' only");
    }
    if (s.has('map-set') && !s.has('map-mark') && !s.has('map-prio') && !s.has('map-queue')) {
      throw paramProblem("You must specify flags `--map-mark' or '--map-prio` or `--map-queue'");
    }
  },
  /**
   * set_target_v3_checkentry: --map-set with map flags only in mangle; prio/queue mapping only from
   * FORWARD/OUTPUT/POSTROUTING.
   */
  kernelRefuses(inst, where) {
    const t = d(inst);
    if (!t.map) return false;
    if ((t.mapMark || t.mapPrio || t.mapQueue) && where.table !== 'mangle') return true;
    if ((t.mapPrio || t.mapQueue) && where.hooks && [...where.hooks].some((h) => !['FORWARD', 'OUTPUT', 'POSTROUTING'].includes(h))) return true;
    return false;
  },
  save: (inst) => render(d(inst), '--'),
  print: (inst) => render(d(inst), ''),
  /**
   * set_target_v3(): add the element built from the packet to --add-set, delete it from --del-set (errors such as
   * "already added" are ignored), then for --map-set look the element up and, when found, copy its skbinfo
   * (mark/prio/queue) to the packet. Always XT_CONTINUE.
   */
  apply(inst, env) {
    const t = d(inst);
    const views: [SetRef, IpSetView | undefined][] = [t.add, t.del, t.map].filter((r): r is SetRef => !!r).map((r) => [r, env.ipset(r.name)]);
    const missing = views.find(([, v]) => !v);
    if (missing) return env.undecided(`SET: ipset ${missing[0].name} is not in the session`);
    const notes: string[] = [];
    if (t.add) {
      const v = env.ipset(t.add.name)!;
      if (!v.add) return env.undecided(`SET: adding to ipset ${t.add.name} (type ${v.type}) is not emulated`);
      v.add(env.pkt, dirsOf(t.add));
      notes.push(`added to ${t.add.name}` + (t.timeout !== NO_TIMEOUT ? ` (timeout ${t.timeout}s${t.exist ? ', refreshed if present' : ''})` : t.exist ? ' (--exist)' : ''));
    }
    if (t.del) {
      const v = env.ipset(t.del.name)!;
      if (!v.del) return env.undecided(`SET: deleting from ipset ${t.del.name} (type ${v.type}) is not emulated`);
      v.del(env.pkt, dirsOf(t.del));
      notes.push(`deleted from ${t.del.name}`);
    }
    if (t.map) {
      const hit = env.ipset(t.map.name)!.test(env.pkt, dirsOf(t.map));
      if (isUndecided(hit)) return hit;
      if (!hit) notes.push(`not in ${t.map.name}: nothing mapped`);
      else return env.undecided(`SET --map-set ${t.map.name}: the element's skbmark/skbprio/skbqueue are not modelled`);
    }
    return cont(notes.join('; '));
  },
};

export default SET;

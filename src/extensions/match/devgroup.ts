// -m devgroup (libxt_devgroup.c): [!] --src-group value[/mask], [!] --dst-group value[/mask]; names come from
// /etc/iproute2/group (Debian's file maps only 0 = "default"). Saved with names, listed numerically with -n.
// Kernel: --src-group only from PREROUTING/INPUT/FORWARD, --dst-group only from FORWARD/OUTPUT/POSTROUTING.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef, OptionCall } from '../types.js';

/** xtables_lmap of /etc/iproute2/group */
const DEVGROUPS: readonly (readonly [number, string])[] = [[0, 'default']];

interface Group {
  value: number;
  mask: number;
  invert?: boolean;
}
interface DevgroupData {
  src?: Group;
  dst?: Group;
}

const d = (inst: ExtInstance) => inst.data as unknown as DevgroupData;

/** xtables_parse_val_mask() with a name map */
function parseValMask(cb: OptionCall): { value: number; mask: number } {
  const arg = cb.arg ?? '';
  const ext = cb.ext.name;
  const opt = cb.opt.name;
  const byName = () => {
    const g = DEVGROUPS.find(([, n]) => n === arg);
    if (!g) throw paramProblem(`${ext}: could not map name ${arg} to an integer value for option "--${opt}".\n`);
    return { value: g[0], mask: 0xffffffff };
  };
  const v = xtStrtoulPrefix(arg, 0n, 0xffffffffn);
  if (!v) return byName();
  if (v.end === arg.length) return { value: Number(v.value), mask: 0xffffffff };
  if (arg[v.end] !== '/') return byName();
  const m = xtStrtoulPrefix(arg, 0n, 0xffffffffn, 0, v.end + 1);
  if (!m) throw paramProblem(`${ext}: bad integer value for option "--${opt}", or out of range.\n`);
  if (m.end !== arg.length) throw paramProblem(`${ext}: trailing garbage after value for option "--${opt}".\n`);
  return { value: Number(v.value), mask: Number(m.value) };
}

/** xtables_print_val_mask() */
function valMaskText(g: Group, names: boolean): string {
  if (g.mask !== 0xffffffff) return ` 0x${g.value.toString(16)}/0x${g.mask.toString(16)}`;
  if (names) {
    const n = DEVGROUPS.find(([v]) => v === g.value);
    if (n) return ` ${n[1]}`;
  }
  return ` 0x${g.value.toString(16)}`;
}

function show(t: DevgroupData, pfx: string, names: boolean): string {
  let out = '';
  if (t.src) out += `${t.src.invert ? ' !' : ''} ${pfx}src-group` + valMaskText(t.src, names);
  if (t.dst) out += `${t.dst.invert ? ' !' : ''} ${pfx}dst-group` + valMaskText(t.dst, names);
  return out;
}

const SRC_HOOKS = ['PREROUTING', 'INPUT', 'FORWARD'];
const DST_HOOKS = ['FORWARD', 'OUTPUT', 'POSTROUTING'];

const devgroup: ExtensionDef = {
  kind: 'match',
  name: 'devgroup',
  revision: 0,
  options: [
    { name: 'src-group', type: 'string', invert: true },
    { name: 'dst-group', type: 'string', invert: true },
  ],
  parse(cb) {
    const g: Group = parseValMask(cb);
    if (cb.invert) g.invert = true;
    if (cb.opt.name === 'src-group') cb.data.src = g;
    else cb.data.dst = g;
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem("devgroup match: You must specify either '--src-group' or '--dst-group'");
  },
  save(inst) {
    return show(d(inst), '--', true);
  },
  print(inst, ctx) {
    return show(d(inst), '', !ctx.numeric);
  },
  kernelRefuses(inst, where) {
    const t = d(inst);
    const hooks = where.hooks ? [...where.hooks] : [];
    if (t.src && hooks.some((h) => !SRC_HOOKS.includes(h))) return true;
    if (t.dst && hooks.some((h) => !DST_HOOKS.includes(h))) return true;
    return false;
  },
  match(_inst, env) {
    return env.undecided('devgroup: interface groups are not modelled in the host');
  },
};

export default devgroup;

// -m realm (libipt_realm.c, IPv4 only, revision 0 = struct xt_realm_info): [!] --realm value[/mask] or a name from
// /etc/iproute2/rt_realms (the Debian default file maps only 0 = cosmos), printed back by name when the mask is full.
import { paramProblem } from '../../diag/errors.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';

/** /etc/iproute2/rt_realms as shipped (everything else is commented out) */
const REALMS: ReadonlyMap<string, number> = new Map([['cosmos', 0]]);

interface RealmData {
  id: number;
  mask: number;
  invert: boolean;
}

const idToName = (id: number): string | undefined => [...REALMS].find(([, v]) => v === id)?.[0];

/** xtables_parse_val_mask() with the realms lmap */
function parseValMask(arg: string): { id: number; mask: number } {
  const bad = () => paramProblem('realm: bad integer value for option "--realm", or out of range.\n');
  const byName = () => {
    const v = REALMS.get(arg);
    if (v === undefined) throw paramProblem(`realm: could not map name ${arg} to an integer value for option "--realm".\n`);
    return { id: v, mask: 0xffffffff };
  };
  const r = xtStrtoulPrefix(arg, 0n, 0xffffffffn);
  if (r === undefined) return byName();
  if (r.end === arg.length) return { id: Number(r.value), mask: 0xffffffff };
  if (arg[r.end] !== '/') return byName();
  const m = xtStrtoulPrefix(arg, 0n, 0xffffffffn, 0, r.end + 1);
  if (m === undefined) throw bad();
  if (m.end !== arg.length) throw paramProblem('realm: trailing garbage after value for option "--realm".\n');
  return { id: Number(r.value), mask: Number(m.value) };
}

function valMaskText(id: number, mask: number, names: boolean): string {
  if (mask !== 0xffffffff) return ` 0x${id.toString(16)}/0x${mask.toString(16)}`;
  const n = names ? idToName(id) : undefined;
  return n !== undefined ? ` ${n}` : ` 0x${id.toString(16)}`;
}

const realm: ExtensionDef = {
  kind: 'match',
  name: 'realm',
  revision: 0,
  family: 'ipv4',
  options: [{ name: 'realm', type: 'string', mand: true, invert: true }],
  // xt_realm: LOCAL_IN, FORWARD, LOCAL_OUT, POST_ROUTING
  hooks: ['INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  init(data) {
    Object.assign(data, { id: 0, mask: 0xffffffff, invert: false });
  },
  parse(cb) {
    const r = parseValMask(cb.arg ?? '');
    Object.assign(cb.data, { id: r.id, mask: r.mask, invert: cb.invert });
  },
  save(inst) {
    const r = inst.data as unknown as RealmData;
    return `${r.invert ? ' !' : ''} --realm${valMaskText(r.id, r.mask, true)}`;
  },
  print(inst, ctx) {
    const r = inst.data as unknown as RealmData;
    return `${r.invert ? ' !' : ''} realm${valMaskText(r.id, r.mask, !ctx.numeric)}`;
  },
  match(_inst, env) {
    return env.undecided('realm: routing realms (tclassid) are not modelled in the host routes');
  },
};

export default realm;

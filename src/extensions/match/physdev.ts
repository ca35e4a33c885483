// -m physdev (libxt_physdev.c, x6 parser): bridge port in/out names and is-in/is-out/is-bridged flags.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

/** XT_PHYSDEV_OP_* */
const OP_IN = 1, OP_OUT = 2, OP_BRIDGED = 4, OP_ISIN = 8, OP_ISOUT = 16;

interface PhysdevData {
  physindev: string;
  physoutdev: string;
  bitmask: number;
  invert: number;
}
const d = (inst: ExtInstance) => inst.data as unknown as PhysdevData;

/** xtables_parse_interface() length check (the name is kept as given; "+" wildcard included). */
function parseIface(arg: string): string {
  if (Buffer.byteLength(arg) + 1 > 16) throw paramProblem(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
  return arg;
}

function render(t: PhysdevData): string {
  const inv = (bit: number) => (t.invert & bit ? ' !' : '');
  let out = '';
  if (t.bitmask & OP_ISIN) out += `${inv(OP_ISIN)} --physdev-is-in`;
  if (t.bitmask & OP_IN) out += `${inv(OP_IN)} --physdev-in ${t.physindev}`;
  if (t.bitmask & OP_ISOUT) out += `${inv(OP_ISOUT)} --physdev-is-out`;
  if (t.bitmask & OP_OUT) out += `${inv(OP_OUT)} --physdev-out ${t.physoutdev}`;
  if (t.bitmask & OP_BRIDGED) out += `${inv(OP_BRIDGED)} --physdev-is-bridged`;
  return out;
}

function physdevWhy(t: PhysdevData): string | undefined {
  const names: [number, string][] = [
    [OP_BRIDGED, '--physdev-is-bridged'], [OP_ISIN, '--physdev-is-in'], [OP_ISOUT, '--physdev-is-out'],
    [OP_IN, `--physdev-in ${t.physindev}`], [OP_OUT, `--physdev-out ${t.physoutdev}`],
  ];
  for (const [bit, name] of names) {
    if (t.bitmask & bit && !(t.invert & bit)) return `not a bridged packet (no bridge port info): ${name} does not hold`;
  }
  return undefined;
}

const physdev: ExtensionDef = {
  kind: 'match',
  name: 'physdev',
  revision: 0,
  options: [
    { name: 'physdev-in', type: 'string', invert: true },
    { name: 'physdev-out', type: 'string', invert: true },
    { name: 'physdev-is-in', type: 'none', invert: true },
    { name: 'physdev-is-out', type: 'none', invert: true },
    { name: 'physdev-is-bridged', type: 'none', invert: true },
  ],
  init(data) {
    Object.assign(data, { physindev: '', physoutdev: '', bitmask: 0, invert: 0 });
  },
  parse(cb) {
    const t = cb.data as unknown as PhysdevData;
    let bit = 0;
    switch (cb.opt.name) {
      case 'physdev-in': t.physindev = parseIface(cb.arg ?? ''); bit = OP_IN; break;
      case 'physdev-out': t.physoutdev = parseIface(cb.arg ?? ''); bit = OP_OUT; break;
      case 'physdev-is-in': bit = OP_ISIN; break;
      case 'physdev-is-out': bit = OP_ISOUT; break;
      case 'physdev-is-bridged': bit = OP_BRIDGED; break;
    }
    t.bitmask |= bit;
    if (cb.invert) t.invert |= bit;
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('PHYSDEV: no physdev option specified');
  },
  save(inst) {
    return render(d(inst));
  },
  print(inst) {
    return ' PHYSDEV match' + render(d(inst));
  },
  // physdev_mt_check(): --physdev-out/--physdev-is-out without (non-inverted) --physdev-is-bridged is refused in OUTPUT.
  // where.hooks = the hook mask checkentry sees: nft passes only a base chain's own hook (none for user chains),
  // legacy every hook the chain is reachable from (captured in test/extensions/golden-extra/time-u32-policy-edges).
  kernelRefuses(inst, where) {
    const t = d(inst);
    return (t.bitmask & (OP_OUT | OP_ISOUT)) !== 0 &&
      (!(t.bitmask & OP_BRIDGED) || (t.invert & OP_BRIDGED) !== 0) &&
      (where.hooks?.has('OUTPUT') ?? false);
  },
  // physdev_mt(): a packet without bridge netfilter info (the host model has no br_netfilter path) matches only
  // when every option given is inverted
  match(inst) {
    return physdevWhy(d(inst)) === undefined;
  },
  whyNot(inst) {
    return physdevWhy(d(inst)) ?? 'physdev';
  },
};

export default physdev;

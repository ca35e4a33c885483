// -m dscp (libxt_dscp.c + dscp_helper.c, x6 parser): --dscp value (0-63) or --dscp-class BE/EF/AFxx/CSx.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

/** ds_classes[] of dscp_helper.c, in its order (lookup is a case-insensitive prefix match of the class name) */
export const DS_CLASSES: readonly [string, number][] = [
  ['CS0', 0x00], ['CS1', 0x08], ['CS2', 0x10], ['CS3', 0x18], ['CS4', 0x20], ['CS5', 0x28], ['CS6', 0x30], ['CS7', 0x38],
  ['BE', 0x00], ['AF11', 0x0a], ['AF12', 0x0c], ['AF13', 0x0e], ['AF21', 0x12], ['AF22', 0x14], ['AF23', 0x16],
  ['AF31', 0x1a], ['AF32', 0x1c], ['AF33', 0x1e], ['AF41', 0x22], ['AF42', 0x24], ['AF43', 0x26], ['EF', 0x2e],
];

/** class_to_dscp(): strncasecmp(name, class, strlen(class)) */
export function classToDscp(name: string): number {
  const lower = name.toLowerCase();
  for (const [cls, v] of DS_CLASSES) if (lower.startsWith(cls.toLowerCase())) return v;
  throw paramProblem(`Invalid DSCP value \`${name}'`);
}

interface DscpData {
  dscp: number;
  invert: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as DscpData;
const hex2 = (n: number) => '0x' + n.toString(16).padStart(2, '0');

const dscp: ExtensionDef = {
  kind: 'match',
  name: 'dscp',
  revision: 0,
  options: [
    { name: 'dscp', type: 'uint8', min: 0, max: 0x3f, invert: true, excl: ['dscp-class'] },
    { name: 'dscp-class', type: 'string', invert: true, excl: ['dscp'] },
  ],
  init(data) {
    Object.assign(data, { dscp: 0, invert: false });
  },
  parse(cb) {
    const t = cb.data as unknown as DscpData;
    if (cb.opt.name === 'dscp') t.dscp = Number(cb.val.t === 'int' ? cb.val.v : 0n);
    else t.dscp = classToDscp(cb.arg ?? '');
    if (cb.invert) t.invert = true;
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('DSCP match: Parameter --dscp is required');
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --dscp ${hex2(t.dscp)}`;
  },
  print(inst) {
    const t = d(inst);
    return ` DSCP match ${t.invert ? '!' : ''}${hex2(t.dscp)}`;
  },
  // dscp_mt(): (dsfield >> 2) == dscp, inverted as a whole
  match(inst, env) {
    const t = d(inst);
    return ((env.pkt.tos >> 2) === t.dscp) !== !!t.invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    return `dscp ${hex2(env.pkt.tos >> 2)} ${t.invert ? '=' : '≠'} ${hex2(t.dscp)}${t.invert ? ' (inverted)' : ''}`;
  },
};

export default dscp;

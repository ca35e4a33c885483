// -j DSCP (libxt_DSCP.c, dscp_helper.c): --set-dscp 0-63 or --set-dscp-class name; saved as --set-dscp 0xNN.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const DS_CLASSES: readonly [string, number][] = [
  ['CS0', 0x00], ['CS1', 0x08], ['CS2', 0x10], ['CS3', 0x18], ['CS4', 0x20], ['CS5', 0x28], ['CS6', 0x30], ['CS7', 0x38],
  ['BE', 0x00], ['AF11', 0x0a], ['AF12', 0x0c], ['AF13', 0x0e], ['AF21', 0x12], ['AF22', 0x14], ['AF23', 0x16],
  ['AF31', 0x1a], ['AF32', 0x1c], ['AF33', 0x1e], ['AF41', 0x22], ['AF42', 0x24], ['AF43', 0x26], ['EF', 0x2e],
];

/** class_to_dscp(): strncasecmp(name, class, strlen(class)), i.e. the class name is a prefix of the argument */
export function classToDscp(name: string): number {
  const c = DS_CLASSES.find(([n]) => name.slice(0, n.length).toUpperCase() === n);
  if (!c) throw paramProblem(`Invalid DSCP value \`${name}'`);
  return c[1];
}

const hex2 = (n: number) => '0x' + n.toString(16).padStart(2, '0');
const dscp = (inst: ExtInstance) => Number(inst.data.dscp);

function makeDscp(family: Family): ExtensionDef {
  return {
    kind: 'target',
    name: 'DSCP',
    revision: 0,
    family,
    options: [
      { name: 'set-dscp', type: 'uint8', min: 0, max: 0x3f, excl: ['set-dscp-class'] },
      { name: 'set-dscp-class', type: 'string', excl: ['set-dscp'] },
    ],
    tables: ['mangle'],
    init(data) {
      data.dscp = 0;
    },
    parse(cb) {
      if (cb.opt.name === 'set-dscp-class') cb.data.dscp = classToDscp(cb.arg ?? '');
      else if (cb.val.t === 'int') cb.data.dscp = Number(cb.val.v);
    },
    finalCheck(fc) {
      if (fc.seen.size === 0) throw paramProblem('DSCP target: Parameter --set-dscp is required');
    },
    save: (inst) => ` --set-dscp ${hex2(dscp(inst))}`,
    print: (inst) => ` DSCP set ${hex2(dscp(inst))}`,
    /** dscp_tg / dscp_tg6: when the DSCP differs, DS field = (old & 0x03) | dscp << 2 (ECN kept); XT_CONTINUE */
    apply(inst, env) {
      const old = env.pkt.tos & 0xff;
      if (old >> 2 !== dscp(inst)) env.pkt.tos = (old & 0x03) | (dscp(inst) << 2);
      return cont(`DSCP ${hex2(old >> 2)} → ${hex2(dscp(inst))} (${family === 'ipv4' ? 'TOS' : 'TC'} ${hex2(old)} → ${hex2(env.pkt.tos)})`);
    },
  };
}

export default [makeDscp('ipv4'), makeDscp('ipv6')];

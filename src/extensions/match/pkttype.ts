// -m pkttype (libxt_pkttype.c): [!] --pkt-type unicast|broadcast|multicast|otherhost (aliases host, bcast, mcast).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

/** supported_types[]: PACKET_HOST 0, PACKET_BROADCAST 1, PACKET_MULTICAST 2, PACKET_OTHERHOST 3 */
const TYPES: readonly (readonly [string, number])[] = [
  ['unicast', 0], ['broadcast', 1], ['multicast', 2], ['otherhost', 3], ['bcast', 1], ['mcast', 2], ['host', 0],
];

interface PkttypeData {
  pkttype: number;
  invert?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as PkttypeData;
const typeText = (n: number) => TYPES.find(([, v]) => v === n)?.[0] ?? String(n);

const pkttype: ExtensionDef = {
  kind: 'match',
  name: 'pkttype',
  revision: 0,
  options: [{ name: 'pkt-type', type: 'string', mand: true, invert: true }],
  init(data) {
    data.pkttype = 0;
  },
  parse(cb) {
    const arg = cb.arg ?? '';
    const t = TYPES.find(([n]) => n.toLowerCase() === arg.toLowerCase());
    if (!t) throw paramProblem(`Bad packet type '${arg}'`);
    cb.data.pkttype = t[1];
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --pkt-type ${typeText(t.pkttype)}`;
  },
  print(inst) {
    const t = d(inst);
    return ` PKTTYPE ${t.invert ? '!' : ''}= ${typeText(t.pkttype)}`;
  },
};

export default pkttype;

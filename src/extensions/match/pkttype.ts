// -m pkttype (libxt_pkttype.c): [!] --pkt-type unicast|broadcast|multicast|otherhost (aliases host, bcast, mcast).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import type { PacketEnv } from '../types.js';
import { isLocallyGenerated } from '../match-semantics.js';

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

const PKT_TYPES = { host: 0, broadcast: 1, multicast: 2, otherhost: 3 } as const;
const pktTypeOf = (env: PacketEnv): number => (isLocallyGenerated(env) ? 0 : PKT_TYPES[env.pkt.pktType]);

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
  // pkttype_mt(): skb->pkt_type as the input path set it; locally generated packets are PACKET_HOST (unicast)
  // in OUTPUT/POSTROUTING whatever their destination
  match(inst, env) {
    const t = d(inst);
    return (pktTypeOf(env) === t.pkttype) !== !!t.invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    const have = typeText(pktTypeOf(env));
    const local = isLocallyGenerated(env) ? ' (locally generated: PACKET_HOST)' : '';
    return `pkt-type ${have}${local} ${t.invert ? '=' : '≠'} ${typeText(t.pkttype)}${t.invert ? ' (inverted)' : ''}`;
  },
};

export default pkttype;

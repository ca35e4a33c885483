// Layer-4 protocol names and numbers as libxtables resolves them (xtables_parse_protocol, proto_to_name).
import { paramProblem } from '../diag/errors.js';
import { getProtoByName, getProtoByNumber } from './netdb.js';
import { xtStrtoui } from './numbers.js';

/** libxtables' xtables_chain_protos[], consulted before the protocols database. */
export const CHAIN_PROTOS: ReadonlyArray<readonly [string, number]> = [
  ['tcp', 6], ['sctp', 132], ['udp', 17], ['udplite', 136], ['icmp', 1], ['ipv6-icmp', 58], ['icmpv6', 58],
  ['esp', 50], ['ah', 51], ['mobility-header', 135], ['ipv6-mh', 135], ['mh', 135], ['all', 0],
];

const CHAIN_PROTO_NUM = new Map<string, number>();
for (const [name, num] of CHAIN_PROTOS) if (!CHAIN_PROTO_NUM.has(name)) CHAIN_PROTO_NUM.set(name, num);

/** xtables_parse_protocol(): number 0-255, built-in name, or protocols database name. */
export function parseProtocol(s: string): number {
  // a word starting with a lowercase letter is no number for strtoul: the built-in names first (-p tcp on every rule)
  const c0 = s.charCodeAt(0);
  if (c0 >= 97 && c0 <= 122) {
    const v = CHAIN_PROTO_NUM.get(s);
    if (v !== undefined) return v;
  }
  const n = xtStrtoui(s, 0, 255);
  if (n !== undefined) return n;
  for (const [name, num] of CHAIN_PROTOS) if (name === s) return num;
  const p = getProtoByName(s);
  if (p !== undefined) return p;
  throw paramProblem(`unknown protocol "${s}" specified`);
}

/** proto_to_name(proto, nolookup) */
export function protoToName(proto: number, nolookup = false): string | undefined {
  for (const [name, num] of CHAIN_PROTOS) if (num === proto) return name;
  if (proto && !nolookup) return getProtoByNumber(proto);
  return undefined;
}

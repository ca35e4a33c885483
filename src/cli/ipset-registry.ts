// The ipsets iptables sees at rule-parse time (libxt_set's get_set_byname asks the kernel): read from the emulated
// ipset state document without loading the ipset engine, so iptables' start-up stays small.
import { configureIpsets } from '../extensions/match/set.js';
import type { IpsetFamily } from '../extensions/match/set.js';
import type { Store } from './state.js';

export function ipsetRegistryEntries(doc: string | undefined): [string, IpsetFamily][] {
  if (!doc) return [];
  const sets = (JSON.parse(doc) as { sets: ({ name: string; family: string } | null)[] }).sets;
  return sets.filter((s): s is { name: string; family: string } => !!s)
    .map((s) => [s.name, s.family === 'inet' ? 'ipv4' : s.family === 'inet6' ? 'ipv6' : 'unspec']);
}

/** Points the -m set / -j SET registry at the store's ipsets (none when the state has no ipset document). */
export function configureIpsetsFromStore(store: Store): void {
  configureIpsets(ipsetRegistryEntries(store.loadDoc('ipset')));
}

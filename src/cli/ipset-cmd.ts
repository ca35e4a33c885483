// nfsim ipset (and the `ipset` shim): one ipset 7.17 command on the persisted ipset state document, under the
// state lock; references from the emulated iptables rules (-m set, -j SET) count like the kernel's set->ref.
import { readFileSync } from 'node:fs';
import type { IpsetHooks } from '../ops/ipset.js';
import { defaultInitval, ipsetStateText, loadIpsetState, runIpset } from '../ops/ipset.js';
import type { Ruleset } from '../model/ruleset.js';
import type { Io } from './io.js';
import type { Store } from './state.js';

/** How many rule references (each -m set match, each --add-set/--del-set/--map-set) name each set. */
export function iptablesSetRefs(rulesets: Iterable<Ruleset>): Map<string, number> {
  const refs = new Map<string, number>();
  const inc = (n: unknown) => {
    if (typeof n === 'string' && n) refs.set(n, (refs.get(n) ?? 0) + 1);
  };
  for (const rs of rulesets) {
    for (const t of rs.tables.values()) {
      for (const c of t.chains.values()) {
        for (const r of c.rules) {
          for (const m of r.matches) if (m.name === 'set') inc(m.data.name);
          if (r.target.kind === 'ext' && r.target.ext.name === 'SET') {
            const d = r.target.ext.data as { add?: { name: string }; del?: { name: string }; map?: { name: string } };
            inc(d.add?.name);
            inc(d.del?.name);
            inc(d.map?.name);
          }
        }
      }
    }
  }
  return refs;
}

export function storeHooks(store: Store, initval: (name: string) => number = defaultInitval): IpsetHooks {
  let refs: Map<string, number> | undefined;
  return {
    externalRefs(name) {
      refs ??= iptablesSetRefs((['nft', 'legacy'] as const).flatMap((f) => (['ipv4', 'ipv6'] as const).map((fam) => store.load(f, fam))));
      return refs.get(name) ?? 0;
    },
    initval,
  };
}

export function runIpsetTool(args: string[], ctx: { io: Io; store: Store }, initval?: (name: string) => number): number {
  const { io, store } = ctx;
  const lock = store.lock(undefined);
  if (!lock) {
    io.stderr('ipset v7.17: the state is locked\n');
    return 1;
  }
  try {
    const state = loadIpsetState(store.loadDoc('ipset'));
    const r = runIpset(state, args, {
      hooks: storeHooks(store, initval),
      readInput: (file) => (file === undefined || file === '-' ? io.readStdin() : readFileSync(file, 'utf8')),
    });
    if (r.changed) store.storeDoc('ipset', ipsetStateText(state));
    io.stdout(r.stdout);
    io.stderr(r.stderr);
    return r.status;
  } finally {
    lock.release();
  }
}

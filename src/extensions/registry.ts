// Extension look-up by name and family (xtables_find_match / xtables_find_target), over the generated module index.
import type { Family } from '../model/ruleset.js';
import type { ExtensionDef } from './types.js';
import { ALL_EXTENSIONS } from './generated-index.js';

/**
 * name → the extension each family finds: the family's own module, else the one for both families (resolved once:
 * restore looks a target name up for every rule and chain line).
 */
const matches = { ipv4: new Map<string, ExtensionDef>(), ipv6: new Map<string, ExtensionDef>() };
const targets = { ipv4: new Map<string, ExtensionDef>(), ipv6: new Map<string, ExtensionDef>() };
for (const family of ['ipv4', 'ipv6'] as const) {
  for (const def of ALL_EXTENSIONS) {
    if (def.family !== family) continue;
    const map = (def.kind === 'match' ? matches : targets)[family];
    if (!map.has(def.name)) map.set(def.name, def);
  }
  for (const def of ALL_EXTENSIONS) {
    if (def.family !== undefined) continue;
    const map = (def.kind === 'match' ? matches : targets)[family];
    if (!map.has(def.name)) map.set(def.name, def);
  }
}

/** The longest extension name: a longer word (a chain name such as KUBE-SEP-…) is looked up without hashing it. */
let longest = 0;
for (const def of ALL_EXTENSIONS) longest = Math.max(longest, def.name.length);

/** xtables_find_match(): icmpv6/ipv6-icmp are spelled icmp6. */
export function findMatch(name: string, family: Family): ExtensionDef | undefined {
  if (name === 'icmpv6' || name === 'ipv6-icmp') name = 'icmp6';
  return name.length > longest ? undefined : matches[family].get(name);
}

export function findTarget(name: string, family: Family): ExtensionDef | undefined {
  return name.length > longest ? undefined : targets[family].get(name);
}

export function allExtensions(): readonly ExtensionDef[] {
  return ALL_EXTENSIONS;
}

// Extension look-up by name and family (xtables_find_match / xtables_find_target), over the generated module index.
import type { Family } from '../model/ruleset.js';
import type { ExtensionDef } from './types.js';
import { ALL_EXTENSIONS } from './generated-index.js';

const matches = new Map<string, ExtensionDef[]>();
const targets = new Map<string, ExtensionDef[]>();
for (const def of ALL_EXTENSIONS) {
  const map = def.kind === 'match' ? matches : targets;
  const list = map.get(def.name) ?? [];
  list.push(def);
  map.set(def.name, list);
}

function pick(list: ExtensionDef[] | undefined, family: Family): ExtensionDef | undefined {
  if (!list) return undefined;
  return list.find((d) => d.family === family) ?? list.find((d) => d.family === undefined);
}

/** xtables_find_match(): icmpv6/ipv6-icmp are spelled icmp6. */
export function findMatch(name: string, family: Family): ExtensionDef | undefined {
  if (name === 'icmpv6' || name === 'ipv6-icmp') name = 'icmp6';
  return pick(matches.get(name), family);
}

export function findTarget(name: string, family: Family): ExtensionDef | undefined {
  return pick(targets.get(name), family);
}

export function allExtensions(): readonly ExtensionDef[] {
  return ALL_EXTENSIONS;
}

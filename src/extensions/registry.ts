// Extension look-up by name and family (xtables_find_match / xtables_find_target), over the generated module index.
import type { Family } from '../model/ruleset.js';
import type { ExtensionDef, OptionSpec } from './types.js';
import { ALL_EXTENSIONS as MODULE_DEFS } from './generated-index.js';

/**
 * The definitions in one object shape (and their options in another): the parser and the engine read the same few
 * fields of every extension on hot paths, and objects from ~90 different literals make those reads megamorphic and
 * deoptimize compiled code each time another extension turns up. Each copy is an object literal with every field of
 * the interface (missing ones undefined), so it keeps fast properties; a field not listed here is copied after them.
 * Nothing else changes, and every look-up goes through this module.
 */
function uniformDef(d: ExtensionDef): ExtensionDef {
  return {
    kind: d.kind, name: d.name, revision: d.revision, family: d.family, options: d.options,
    rawOptions: d.rawOptions, init: d.init, parse: d.parse, finalCheck: d.finalCheck, save: d.save, print: d.print,
    alias: d.alias, tables: d.tables, loadWarning: d.loadWarning, hooks: d.hooks, match: d.match, whyNot: d.whyNot,
    l4Test: d.l4Test, apply: d.apply, staticOutcome: d.staticOutcome, kernelRefuses: d.kernelRefuses,
  };
}
function uniformOption(o: OptionSpec): OptionSpec {
  return { name: o.name, type: o.type, invert: o.invert, mand: o.mand, multi: o.multi, min: o.min, max: o.max, excl: o.excl, also: o.also, hasArg: o.hasArg };
}
function uniform<T extends object>(objs: readonly T[], copy: (o: T) => T): T[] {
  const out = objs.map(copy);
  const known = new Set(Object.keys(out[0] ?? {}));
  const extra = [...new Set(objs.flatMap((o) => Object.keys(o)))].filter((k) => !known.has(k));
  for (let i = 0; i < objs.length; i++) {
    for (const k of extra) (out[i] as Record<string, unknown>)[k] = (objs[i] as Record<string, unknown>)[k];
  }
  return out;
}
const ALL_EXTENSIONS: readonly ExtensionDef[] = uniform(MODULE_DEFS, (d) => {
  const u = uniformDef(d);
  u.options = uniform(d.options, uniformOption);
  return u;
});

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

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
/** Copies a definition into that shape (once per definition: every family's look-up gets the same copy). */
const UNIFORM = new Map<ExtensionDef, ExtensionDef>();
let extraDefKeys: string[] | undefined;
function uniform(d: ExtensionDef): ExtensionDef {
  let u = UNIFORM.get(d);
  if (u !== undefined) return u;
  if (extraDefKeys === undefined) {
    const known = new Set(Object.keys(uniformDef(MODULE_DEFS[0])));
    extraDefKeys = [...new Set(MODULE_DEFS.flatMap((m) => Object.keys(m)))].filter((k) => !known.has(k));
  }
  u = uniformDef(d);
  for (const k of extraDefKeys) (u as unknown as Record<string, unknown>)[k] = (d as unknown as Record<string, unknown>)[k];
  const knownOpt = new Set(Object.keys(uniformOption(d.options[0] ?? { name: '', type: 'none' })));
  u.options = d.options.map((o) => {
    const c = uniformOption(o);
    for (const k of Object.keys(o)) if (!knownOpt.has(k)) (c as unknown as Record<string, unknown>)[k] = (o as unknown as Record<string, unknown>)[k];
    return c;
  });
  UNIFORM.set(d, u);
  return u;
}

/**
 * name → the extension each family finds: the family's own module, else the one for both families (resolved once:
 * restore looks a target name up for every rule and chain line). `found` holds the uniform copies of the names looked
 * up so far (a run copies the few extensions it uses).
 */
type Index = { all: Map<string, ExtensionDef>; found: Map<string, ExtensionDef> };
const index = (): Index => ({ all: new Map(), found: new Map() });
const matches = { ipv4: index(), ipv6: index() };
const targets = { ipv4: index(), ipv6: index() };
for (const family of ['ipv4', 'ipv6'] as const) {
  for (const def of MODULE_DEFS) {
    if (def.family !== family) continue;
    const map = (def.kind === 'match' ? matches : targets)[family].all;
    if (!map.has(def.name)) map.set(def.name, def);
  }
  for (const def of MODULE_DEFS) {
    if (def.family !== undefined) continue;
    const map = (def.kind === 'match' ? matches : targets)[family].all;
    if (!map.has(def.name)) map.set(def.name, def);
  }
}
function lookUp(ix: Index, name: string): ExtensionDef | undefined {
  const u = ix.found.get(name);
  if (u !== undefined) return u;
  const d = ix.all.get(name);
  if (d === undefined) return undefined;
  const c = uniform(d);
  ix.found.set(name, c);
  return c;
}

/** The longest extension name: a longer word (a chain name such as KUBE-SEP-…) is looked up without hashing it. */
let longest = 0;
for (const def of MODULE_DEFS) longest = Math.max(longest, def.name.length);

/** xtables_find_match(): icmpv6/ipv6-icmp are spelled icmp6. */
export function findMatch(name: string, family: Family): ExtensionDef | undefined {
  if (name === 'icmpv6' || name === 'ipv6-icmp') name = 'icmp6';
  return name.length > longest ? undefined : lookUp(matches[family], name);
}

export function findTarget(name: string, family: Family): ExtensionDef | undefined {
  return name.length > longest ? undefined : lookUp(targets[family], name);
}

export function allExtensions(): readonly ExtensionDef[] {
  return MODULE_DEFS.map(uniform);
}

// Commit-time checks the kernel makes on a whole table (translate_table / nf_tables validation): jumps to missing
// chains, loops between chains, and target extensions used outside their tables or hooks.
import type { Chain, Family, Flavor, Rule, Table, TableName } from '../model/ruleset.js';
import { HOOKS_BY_TABLE } from '../model/ruleset.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import type { AddrMask } from '../values/addr.js';

const isZeroMask = (a: AddrMask) => (a.family === 'ipv4' ? a.mask === 0 : a.mask === 0n);

export type CommitProblem =
  | { kind: 'missing-chain'; chain: string; from: string; rule: number; target: string }
  | { kind: 'loop'; chain: string }
  | { kind: 'invalid'; chain: string; rule: number; ext: string; errno: 'EINVAL' | 'ENOENT' | 'ERANGE' };

/** Hooks (built-in chain names) from which each chain is reachable. */
export function reachingHooks(t: Table): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  for (const c of t.chains.values()) reach.set(c.name, new Set());
  for (const hook of HOOKS_BY_TABLE[t.name]) {
    const start = t.chains.get(hook);
    if (!start) continue;
    const stack = [hook];
    const seen = new Set<string>();
    while (stack.length) {
      const name = stack.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      reach.get(name)?.add(hook);
      const c = t.chains.get(name);
      if (!c) continue;
      for (const r of c.rules) if ((r.target.kind === 'jump' || r.target.kind === 'goto') && t.chains.has(r.target.chain)) stack.push(r.target.chain);
    }
  }
  return reach;
}

function unconditional(r: Rule): boolean {
  return !r.src && !r.dst && !r.inIface && !r.outIface && (!r.proto || (r.proto.num === 0 && !r.proto.invert)) && !r.frag && r.matches.length === 0;
}

/**
 * Legacy: the kernel's mark_source_chains() walk, per hook: rules in order, jumps followed, an unconditional
 * verdict/RETURN or an already visited entry returns to the caller; reaching an entry that is on the current path
 * is a loop. Loops behind an unconditional ACCEPT are therefore never seen (targets-basic case 67).
 */
function findLoopLegacy(t: Table): string | undefined {
  const END = new Map<string, object>();
  const end = (name: string) => {
    let e = END.get(name);
    if (!e) END.set(name, (e = {}));
    return e;
  };
  for (const hook of HOOKS_BY_TABLE[t.name]) {
    if (!t.chains.has(hook)) continue;
    const visited = new Set<object>();
    const onPath = new Set<object>();
    const walk = (name: string): string | undefined => {
      const c = t.chains.get(name);
      if (!c) return undefined;
      const path: object[] = [];
      let result: string | undefined;
      for (let i = 0; i <= c.rules.length; i++) {
        const e: object = i < c.rules.length ? c.rules[i] : end(name);
        if (onPath.has(e)) {
          result = name;
          break;
        }
        const wasVisited = visited.has(e);
        visited.add(e);
        onPath.add(e);
        path.push(e);
        if (i === c.rules.length || wasVisited) break;
        const r = c.rules[i];
        if (unconditional(r) && r.target.kind === 'verdict') break;
        if ((r.target.kind === 'jump' || r.target.kind === 'goto') && t.chains.has(r.target.chain)) {
          result = walk(r.target.chain);
          if (result) break;
        }
      }
      for (const e of path) onPath.delete(e);
      return result;
    };
    const loop = walk(hook);
    if (loop) return loop;
  }
  return undefined;
}

/** nft: a loop among chains reachable from a base chain (checked whatever verdicts come before the jump). */
function findLoop(t: Table): string | undefined {
  const state = new Map<string, 1 | 2>();
  let found: string | undefined;
  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 1) {
      found = name;
      return true;
    }
    if (s === 2) return false;
    state.set(name, 1);
    const c = t.chains.get(name);
    if (c) {
      for (const r of c.rules) {
        if ((r.target.kind === 'jump' || r.target.kind === 'goto') && t.chains.has(r.target.chain) && visit(r.target.chain)) return true;
      }
    }
    state.set(name, 2);
    return false;
  };
  for (const hook of HOOKS_BY_TABLE[t.name]) if (t.chains.has(hook) && visit(hook)) return found;
  return undefined;
}

export function validateTable(t: Table, family: Family, flavor: Flavor): CommitProblem | undefined {
  for (const c of t.chains.values()) {
    for (let i = 0; i < c.rules.length; i++) {
      const r = c.rules[i];
      if ((r.target.kind === 'jump' || r.target.kind === 'goto') && !t.chains.has(r.target.chain)) {
        return { kind: 'missing-chain', chain: c.name, from: c.name, rule: i + 1, target: r.target.chain };
      }
    }
  }
  const loop = flavor === 'legacy' ? findLoopLegacy(t) : findLoop(t);
  if (loop) return { kind: 'loop', chain: loop };
  const reach = reachingHooks(t);
  for (const c of t.chains.values()) {
    for (let i = 0; i < c.rules.length; i++) {
      const p = ruleProblem(t, reach, c, i, family, flavor);
      if (p) return p;
    }
  }
  return undefined;
}

/** The kernel's checks of one rule: verdicts the backend lacks, extension tables, hooks and checkentry. */
function ruleProblem(t: Table, reach: Map<string, Set<string>>, c: Chain, i: number, family: Family, flavor: Flavor): CommitProblem | undefined {
  return checkRule(t.name, c, c.rules[i], i, reach.get(c.name) ?? new Set<string>(), family, flavor);
}

/** checkRule for rule `r` (position i) of chain `c` in table `table`, reached from the hooks `hooks`. */
export function checkRule(table: TableName, c: Chain, r: Rule, i: number, hooks: ReadonlySet<string>, family: Family, flavor: Flavor): CommitProblem | undefined {
  const t = { name: table };
  // nf_tables has no QUEUE verdict backend here: ENOENT
  if (flavor === 'nft' && r.target.kind === 'verdict' && r.target.verdict === 'QUEUE') {
    return { kind: 'invalid', chain: c.name, rule: i + 1, ext: 'QUEUE', errno: 'ENOENT' };
  }
  // nf_tables refuses an inverted compare against a zero-length prefix ("! -s 0.0.0.0/0")
  if (flavor === 'nft' && ((r.src?.invert && isZeroMask(r.src.addr)) || (r.dst?.invert && isZeroMask(r.dst.addr)))) {
    return { kind: 'invalid', chain: c.name, rule: i + 1, ext: '', errno: 'EINVAL' };
  }
  const exts = r.matches.map((m) => ({ inst: m, def: findMatch(m.name, family) }));
  if (r.target.kind === 'ext') exts.push({ inst: r.target.ext, def: findTarget(r.target.ext.name, family) });
  for (const { inst, def } of exts) {
    if (!def) continue;
    const badTable = def.tables !== undefined && !def.tables.includes(t.name);
    const badHook = def.hooks !== undefined && [...hooks].some((h) => !def.hooks!.includes(h));
    // data-dependent kernel checks see the hooks a rule is reached from; nft applies them to rules of base
    // chains only (a user chain is validated without a hook), legacy through jumps as well
    const checkHooks = flavor === 'nft' ? (c.builtin ? new Set([c.name]) : new Set<string>()) : hooks;
    const refused = def.kernelRefuses?.(inst, { table: t.name, family, flavor, rule: r, hooks: checkHooks }) ?? false;
    if (badTable || badHook || refused) {
      return { kind: 'invalid', chain: c.name, rule: i + 1, ext: inst.name, errno: refused === 'ENOENT' || refused === 'ERANGE' ? refused : 'EINVAL' };
    }
  }
  return undefined;
}

/** strerror() of a commit problem. */
export function problemText(p: CommitProblem): string {
  if (p.kind === 'loop') return 'Too many links';
  if (p.kind === 'invalid' && p.errno === 'ENOENT') return 'No such file or directory';
  if (p.kind === 'invalid' && p.errno === 'ERANGE') return 'Numerical result out of range';
  return 'Invalid argument';
}

/** Every rule refusal of the table (the kernel answers each refused rule of an nft batch). */
export function validateTableAll(t: Table, family: Family, flavor: Flavor): CommitProblem[] {
  const reach = reachingHooks(t);
  const out: CommitProblem[] = [];
  for (const c of t.chains.values()) {
    for (let i = 0; i < c.rules.length; i++) {
      const p = ruleProblem(t, reach, c, i, family, flavor);
      if (p) out.push(p);
    }
  }
  return out;
}

// Pure edits of one table (the libiptc / nft cache operations behind -A -I -R -D -C -F -Z -N -X -E -P).
// Failures carry an errno-like code; callers turn them into each flavor's message (iptc_strerror / nft_strerror).
import type { Chain, Family, Flavor, Rule, Table } from '../model/ruleset.js';
import { zeroCounters } from '../model/ruleset.js';
import { ruleSpecText } from '../render/save.js';

export { OpError } from '../diag/op-error.js';
export type { OpErrno } from '../diag/op-error.js';
import { OpError } from '../diag/op-error.js';
import { CMD, type ParsedCommand } from '../syntax/command.js';

function getChain(t: Table, name: string | undefined, op: string): Chain {
  const c = name === undefined ? undefined : t.chains.get(name);
  if (!c) throw new OpError('ENOENT', op, name);
  return c;
}

/**
 * Every caller edits a private copy of a table (cloneTable copies each chain and its rule array), so edits happen
 * in place: copying a 10,000-rule chain per appended rule would make restores quadratic.
 */
function editable(_t: Table, c: Chain): Chain {
  return c;
}

/** The chain exists in the kernel from now on (nft creates a base chain with its first rule or policy). */
function materialize(c: Chain): Chain {
  if (c.absent) delete c.absent;
  return c;
}

export function appendRule(t: Table, chain: string, rule: Rule): void {
  materialize(editable(t, getChain(t, chain, 'append'))).rules.push(rule);
}

/** rulenum is 1-based; inserting at length+1 is allowed. */
export function insertRule(t: Table, chain: string, rulenum: number, rule: Rule): void {
  const c = getChain(t, chain, 'insert');
  if (rulenum > c.rules.length + 1) throw new OpError('E2BIG', 'insert', chain);
  materialize(editable(t, c)).rules.splice(rulenum - 1, 0, rule);
}

export function replaceRule(t: Table, chain: string, rulenum: number, rule: Rule): void {
  const c = getChain(t, chain, 'replace');
  if (rulenum > c.rules.length) throw new OpError('E2BIG', 'replace', chain);
  editable(t, c).rules[rulenum - 1] = rule;
}

export function deleteRuleNum(t: Table, chain: string, rulenum: number): void {
  const c = getChain(t, chain, 'delete');
  if (rulenum > c.rules.length) throw new OpError('E2BIG', 'delete', chain);
  editable(t, c).rules.splice(rulenum - 1, 1);
}

export function sameRule(a: Rule, b: Rule, family: Family, flavor: Flavor): boolean {
  return ruleSpecText(a, family, flavor) === ruleSpecText(b, family, flavor);
}

export function findRule(t: Table, chain: string, rule: Rule, family: Family, flavor: Flavor): number {
  const c = getChain(t, chain, 'check');
  const want = ruleSpecText(rule, family, flavor);
  return c.rules.findIndex((r) => ruleSpecText(r, family, flavor) === want);
}

export function deleteRule(t: Table, chain: string, rule: Rule, family: Family, flavor: Flavor): void {
  const i = findRule(t, chain, rule, family, flavor);
  if (i < 0) throw new OpError('EBADRULE', 'delete', chain);
  editable(t, t.chains.get(chain)!).rules.splice(i, 1);
}

export function flushChain(t: Table, chain?: string): void {
  if (chain !== undefined) {
    editable(t, getChain(t, chain, 'flush')).rules = [];
    return;
  }
  for (const c of [...t.chains.values()]) if (c.rules.length) editable(t, c).rules = [];
}

export function zeroCounters_(t: Table, chain?: string, rulenum?: number): void {
  const chains = chain !== undefined ? [getChain(t, chain, 'zero')] : [...t.chains.values()];
  for (const c0 of chains) {
    if (rulenum !== undefined && rulenum > c0.rules.length) throw new OpError('E2BIG', 'zero', c0.name);
    const c = editable(t, c0);
    if (rulenum === undefined) c.counters = zeroCounters();
    c.rules = c.rules.map((r, i) => (rulenum === undefined || i === rulenum - 1 ? { ...r, counters: zeroCounters() } : r));
  }
}

export function newChain(t: Table, chain: string): void {
  if (t.chains.has(chain)) throw new OpError('EEXIST', 'new', chain);
  t.chains.set(chain, { name: chain, builtin: false, counters: zeroCounters(), rules: [] });
}

export { references } from '../model/ruleset.js';
import { references } from '../model/ruleset.js';

export function deleteChain(t: Table, chain: string): void {
  const c = getChain(t, chain, 'delete-chain');
  if (c.builtin) throw new OpError('EPERM', 'delete-chain', chain);
  if (references(t, chain) > 0) throw new OpError('EMLINK', 'delete-chain', chain);
  if (c.rules.length > 0) throw new OpError('ENOTEMPTY', 'delete-chain', chain);
  t.chains.delete(chain);
}

/** -X without a chain: every user chain (those still referenced by other user chains fail like the real tool). */
export function deleteAllUserChains(t: Table): void {
  for (const c of [...t.chains.values()]) if (!c.builtin) t.chains.delete(c.name);
}

export function renameChain(t: Table, from: string, to: string): void {
  const c = getChain(t, from, 'rename');
  if (c.builtin) throw new OpError('EPERM', 'rename', from);
  if (t.chains.has(to)) throw new OpError('EEXIST', 'rename', to);
  // keep the map order irrelevant (renderer sorts user chains); retarget references
  t.chains.delete(from);
  t.chains.set(to, { ...c, name: to });
  for (const other of [...t.chains.values()]) {
    if (!other.rules.some((r) => (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === from)) continue;
    editable(t, other).rules = other.rules.map((r) =>
      (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === from ? { ...r, target: { ...r.target, chain: to } } : r,
    );
  }
}

export function setPolicy(t: Table, chain: string, policy: string, counters?: { pkts: bigint; bytes: bigint }): void {
  const c = getChain(t, chain, 'policy');
  if (!c.builtin) throw new OpError('EINVAL', 'policy', chain);
  if (policy !== 'ACCEPT' && policy !== 'DROP') throw new OpError('EINVAL', 'policy', chain);
  const e = materialize(editable(t, c));
  e.policy = policy;
  if (counters) e.counters = { ...counters };
}

/**
 * The rule edits restore applies the same way in every context (append, insert, delete by rule or by number), each
 * new rule remembering the source span of its line; false when cmd is another command.
 */
export function applyRuleEdit(t: Table, chain: string, cmd: ParsedCommand, span: { start: number; end: number }, family: Family, flavor: Flavor): boolean {
  switch (cmd.command) {
    case CMD.APPEND:
      for (const r of cmd.rules) {
        r.span = span;
        appendRule(t, chain, r);
      }
      return true;
    case CMD.INSERT:
      cmd.rules.forEach((r, k) => {
        r.span = span;
        insertRule(t, chain, cmd.rulenum + k, r);
      });
      return true;
    case CMD.DELETE:
      for (const r of cmd.rules) deleteRule(t, chain, r, family, flavor);
      return true;
    case CMD.DELETE_NUM:
      deleteRuleNum(t, chain, cmd.rulenum);
      return true;
    default:
      return false;
  }
}

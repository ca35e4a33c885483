// Fast `iptables -A` on large states. The state is a snapshot (<flavor>-<family>.rules, generation N), a journal of
// rules appended since (…journal.N) and an index written with the snapshot (…index.json): per table and chain its
// kind, nft's absent flag, its rule count and its jump targets. Journal records carry the same facts in a header
// line, so the index is never rewritten by an append. An append parses only its own command (the same runCommand,
// on a skeleton whose chains are created on demand and hold no rules) and checks only what the new rule can change:
// its own kernel checks with the hooks that reach its chain and, for an nft jump, loops and newly reached chains.
// What cannot be decided from the index (a legacy jump, a jump that brings new hooks to a chain) is redone on the
// full state. Every other command loads snapshot + journal and writes a new snapshot and index.
import { appendFileSync, existsSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { Chain, Family, Flavor, Rule, Ruleset, Table, TableName } from '../model/ruleset.js';
import { HOOKS_BY_TABLE, isTableName } from '../model/ruleset.js';
import { makeStateEscaper } from '../ops/load.js';
import { checkRule } from '../ops/validate.js';
import type { CommitProblem } from '../ops/validate.js';
import { ruleLine } from '../render/save.js';

/** [chain name, flags (1 built-in, 2 absent), rule count, ...jump targets (one per jumping rule)] */
type ChainEntry = [string, number, number, ...string[]];

export interface StateIndex {
  v: 3;
  gen: number;
  snapshotSize: number;
  touched: TableName[];
  tables: Record<string, ChainEntry[]>;
}

/** A chain as the index and the journal describe it: the index entry, updated in place by journal records. */
type ChainFacts = ChainEntry;
const isBuiltin = (f: ChainFacts) => (f[1] & 1) !== 0;
const isAbsent = (f: ChainFacts) => (f[1] & 2) !== 0;

const jumpOf = (r: Rule): string | undefined => (r.target.kind === 'jump' || r.target.kind === 'goto' ? r.target.chain : undefined);

export function buildIndex(rs: Ruleset, gen: number, snapshotSize: number): StateIndex {
  const tables: StateIndex['tables'] = {};
  for (const [name, t] of rs.tables) {
    tables[name] = [...t.chains.values()].map((c) => {
      const jumps = c.rules.map(jumpOf).filter((j): j is string => j !== undefined);
      return [c.name, (c.builtin ? 1 : 0) | (c.absent ? 2 : 0), c.rules.length, ...jumps] as ChainEntry;
    });
  }
  return { v: 3, gen, snapshotSize, touched: rs.touched.slice(), tables };
}

export interface JournalFiles {
  snapshot: string;
  index: string;
  journal(gen: number): string;
}

export function writeIndex(f: JournalFiles, ix: StateIndex): void {
  const tmp = `${f.index}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ix));
  renameSync(tmp, f.index);
}

/** The index of the current snapshot, or undefined when missing or stale. */
export function readIndex(f: JournalFiles): StateIndex | undefined {
  try {
    const ix = JSON.parse(readFileSync(f.index, 'utf8')) as StateIndex;
    if (ix.v !== 3 || statSync(f.snapshot).size !== ix.snapshotSize) return undefined;
    return ix;
  } catch {
    return undefined;
  }
}

export interface JournalRecord {
  table: string;
  chain: string;
  n: number;
  jumps: string[];
  /** the state-format lines of the appended rules */
  body: string;
}

/**
 * The complete records of a journal (a record is `#append TABLE CHAIN N [TARGET...]`, its state lines, `#end`) and
 * how many characters they span; an unfinished last record — a writer that died — is not part of the state.
 */
export function journalRecords(text: string): { records: JournalRecord[]; length: number } {
  const records: JournalRecord[] = [];
  let pos = 0;
  for (;;) {
    const end = text.indexOf('#end\n', pos);
    if (end < 0 || (end > 0 && text[end - 1] !== '\n')) break;
    const rec = text.slice(pos, end);
    const nl = rec.indexOf('\n');
    const [tag, table, chain, n, ...jumps] = rec.slice(0, nl).split(' ');
    if (tag !== '#append') break;
    records.push({ table, chain, n: Number(n), jumps, body: rec.slice(nl + 1) });
    pos = end + 5;
  }
  return { records, length: pos };
}

/** What the index and the journal say about the chains of one table. */
function tableFacts(ix: StateIndex, table: string, journal: ReturnType<typeof journalRecords>): Map<string, ChainFacts> {
  // no object per chain: the parsed index entries are used as they are (a 30,000-chain table stays cheap)
  const facts = new Map<string, ChainFacts>();
  for (const e of ix.tables[table] ?? []) facts.set(e[0], e);
  for (const h of journal.records) {
    if (h.table !== table) continue;
    const c = facts.get(h.chain);
    if (!c) continue;
    c[2] += h.n;
    c[1] &= ~2;
    c.push(...h.jumps);
  }
  return facts;
}

/** A table whose chains appear on first look-up, empty: enough for -A's existence checks and target resolution. */
function skeletonTable(name: TableName, facts: Map<string, ChainFacts>): Table {
  const made = new Map<string, Chain>();
  const make = (k: string): Chain | undefined => {
    let c = made.get(k);
    const f = facts.get(k);
    if (!c && f) {
      c = { name: k, builtin: isBuiltin(f), counters: { pkts: 0n, bytes: 0n }, rules: [], ...(isBuiltin(f) ? { policy: 'ACCEPT' as const } : {}) };
      if (isAbsent(f)) c.absent = true;
      made.set(k, c);
    }
    return c;
  };
  const chains = {
    has: (k: string) => facts.has(k),
    get: (k: string) => make(k),
    set: (k: string, v: Chain) => made.set(k, v),
    values: () => { throw new Error('skeleton tables are for -A only'); },
  } as unknown as Map<string, Chain>;
  return { name, chains };
}

function reachable(facts: Map<string, ChainFacts>, from: string, extra?: [string, string]): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const c = stack.pop()!;
    const f = facts.get(c);
    if (seen.has(c) || !f) continue;
    seen.add(c);
    for (let i = 3; i < f.length; i++) stack.push(f[i] as string);
    if (extra && extra[0] === c) stack.push(extra[1]);
  }
  return seen;
}

function hooksReaching(table: TableName, facts: Map<string, ChainFacts>, target: string, extra?: [string, string]): Set<string> {
  const hooks = new Set<string>();
  for (const h of HOOKS_BY_TABLE[table]) if (facts.has(h) && reachable(facts, h, extra).has(target)) hooks.add(h);
  return hooks;
}

/** The kernel's answer to appending these rules to `chain`, from the facts alone, or 'fallback'. */
function appendProblem(table: TableName, facts: Map<string, ChainFacts>, chain: Chain, added: readonly Rule[], family: Family, flavor: Flavor): CommitProblem | undefined | 'fallback' {
  const base = facts.get(chain.name)![2];
  for (let k = 0; k < added.length; k++) {
    const r = added[k];
    const to = jumpOf(r);
    let hooks = hooksReaching(table, facts, chain.name);
    if (to !== undefined) {
      // legacy's loop walk depends on the verdicts of every rule on the way; nft's does not
      if (flavor === 'legacy') return 'fallback';
      // the target gains this chain's hooks: its rules would need re-checking unless those hooks reach it already
      const before = hooksReaching(table, facts, to);
      for (const h of hooks) if (!before.has(h)) return 'fallback';
      if (hooks.size > 0 && (to === chain.name || reachable(facts, to).has(chain.name))) return { kind: 'loop', chain: chain.name };
      hooks = hooksReaching(table, facts, chain.name, [chain.name, to]);
    }
    const p = checkRule(table, chain, r, base + k, hooks, family, flavor);
    if (p) return p;
  }
  return undefined;
}

type Run = (rs: Ruleset, validate: (work: Table, added: readonly Rule[], chain: string | undefined) => CommitProblem | undefined | 'fallback') =>
  { status: number; ruleset: Ruleset; fallback?: boolean };

/**
 * Runs an append on the skeleton with the fact-based check; on success appends one journal record.
 * Returns undefined when the fast path does not apply (the caller takes the full path).
 */
export function fastAppend(f: JournalFiles, family: Family, flavor: Flavor, table: string, chain: string, run: Run): { status: number } | undefined {
  if (!isTableName(table)) return undefined;
  const ix = readIndex(f);
  if (!ix || !ix.tables[table]) return undefined;
  const journalFile = f.journal(ix.gen);
  const journalText = existsSync(journalFile) ? readFileSync(journalFile, 'utf8') : '';
  const journal = journalRecords(journalText);
  const facts = tableFacts(ix, table, journal);
  if (!facts.has(chain)) return undefined;
  const skel = skeletonTable(table, facts);
  const before: Ruleset = { family, tables: new Map([[table, skel]]), touched: ix.touched.slice() };
  const r = run(before, (work, added, ch) => {
    const c = ch === undefined ? undefined : work.chains.get(ch);
    return c ? appendProblem(table, facts, c, added, family, flavor) : 'fallback';
  });
  if (r.fallback) return undefined;
  if (r.status !== 0 || r.ruleset === before) return { status: r.status };
  const added = r.ruleset.tables.get(table)!.chains.get(chain)!.rules;
  const escape = makeStateEscaper(family, flavor, table);
  const jumps = added.map(jumpOf).filter((j): j is string => j !== undefined);
  let text = `#append ${table} ${chain} ${added.length}${jumps.map((j) => ` ${j}`).join('')}\n`;
  for (const rule of added) {
    const line = ruleLine(chain, rule, family, flavor, true);
    text += escape(line, rule, chain) ?? line;
  }
  text += '#end\n';
  // an unfinished record of a writer that died is cut off first
  if (journal.length < journalText.length) truncateSync(journalFile, Buffer.byteLength(journalText.slice(0, journal.length)));
  appendFileSync(journalFile, text);
  return { status: 0 };
}

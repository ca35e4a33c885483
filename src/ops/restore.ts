// iptables-restore / ip6tables-restore 1.8.9 semantics for both flavors (iptables-restore.c = legacy,
// xtables-restore.c = nft): line classification, per-table transactions at COMMIT, flush rules, counters, -T,
// --noflush, --test, and every failure's exact text, exit status and resulting state
// (see test/golden/restore/NOTES.md for the observations each branch reproduces).
import { XtError, formatXtError, paramProblem } from '../diag/errors.js';
import type { ProgramInfo } from '../diag/errors.js';
import type { Family, Flavor, Rule, Ruleset, Table, TableName } from '../model/ruleset.js';
import { HOOKS_BY_TABLE, cloneTable, isTableName, newTable } from '../model/ruleset.js';
import { CMD, OPT, MAXNAMELEN, assertValidChainName, isStandardTargetName, parseCommand, shapeWords } from '../syntax/command.js';
import type { ParseOptions, ParsedCommand } from '../syntax/command.js';
import { strtokAll } from '../syntax/restore.js';
import { ArgScanner, scanArgs } from '../syntax/restore-scan.js';
import { findTarget } from '../extensions/registry.js';
import { ruleLine, orderedChains } from '../render/save.js';
import { listTable, printRuleVerbose } from '../render/list.js';
import * as ops from './table-ops.js';
import { OpError } from './table-ops.js';
import { problemText, validateTable, validateTableAll } from './validate.js';
import { opMessage } from './messages.js';

export interface RestoreOptions {
  family: Family;
  flavor: Flavor;
  /** -c / --counters */
  counters: boolean;
  /** -n / --noflush */
  noflush: boolean;
  /** -t / --test */
  test: boolean;
  /** -T / --table */
  table?: string;
  /** -v count */
  verbose: number;
  /** argv[0] basename the tool was invoked as (nft names itself after it) */
  invokedAs?: string;
}

export interface RestoreOutcome {
  /** the state after the run (what the kernel holds), whether it succeeded or not */
  ruleset: Ruleset;
  /** whether the kernel state differs from the initial one (--test and failures before any COMMIT leave it) */
  changed: boolean;
  stdout: string;
  stderr: string;
  status: number;
}

/**
 * The name and version the real program prints. Legacy hard-codes "iptables-restore" etc.; the nft multi-binary's
 * save and restore use basename(argv[0]) (so `iptables-nft-restore` names itself so), its iptables command does not.
 */
export function programInfo(family: Family, flavor: Flavor, tool: 'restore' | 'save' | '', invokedAs?: string): ProgramInfo {
  const base = family === 'ipv4' ? 'iptables' : 'ip6tables';
  const name = tool && flavor === 'nft' && invokedAs ? invokedAs : tool ? `${base}-${tool}` : base;
  return { name, version: flavor === 'nft' ? '1.8.9 (nf_tables)' : '1.8.9 (legacy)' };
}

/** Thrown to stop the run: the message is already formatted. */
class Stop extends Error {
  constructor(readonly stderr: string, readonly status: number) {
    super('stop');
  }
}

interface BlockState {
  name: TableName;
  /** working copy; null (nft) while the flushed table does not exist yet */
  work: Table | null;
  /** offset of the block's `*table` line: rules whose span starts after it were added by this block */
  start: number;
  /** nft: chains deleted with -X in this block → line, for CHAIN_DEL errors */
  chainDels: { chain: string; line: number }[];
  /**
   * nft: the batch is only checked at COMMIT (nft_prepare), command by command, so the first failure is kept and
   * reported there — unless a later line fails to parse first, or COMMIT never comes.
   */
  deferred?: { kind: 'jump'; chain: string } | { kind: 'op'; line: number; reason: string };
  /** user chains created in this block (nft's same-transaction quirks) */
  newChains: Set<string>;
  /** what the block's rule lines are parsed with, and the shape hash of their `-t TABLE` prefix */
  po: ParseOptions;
  tHash: number;
  /** nft --test: runs of adjacent chain lines (start of the first, end of the last, first line number) whose table
   * edits wait for a listing (testChainLine) */
  pending: number[];
}

export function restore(text: string, initial: Ruleset, o: RestoreOptions): RestoreOutcome {
  return restoreLines(text, initial, o, false);
}

/** restore() of `src`; a line longer than fgets() reads makes it start over on the split text (`split`). */
function restoreLines(src: string, initial: Ruleset, o: RestoreOptions, split: boolean): RestoreOutcome {
  const family = o.family;
  const prog = programInfo(family, o.flavor, 'restore', o.invokedAs);
  const nft = o.flavor === 'nft';
  // the kernel state: tables replaced at COMMIT, never edited in place
  const rs: Ruleset = { family, tables: new Map(initial.tables), touched: initial.touched.slice() };
  let stdout = '';
  let stderr = '';

  const fail = (err: XtError, line: number): never => {
    throw new Stop(formatXtError(err, prog, err.tryHelp ? line : undefined), err.status);
  };
  const failedLine = (line: number, reason?: string): never => {
    throw new Stop(`${prog.name}: line ${line} failed${reason ? `: ${reason}.` : ''}\n`, 1);
  };

  const n = src.length;
  // the words of rule lines, scanned front to back (see ArgScanner)
  const scanner = new ArgScanner(src);

  let block: BlockState | null = null;
  let blockStart = 0;
  /** a rule this block added (rules keep the span of the line that created them) */
  const added = (b: BlockState, r: Rule | undefined): boolean => r?.span !== undefined && r.span.start >= b.start;
  /** offsets where the lines start, built when an error message first needs a line number */
  let lineStarts: number[] | undefined;
  /** 1-based line number of an input offset */
  const lineOf = (offset: number): number => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let k = src.indexOf('\n'); k >= 0 && k + 1 < n; k = src.indexOf('\n', k + 1)) lineStarts.push(k + 1);
    }
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  /** the nft batch object type of the command on a line (for kernel error messages) */
  const opOf = (offset: number): string => {
    const w = scanArgs(src, offset, src.indexOf('\n', offset) < 0 ? src.length : src.indexOf('\n', offset), false);
    return w.includes('-I') || w.includes('--insert') ? 'RULE_INSERT' : w.includes('-R') || w.includes('--replace') ? 'RULE_REPLACE' : 'RULE_APPEND';
  };
  let inTable = false;
  let curTable: string | undefined;

  const ensureWork = (b: BlockState): Table => {
    if (!b.work) b.work = newTable(b.name, nft);
    return b.work;
  };

  try {
    // the lines of fgets(): pieces between newlines; the empty piece after a final newline is not a line
    let lineNo = 0;
    for (let s = 0; s < n; ) {
      let e = src.indexOf('\n', s);
      if (e < 0) e = n;
      const ls = s;
      s = e + 1;
      lineNo++;
      const hasNL = e < n;
      const len = e - ls;
      let ok = false;
      // a UTF-16 unit is at most 3 UTF-8 bytes: only long lines need their bytes counted (nothing is kept from an
      // interrupted pass: restore only builds its outcome)
      if (len * 3 > FGETS_MAX && !split && Buffer.byteLength(src.slice(ls, e)) > FGETS_MAX) return restoreLines(splitLongLines(src), initial, o, true);

      if (len === 0 && hasNL) continue;
      const c0 = src.charCodeAt(ls);
      if (c0 === 35) {
        if (o.verbose) stdout += src.slice(ls, e) + (hasNL ? '\n' : '');
        continue;
      }
      // rule and chain lines are never sliced whole: only their first character and length are looked at here
      const raw = c0 === 45 || c0 === 58 ? '' : src.slice(ls, e);
      const isCommit = len === 6 && (nft ? raw === 'COMMIT' : raw === 'COMMIT' && hasNL);
      if (inTable && isCommit) {
        commitBlock(block!, lineNo);
        block = null;
        inTable = false;
        ok = true;
      } else if (c0 === 42 && !inTable) {
        const toks = strtokAll(raw.slice(1), ' \t\n');
        if (toks.length === 0) fail(paramProblem(`${prog.name}: line ${lineNo} table name invalid`), lineNo);
        const name = toks[0];
        if (nft && !isTableName(name)) fail(paramProblem(`${prog.name}: line ${lineNo} table name '${name}' invalid`), lineNo);
        curTable = name;
        if (o.table !== undefined && o.table !== name) continue;
        if (!isTableName(name)) fail(paramProblem(`${prog.name}: unable to initialize table '${name}'`), lineNo);
        blockStart = ls;
        block = startBlock(name as TableName);
        inTable = true;
        ok = true;
      } else if (c0 === 58 && inTable) {
        chainLine(block!, ls, e, lineNo);
        ok = true;
      } else if (inTable) {
        ruleCommand(block!, ls, e, c0, raw, lineNo);
        ok = true;
      }
      if (o.table !== undefined && curTable !== undefined && curTable !== o.table) continue;
      if (o.table !== undefined && curTable === undefined && !nft) continue;
      if (!ok) failedLine(lineNo);
    }
    if (inTable) throw new Stop(`${prog.name}: COMMIT expected at line ${lineNo + 1}\n`, 1);
  } catch (e) {
    if (e instanceof Stop) return { ruleset: rs, changed: isChanged(), stdout, stderr: stderr + e.stderr, status: e.status };
    if (e instanceof XtError) return { ruleset: rs, changed: isChanged(), stdout, stderr: stderr + formatXtError(e, prog), status: e.status };
    throw e;
  }
  return { ruleset: rs, changed: isChanged(), stdout, stderr, status: 0 };

  function isChanged(): boolean {
    if (rs.tables.size !== initial.tables.size || rs.touched.length !== initial.touched.length) return true;
    for (const [k, v] of rs.tables) if (initial.tables.get(k) !== v) return true;
    return false;
  }

  function newBlock(name: TableName, work: Table | null): BlockState {
    // nft --test keeps nothing a rule command builds (see ruleCommand); -v prints the rules
    const po: ParseOptions = { family, flavor: o.flavor, restore: true, table: name, validateOnly: nft && o.test && !o.verbose };
    return { name, work, start: blockStart, chainDels: [], newChains: new Set(), po, tHash: shapeWords(['-t', name], 0, 0), pending: [] };
  }

  function startBlock(name: TableName): BlockState {
    const existing = rs.tables.get(name);
    if (o.verbose && !o.noflush) {
      // for_each_chain(flush_entries, verbose) then for_each_chain(delete_chain): built-ins first, user chains sorted
      const chains = existing ? orderedChains(existing) : orderedChains(newTable(name));
      for (const c of chains) stdout += `Flushing chain \`${c.name}'\n`;
      for (const c of chains) if (!c.builtin) stdout += `Deleting chain \`${c.name}'\n`;
    }
    if (!nft) {
      // libiptc: the table is instantiated in the kernel at once (even if the block fails, even with --test)
      let base = existing;
      if (!base) {
        base = newTable(name);
        rs.tables.set(name, base);
        rs.touched.push(name);
      }
      const work = cloneTable(base);
      if (!o.noflush) {
        ops.flushChain(work);
        ops.deleteAllUserChains(work);
      }
      return newBlock(name, work);
    }
    // nft with -v builds a full cache and flushes chain by chain like legacy (policies and the table survive)
    if (o.verbose && !o.noflush && existing) {
      const work = cloneTable(existing);
      ops.flushChain(work);
      ops.deleteAllUserChains(work);
      return newBlock(name, work);
    }
    // nft: without --noflush the whole table is deleted and re-created on first use
    const work = o.noflush && existing ? cloneTable(existing) : null;
    return newBlock(name, work);
  }

  function commitBlock(b: BlockState, lineNo: number): void {
    const work = b.work;
    if (nft && b.deferred && !o.test) {
      if (b.deferred.kind === 'jump') fail(paramProblem(`Chain '${b.deferred.chain}' does not exist`), lineNo);
      else failedLine(b.deferred.line, b.deferred.reason);
    }
    // --test never reaches the kernel: its checks (hooks, loops, jump targets on nft) are skipped
    if (o.test) return;
    // the kernel refuses deleting a chain that was referenced or held rules (the first such object of the batch)
    const del = nft ? b.chainDels[0] : undefined;
    if (del) throw new Stop(`${prog.name} v${prog.version}: \nline ${del.line}: CHAIN_DEL failed (Device or resource busy): chain ${del.chain}\n`, 4);
    if (work) {
      const problem = validateTable(work, family, o.flavor);
      if (problem) {
        if (!nft) {
          if (!o.test) failedLine(lineNo);
        } else if (problem.kind === 'missing-chain') {
          if (!o.test) fail(paramProblem(`Chain '${problem.target}' does not exist`), lineNo);
        } else if (!o.test) {
          // the kernel answers every refused object of the batch; iptables prints them all, in batch order
          const pieces: { line: number; text: string }[] = [];
          for (const p of problem.kind === 'invalid' ? validateTableAll(work, family, o.flavor) : [problem]) {
            const r = p.kind === 'invalid' ? work.chains.get(p.chain)!.rules[p.rule - 1] : undefined;
            const info = r && added(b, r) ? { line: lineOf(r.span!.start), op: opOf(r.span!.start) } : undefined;
            const what = problemText(p);
            const where = info ? `\nline ${info.line}: ${info.op} failed (${what})` : ` RULE_APPEND failed (${what})`;
            pieces.push({ line: info?.line ?? 0, text: `${where}: rule in chain ${p.chain}` });
          }
          pieces.sort((x, y) => x.line - y.line);
          throw new Stop(`${prog.name} v${prog.version}: ${pieces.map((x) => x.text).join('')}\n`, 4);
        }
      }
    }
    if (o.test) return;
    if (work) {
      rs.tables.set(b.name, work);
      if (!rs.touched.includes(b.name)) rs.touched.push(b.name);
    } else if (!o.noflush && rs.tables.has(b.name)) {
      rs.tables.delete(b.name);
      rs.touched = rs.touched.filter((t) => t !== b.name);
    }
  }

  function chainLine(b: BlockState, ls: number, e: number, lineNo: number): void {
    if (nft && o.test) testChainLine(b, ls, e, lineNo);
    else declareChain(b, scanner.strtok(ls + 1, e, []), lineNo);
  }

  /**
   * nft --test: a chain line's checks at once (in declareChain's order: nft refuses nothing for an existing chain), its
   * edits of the transaction only when a -S/-L of the block lists it (rule lines edit nothing under nft --test), so a
   * kube-proxy dump's 30,000 chains are never built.
   */
  function testChainLine(b: BlockState, ls: number, e: number, lineNo: number): void {
    // the counters are only looked at with -c
    const toks = scanner.strtok(ls + 1, e, [], o.counters ? 3 : 2);
    const chain = toks[0];
    if (chain === undefined) fail(paramProblem(`${prog.name}: line ${lineNo} chain name invalid`), lineNo);
    try {
      assertValidChainName(chain, family);
    } catch (e) {
      if (e instanceof XtError) fail(e, lineNo);
      throw e;
    }
    const policy = toks[1];
    if (policy === undefined) fail(paramProblem(`${prog.name}: line ${lineNo} policy invalid`), lineNo);
    if (HOOKS_BY_TABLE[b.name].includes(chain)) {
      if (o.counters && !parseBracketCounters(toks[2])) fail(paramProblem(`invalid policy counters for chain '${chain}'`), lineNo);
      if (policy !== 'ACCEPT' && policy !== 'DROP' && policy !== '-' && !b.deferred) b.deferred = { kind: 'op', line: lineNo, reason: 'Bad policy name' };
    }
    // runs of adjacent chain lines are kept as one (start, end, first line number): a dump's 30,000 chain lines are one
    // run, not an array of 90,000 numbers whose growth a full GC would have to clear away
    const p = b.pending;
    if (p.length > 0 && p[p.length - 2] + 1 === ls) p[p.length - 2] = e;
    else p.push(ls, e, lineNo);
  }

  /** the table edits of the chain lines testChainLine() held back, in order (their checks passed then) */
  function flushPending(b: BlockState): void {
    const p = b.pending;
    if (p.length === 0) return;
    b.pending = [];
    for (let k = 0; k < p.length; k += 3) {
      // the run's lines, in order
      let lineNo = p[k + 2];
      for (let ls = p[k]; ls < p[k + 1]; lineNo++) {
        let le = src.indexOf('\n', ls);
        if (le < 0 || le > p[k + 1]) le = p[k + 1];
        declareChain(b, strtokAll(src.slice(ls + 1, le), ' \t\n'), lineNo);
        ls = le + 1;
      }
    }
  }

  function declareChain(b: BlockState, toks: string[], lineNo: number): void {
    const chain = toks[0];
    if (chain === undefined) fail(paramProblem(`${prog.name}: line ${lineNo} chain name invalid`), lineNo);
    if (nft) {
      try {
        assertValidChainName(chain, family);
      } catch (e) {
        if (e instanceof XtError) fail(e, lineNo);
        throw e;
      }
    } else if (chain.length >= MAXNAMELEN) {
      fail(paramProblem(`Invalid chain name \`${chain}' (${MAXNAMELEN - 1} chars max)`), lineNo);
    }
    const work = nft ? ensureWork(b) : b.work!;
    const builtin = HOOKS_BY_TABLE[b.name].includes(chain);
    if (!builtin) {
      const exists = work.chains.has(chain);
      if (exists && o.noflush) ops.flushChain(work, chain);
      else if (exists) {
        if (!nft) fail(paramProblem(`error creating chain '${chain}':File exists`), lineNo);
      } else if (!nft && (findTarget(chain, family) !== undefined || isStandardTargetName(chain))) {
        fail(paramProblem(`error creating chain '${chain}':File exists`), lineNo);
      } else {
        ops.newChain(work, chain);
        b.newChains.add(chain);
      }
    }
    const policy = toks[1];
    if (policy === undefined) fail(paramProblem(`${prog.name}: line ${lineNo} policy invalid`), lineNo);
    if (!builtin) {
      if (!nft && policy !== '-') throw new Stop(`${prog.name} v${prog.version}: Can't set policy \`${policy}' on \`${chain}' line ${lineNo}: Bad built-in chain name\n`, 1);
      return;
    }
    if (!nft && policy === '-') return;
    let counters: { pkts: bigint; bytes: bigint } | undefined;
    if (o.counters) {
      counters = parseBracketCounters(toks[2]);
      if (!counters) fail(paramProblem(`invalid policy counters for chain '${chain}'`), lineNo);
    }
    if (nft) delete work.chains.get(chain)!.absent; // declared: the base chain exists in this transaction
    if (policy !== 'ACCEPT' && policy !== 'DROP') {
      if (nft && policy === '-') return;
      if (nft) {
        if (!b.deferred) b.deferred = { kind: 'op', line: lineNo, reason: 'Bad policy name' };
        return;
      }
      throw new Stop(`${prog.name} v${prog.version}: Can't set policy \`${policy}' on \`${chain}' line ${lineNo}: Bad policy name\n`, 1);
    }
    ops.setPolicy(work, chain, policy, counters ?? { pkts: 0n, bytes: 0n });
  }

  function ruleCommand(b: BlockState, ls: number, e: number, c0: number, raw: string, lineNo: number): void {
    let pc: string | undefined;
    let bc: string | undefined;
    let ws = ls;
    if (c0 === 91) {
      // tokenize_rule_counters()
      const close = raw.indexOf(']');
      if (close < 0) fail(paramProblem(`Bad line ${lineNo}: need ]`), lineNo);
      const inner = raw.slice(1);
      const t1 = strtokFirst(inner, ':');
      if (!t1) fail(paramProblem(`Bad line ${lineNo}: need :`), lineNo);
      const t2 = strtokFirst(inner.slice(t1!.end), ']');
      if (!t2) fail(paramProblem(`Bad line ${lineNo}: need ]`), lineNo);
      pc = t1!.tok;
      bc = t2!.tok;
      ws = ls + close + 1;
    }
    // the line's words are scanned straight into argv, after what iptables-restore puts in front of them
    const argv: string[] = ['-t', b.name];
    if (!o.noflush) for (let v = 0; v < o.verbose; v++) argv.push('-v');
    if (o.counters && pc !== undefined && bc !== undefined) argv.push('--set-counters', pc, bc);
    const first = argv.length;
    scanner.scan(ws, e, e < n, argv, first === 2 ? b.tHash : shapeWords(argv, 0, 0));
    for (let k = first; k < argv.length; k++) {
      const w = argv[k];
      // a UTF-16 unit is at most 3 UTF-8 bytes: only long words need the byte count
      if (w.length * 3 >= 1024 && Buffer.byteLength(w) >= 1024) fail(paramProblem('Parameter too long!'), lineNo);
    }
    if (argv.length + 1 > 254) fail(paramProblem('Parser cannot handle more arguments'), lineNo);

    let cmd: ParsedCommand;
    try {
      cmd = parseCommand(argv, b.po, scanner.hash);
    } catch (e) {
      if (e instanceof XtError) fail(e, lineNo);
      throw e;
    }
    if (cmd.skipped) return;
    if (cmd.version) {
      stdout += `${programInfo(family, o.flavor, '').name} v${prog.version}\n`;
      throw new Stop('', 0);
    }
    if (cmd.help) fail(new XtError('other', 'unsupported: -h inside iptables-restore input'), lineNo);
    if (cmd.warnings.length) stderr += cmd.warnings.join('');
    if (family === 'ipv6' && nft) for (const r of cmd.rules) r.counters = { pkts: 0n, bytes: 0n };
    if (o.verbose === 1 && cmd.options & OPT.VERBOSE && cmd.command & (CMD.APPEND | CMD.INSERT | CMD.DELETE | CMD.REPLACE)) {
      for (const r of cmd.rules) stdout += printRuleVerbose(r, family, o.flavor);
    }
    if (o.verbose > 1) fail(new XtError('other', 'unsupported: iptables-restore -v -v (the real tool dumps backend internals)'), lineNo);
    // nft --test never commits, so nothing a command does to the transaction can be observed: parse errors are all
    // that remains (commands that print, -S/-L, still run)
    if (nft && o.test && !(cmd.command & (CMD.LIST | CMD.LIST_RULES))) return;
    applyCommand(b, cmd, lineNo, { start: ls, end: e });
  }

  function applyCommand(b: BlockState, cmd: ParsedCommand, lineNo: number, span: { start: number; end: number }): void {
    flushPending(b);
    const work = nft ? ensureWork(b) : b.work!;
    const chain = cmd.chain!;
    const isRuleCmd = (cmd.command & (CMD.APPEND | CMD.DELETE | CMD.CHECK | CMD.INSERT | CMD.REPLACE)) !== 0;
    if (isRuleCmd && !nft) {
      // do_command4: resolve the -j/-g name against the table's chains
      const j = cmd.jumpto;
      if (cmd.targetDef && work.chains.has(j)) {
        stderr += `Warning: using chain ${j}, not extension\n`;
        for (const r of cmd.rules) r.target = cmd.gotoSet ? { kind: 'goto', chain: j } : { kind: 'jump', chain: j };
      } else if (!cmd.targetDef && j !== '' && !['ACCEPT', 'DROP', 'RETURN', 'QUEUE'].includes(j) && !work.chains.has(j)) {
        if (cmd.gotoSet) fail(paramProblem(`goto '${j}' is not a chain`), lineNo);
        fail(paramProblem(`Couldn't load target \`${j}':No such file or directory\n`), lineNo);
      }
    }
    if (isRuleCmd && nft && cmd.targetDef && work.chains.has(cmd.jumpto)) {
      for (const r of cmd.rules) r.target = cmd.gotoSet ? { kind: 'goto', chain: cmd.jumpto } : { kind: 'jump', chain: cmd.jumpto };
    }
    if (nft) {
      // the batch is checked at COMMIT in command order; after the first failure nothing more is looked at
      if (b.deferred) return;
      const t0 = isRuleCmd && cmd.command & (CMD.APPEND | CMD.INSERT | CMD.REPLACE) ? cmd.rules[0]?.target : undefined;
      if (t0 && (t0.kind === 'jump' || t0.kind === 'goto') && !work.chains.has(t0.chain)) {
        b.deferred = { kind: 'jump', chain: t0.chain };
        return;
      }
      // an undeclared base chain does not exist in the transaction for positional look-ups
      if ((cmd.command === CMD.DELETE_NUM || cmd.command === CMD.REPLACE) && work.chains.get(chain)?.absent) {
        b.deferred = { kind: 'op', line: lineNo, reason: 'No chain/target/match by that name' };
        return;
      }
    }
    try {
      if (!ops.applyRuleEdit(work, chain, cmd, span, family, o.flavor)) switch (cmd.command) {
        case CMD.REPLACE: {
          const old = work.chains.get(chain)?.rules[cmd.rulenum - 1];
          // iptables-nft 1.8.9 dereferences a missing handle for a rule added in the same transaction: SIGSEGV
          if (nft && old && added(b, old)) throw new Stop('', 139);
          cmd.rules[0].span = span;
          ops.replaceRule(work, chain, cmd.rulenum, cmd.rules[0]);
          break;
        }
        case CMD.CHECK:
          for (const r of cmd.rules) if (ops.findRule(work, chain, r, family, o.flavor) < 0) throw new OpError('EBADRULE', 'check', chain);
          break;
        case CMD.FLUSH:
          if (nft && cmd.chain === undefined) {
            // nft flushes what the kernel holds: rules added earlier in this transaction survive
            for (const c of [...work.chains.values()]) {
              const keep = c.rules.filter((r) => added(b, r));
              if (keep.length !== c.rules.length) work.chains.set(c.name, { ...c, rules: keep });
            }
          } else ops.flushChain(work, cmd.chain);
          break;
        case CMD.ZERO:
        case CMD.ZERO_NUM: {
          const chains = cmd.chain === undefined ? [...work.chains.values()] : [work.chains.get(chain)].filter((c) => c !== undefined);
          if (nft) {
            const hit = chains.find((c) => c.rules.some((r, k) => added(b, r) && (cmd.command === CMD.ZERO || k === cmd.rulenum - 1)));
            if (hit) throw new Stop(`${prog.name} v${prog.version}: \nline ${lineNo}: RULE_REPLACE failed (Invalid argument): rule in chain ${hit.name}\n`, 4);
            ops.zeroCounters_(work, cmd.chain, cmd.command === CMD.ZERO_NUM ? cmd.rulenum : undefined);
          } else {
            // libiptc zeroes kernel counters; rules added in this handle keep the counters they were given
            const before = new Map(chains.map((c) => [c.name, c.rules.slice()]));
            ops.zeroCounters_(work, cmd.chain, cmd.command === CMD.ZERO_NUM ? cmd.rulenum : undefined);
            for (const c of chains) {
              const old = before.get(c.name)!;
              const cur = work.chains.get(c.name)!;
              cur.rules = cur.rules.map((r, k) => (added(b, old[k]) ? old[k] : r));
            }
          }
          break;
        }
        case CMD.NEW_CHAIN:
          ops.newChain(work, chain);
          b.newChains.add(chain);
          break;
        case CMD.DELETE_CHAIN:
          if (cmd.chain === undefined) {
            for (const c of [...work.chains.values()]) if (!c.builtin) deleteOne(b, work, c.name, lineNo);
            if (nft) {
              // nft deletes the base chains too; they come back with policy ACCEPT
              for (const c of [...work.chains.values()]) if (c.builtin) work.chains.set(c.name, { ...c, policy: 'ACCEPT', counters: { pkts: 0n, bytes: 0n } });
            }
          } else deleteOne(b, work, chain, lineNo);
          break;
        case CMD.RENAME_CHAIN:
          if (nft && b.newChains.has(chain) && work.chains.has(chain) && !work.chains.has(cmd.newname!)) {
            throw new Stop(`${prog.name} v${prog.version}: \nline ${lineNo}: CHAIN_RENAME failed (No such file or directory): chain ${cmd.newname}\n`, 4);
          }
          ops.renameChain(work, chain, cmd.newname!);
          break;
        case CMD.SET_POLICY:
          ops.setPolicy(work, chain, cmd.policy!);
          break;
        case CMD.LIST_RULES:
          stdout += listRules(work, cmd.chain);
          break;
        case CMD.LIST:
          if (cmd.chain !== undefined && !work.chains.has(cmd.chain)) throw new OpError('ENOENT', 'list', cmd.chain);
          stdout += listTable(work, {
            family, flavor: o.flavor, chain: cmd.chain, rulenum: cmd.rulenum || undefined, verbose: (cmd.options & OPT.VERBOSE) !== 0,
            numeric: (cmd.options & OPT.NUMERIC) !== 0, exact: (cmd.options & OPT.EXPANDED) !== 0, lineNumbers: (cmd.options & OPT.LINENUMBERS) !== 0,
          });
          break;
        default:
          fail(new XtError('other', `unsupported: this command inside ${prog.name} input`), lineNo);
      }
    } catch (e) {
      if (e instanceof OpError) {
        if (nft) {
          b.deferred = { kind: 'op', line: lineNo, reason: opMessage(cmd, e, true, b.work?.chains.get(cmd.chain ?? '')?.absent === true).text };
          return;
        }
        failedLine(lineNo);
      }
      throw e;
    }
  }

  function deleteOne(b: BlockState, work: Table, chain: string, lineNo: number): void {
    const c = work.chains.get(chain);
    if (!c) throw new OpError('ENOENT', 'delete-chain', chain);
    if (c.builtin) {
      if (nft) return;
      throw new OpError('EPERM', 'delete-chain', chain);
    }
    if (nft) {
      // gone from the transaction at once (later commands no longer see it); the kernel refuses the deletion of a
      // referenced or non-empty chain when the batch is committed (CHAIN_DEL ... Device or resource busy)
      const busy = ops.references(work, chain) > 0 || c.rules.length > 0;
      work.chains.delete(chain);
      if (busy) b.chainDels.push({ chain, line: lineNo });
      return;
    }
    ops.deleteChain(work, chain);
  }

  function listRules(t: Table, chain?: string): string {
    let out = '';
    const chains = orderedChains(t).filter((c) => chain === undefined || c.name === chain);
    for (const c of chains) out += c.builtin ? `-P ${c.name} ${c.policy}\n` : `-N ${c.name}\n`;
    for (const c of chains) for (const r of c.rules) out += ruleLine(c.name, r, family, o.flavor, false);
    return out;
  }
}

/** strtok(s, delim) first token and where scanning stopped. */
function strtokFirst(s: string, delims: string): { tok: string; end: number } | undefined {
  let i = 0;
  while (i < s.length && delims.includes(s[i])) i++;
  if (i >= s.length) return undefined;
  let j = i;
  while (j < s.length && !delims.includes(s[j])) j++;
  return { tok: s.slice(i, j), end: Math.min(j + 1, s.length) };
}

/** parse_counters(): sscanf("[%llu:%llu]") */
export function parseBracketCounters(s: string | undefined): { pkts: bigint; bytes: bigint } | undefined {
  if (s === undefined) return undefined;
  const m = /^\[[ \t\n\v\f\r]*([+-]?\d+):[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return undefined;
  const max = (1n << 64n) - 1n;
  const conv = (x: string) => {
    let v = BigInt(x.replace('+', ''));
    if (v < 0n) v = (max + 1n + v) & max;
    return v > max ? max : v;
  };
  return { pkts: conv(m[1]), bytes: conv(m[2]) };
}

/** fgets()' buffer holds 10240 bytes: a longer physical line is read as several lines of 10239 bytes */
const FGETS_MAX = 10239;

/** fgets() with a 10240-byte buffer: physical lines longer than 10239 bytes are read as several lines. */
function splitLongLines(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const buf = Buffer.from(line);
    if (buf.length <= 10239) {
      out.push(line);
      continue;
    }
    for (let p = 0; p < buf.length; p += 10239) out.push(buf.subarray(p, p + 10239).toString());
  }
  return out.join('\n');
}


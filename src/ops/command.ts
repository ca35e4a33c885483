// One iptables/ip6tables command line applied to a ruleset, as iptables 1.8.9 does it
// (iptables-standalone.c + do_command4 for legacy, xtables-standalone.c + do_commandx for nft):
// parse, resolve the target, edit a copy of the table, let the "kernel" validate it, and report like the real tool.
import { XtError, formatXtError } from '../diag/errors.js';
import type { Family, Flavor, Rule, Ruleset, Table } from '../model/ruleset.js';
import { cloneTable, isTableName, newTable } from '../model/ruleset.js';
import { CMD, OPT, parseCommand } from '../syntax/command.js';
import type { ParsedCommand } from '../syntax/command.js';
import { orderedChains, ruleLine } from '../render/save.js';
import { printRuleVerbose } from '../render/list.js';
import * as ops from './table-ops.js';
import { OpError } from './table-ops.js';
import { programInfo } from './restore.js';
import { problemText, validateTable } from './validate.js';
import { opMessage } from './messages.js';

export interface CommandOptions {
  family: Family;
  flavor: Flavor;
  /**
   * The commit-time kernel check (default: validateTable over the whole table). The journaled -A path passes one
   * that checks only what an appended rule can change; 'fallback' aborts (the caller redoes the command in full).
   */
  validate?: (work: Table, added: readonly Rule[], chain: string | undefined) => ReturnType<typeof validateTable> | 'fallback';
  /** the caller's tables are scratch copies: edit them in place instead of cloning */
  owned?: boolean;
  /** renders `-L`; injected to keep ops free of the list renderer's dependencies */
  list?: (table: Table, o: { family: Family; flavor: Flavor; chain?: string; rulenum?: number; verbose: boolean; numeric: boolean; exact: boolean; lineNumbers: boolean }) => string;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  status: number;
  /** the injected validator could not decide: nothing was done */
  fallback?: boolean;
  /** the state afterwards (the same object when nothing changed) */
  ruleset: Ruleset;
}

export function runCommand(argv: string[], rs: Ruleset, o: CommandOptions): CommandResult {
  const { family, flavor } = o;
  const prog = programInfo(family, flavor, '');
  const nft = flavor === 'nft';
  let stdout = '';
  let stderr = '';
  const done = (status: number, ruleset: Ruleset = rs): CommandResult => ({ stdout, stderr, status, ruleset });

  let cmd: ParsedCommand;
  try {
    cmd = parseCommand(argv, { family, flavor, restore: false });
  } catch (e) {
    if (e instanceof XtError) {
      stderr += formatXtError(e, prog);
      return done(e.status);
    }
    throw e;
  }
  stderr += cmd.warnings.join('');
  // iptables-nft ignores counters given for IPv6 rules
  if (nft && family === 'ipv6') for (const r of cmd.rules) r.counters = { pkts: 0n, bytes: 0n };
  if (cmd.version) {
    stdout += `${prog.name} v${prog.version}\n`;
    return done(0);
  }
  if (cmd.help) {
    stderr += formatXtError(new XtError('other', 'unsupported: -h (help text) is not emulated yet'), prog);
    return done(1);
  }
  const tableName = cmd.table;
  if (!isTableName(tableName)) {
    stderr += nft
      ? `${prog.name} v${prog.version}: table '${tableName}' does not exist\nPerhaps ${prog.name} or your kernel needs to be upgraded.\n`
      : `${prog.name} v${prog.version}: can't initialize ${prog.name} table \`${tableName}': Table does not exist (do you need to insmod?)\nPerhaps ${prog.name} or your kernel needs to be upgraded.\n`;
    return done(3);
  }

  // the kernel view: legacy instantiates the table on iptc_init(), even if the command then fails
  let base = rs;
  if (!nft && !rs.tables.has(tableName)) {
    const tables = new Map(rs.tables);
    tables.set(tableName, newTable(tableName));
    base = { ...rs, tables, touched: [...rs.touched, tableName] };
  }
  const existing = base.tables.get(tableName);
  const work = existing ? (o.owned ? existing : cloneTable(existing)) : newTable(tableName, nft);
  const chain = cmd.chain;
  const isRuleCmd = (cmd.command & (CMD.APPEND | CMD.DELETE | CMD.CHECK | CMD.INSERT | CMD.REPLACE)) !== 0;

  if (isRuleCmd) {
    const j = cmd.jumpto;
    const std = ['', 'ACCEPT', 'DROP', 'RETURN', 'QUEUE'].includes(j);
    if (cmd.gotoSet && std && j !== '') {
      const err = nft ? new XtError('parameter', `Chain '${j}' does not exist`) : new XtError('parameter', `goto '${j}' is not a chain`);
      stderr += formatXtError(err, prog);
      return done(2, base);
    }
    if (cmd.targetDef && work.chains.has(j)) {
      if (!nft) stderr += `Warning: using chain ${j}, not extension\n`;
      for (const r of cmd.rules) r.target = cmd.gotoSet ? { kind: 'goto', chain: j } : { kind: 'jump', chain: j };
    } else if (!cmd.targetDef && !std && !work.chains.has(j)) {
      let err: XtError;
      if (nft) err = new XtError('parameter', `Chain '${j}' does not exist`);
      else if (cmd.gotoSet) err = new XtError('parameter', `goto '${j}' is not a chain`);
      else err = new XtError('parameter', `Couldn't load target \`${j}':No such file or directory\n`);
      stderr += formatXtError(err, prog);
      return done(2, base);
    }
  }

  let changed = false;
  const added: Rule[] = [];
  // -v on rule commands echoes each rule (print_firewall_line / nft_rule_print with FMT_PRINT_RULE)
  if (cmd.options & OPT.VERBOSE && isRuleCmd && cmd.command !== CMD.CHECK) for (const r of cmd.rules) stdout += printRuleVerbose(r, family, flavor);
  try {
    switch (cmd.command) {
      case CMD.APPEND:
        for (const r of cmd.rules) ops.appendRule(work, chain!, r);
        added.push(...cmd.rules);
        changed = true;
        break;
      case CMD.INSERT:
        cmd.rules.forEach((r, k) => ops.insertRule(work, chain!, cmd.rulenum + k, r));
        added.push(...cmd.rules);
        changed = true;
        break;
      case CMD.REPLACE:
        ops.replaceRule(work, chain!, cmd.rulenum, cmd.rules[0]);
        added.push(cmd.rules[0]);
        changed = true;
        break;
      case CMD.DELETE:
        for (const r of cmd.rules) ops.deleteRule(work, chain!, r, family, flavor);
        changed = true;
        break;
      case CMD.DELETE_NUM:
        ops.deleteRuleNum(work, chain!, cmd.rulenum);
        changed = true;
        break;
      case CMD.CHECK:
        for (const r of cmd.rules) if (ops.findRule(work, chain!, r, family, flavor) < 0) throw new OpError('EBADRULE', 'check', chain);
        break;
      case CMD.FLUSH:
        ops.flushChain(work, chain);
        changed = true;
        break;
      case CMD.ZERO:
        ops.zeroCounters_(work, chain);
        changed = true;
        break;
      case CMD.ZERO_NUM:
        try {
          ops.zeroCounters_(work, chain, cmd.rulenum);
        } catch (e) {
          // nft zeroes by handle look-up: a position past the end of an existing chain is simply nothing to zero
          if (!(nft && e instanceof OpError && e.errno === 'E2BIG' && !work.chains.get(chain!)?.absent)) throw e;
        }
        changed = true;
        break;
      case CMD.NEW_CHAIN:
        ops.newChain(work, chain!);
        changed = true;
        break;
      case CMD.DELETE_CHAIN: {
        const names = chain !== undefined ? [chain] : orderedChains(work).filter((c) => !c.builtin).map((c) => c.name);
        if (chain !== undefined && !work.chains.has(chain)) throw new OpError('ENOENT', 'delete-chain', chain);
        if (nft) {
          // one transaction: the kernel refuses deleting a base, non-empty or referenced chain (EBUSY)
          for (const n of names) {
            const c = work.chains.get(n)!;
            if (c.builtin || c.rules.length > 0 || ops.references(work, n) > 0) {
              stderr += `${prog.name} v${prog.version}:  CHAIN_DEL failed (Device or resource busy): chain ${n}\n`;
              return done(4, base);
            }
          }
          for (const n of names) ops.deleteChain(work, n);
        } else {
          // libiptc: each chain on its own; the last failure's errno is reported, the others are deleted
          let last: OpError | undefined;
          for (const n of names) {
            try {
              const c = work.chains.get(n)!;
              if (c.builtin) throw new OpError('EPERM', 'delete-chain', n);
              ops.deleteChain(work, n);
            } catch (e) {
              if (!(e instanceof OpError)) throw e;
              last = e;
            }
          }
          if (last) {
            const m = opMessage(cmd, last, nft);
            stderr += `${prog.name}: ${m.text}.${m.errno === 'EINVAL' ? " Run `dmesg' for more information." : ''}\n`;
            if (chain !== undefined) return done(1, base);
            const tables = new Map(base.tables);
            tables.set(tableName, work);
            return done(1, { ...base, tables, touched: base.touched.includes(tableName) ? base.touched : [...base.touched, tableName] });
          }
        }
        changed = true;
        break;
      }
      case CMD.RENAME_CHAIN:
        // the legacy kernel keeps 28-character chain names (the parser only checks the old name)
        if (!nft && cmd.newname!.length >= 29 && work.chains.has(chain!)) throw new OpError('EINVAL', 'rename', chain);
        if (nft && work.chains.get(chain!)?.builtin) {
          unsupported('iptables-nft -E on a built-in chain (the real tool renames the base chain)');
        }
        ops.renameChain(work, chain!, cmd.newname!);
        changed = true;
        break;
      case CMD.SET_POLICY:
        ops.setPolicy(work, chain!, cmd.policy!); // -c with -P sets no policy counters on either backend
        changed = true;
        break;
      case CMD.LIST_RULES:
      case CMD.LIST_RULES | CMD.ZERO:
      case CMD.LIST_RULES | CMD.ZERO_NUM:
        stdout += listRules(work, cmd, family, flavor);
        break;
      case CMD.LIST:
      case CMD.LIST | CMD.ZERO:
      case CMD.LIST | CMD.ZERO_NUM:
        if (!o.list) throw new XtError('other', 'unsupported: -L');
        if (chain !== undefined && !work.chains.has(chain)) throw new OpError('ENOENT', 'list', chain);
        stdout += o.list(work, {
          family, flavor, chain, rulenum: cmd.rulenum || undefined, verbose: (cmd.options & OPT.VERBOSE) !== 0,
          numeric: (cmd.options & OPT.NUMERIC) !== 0, exact: (cmd.options & OPT.EXPANDED) !== 0, lineNumbers: (cmd.options & OPT.LINENUMBERS) !== 0,
        });
        break;
    }
    if (cmd.command & (CMD.LIST | CMD.LIST_RULES) && cmd.command & (CMD.ZERO | CMD.ZERO_NUM)) {
      ops.zeroCounters_(work, chain, cmd.command & CMD.ZERO_NUM ? cmd.rulenum : undefined);
      changed = true;
    }
    // zero_entries() with -v names every chain it zeroes
    if (cmd.command & CMD.ZERO && cmd.options & OPT.VERBOSE) {
      for (const c of orderedChains(work)) if (chain === undefined || c.name === chain) stdout += `Zeroing chain \`${c.name}'\n`;
    }
  } catch (e) {
    if (e instanceof OpError) {
      if (nft && (cmd.command & (CMD.LIST | CMD.LIST_RULES)) && e.errno === 'ENOENT') {
        stderr += `${prog.name} v${prog.version}: chain \`${e.chain}' in table \`${tableName}' is incompatible, use 'nft' tool.\n`;
        return done(1, base);
      }
      const m = opMessage(cmd, e, nft, work.chains.get(chain ?? '')?.absent === true);
      stderr += `${prog.name}: ${m.text}.${m.errno === 'EINVAL' ? " Run `dmesg' for more information." : ''}\n`;
      return done(1, base);
    }
    if (e instanceof XtError) {
      stderr += formatXtError(e, prog);
      return done(e.status, base);
    }
    throw e;
  }

  if (!changed) return done(0, base);
  const problem = o.validate ? o.validate(work, added, chain) : validateTable(work, family, flavor);
  if (problem === 'fallback') return { stdout: '', stderr: '', status: -1, ruleset: rs, fallback: true };
  if (problem) {
    const what = problemText(problem);
    if (nft) {
      const op = cmd.command === CMD.INSERT ? 'RULE_INSERT' : cmd.command === CMD.REPLACE ? 'RULE_REPLACE' : 'RULE_APPEND';
      stderr += `${prog.name} v${prog.version}:  ${op} failed (${what}): rule in chain ${chain}\n`;
      return done(4, base);
    }
    // iptc_strerror(): ENOENT reads "No chain/target/match by that name"
    const legacyText = what === 'No such file or directory' ? 'No chain/target/match by that name' : what;
    stderr += what === 'Invalid argument' ? `${prog.name}: Invalid argument. Run \`dmesg' for more information.\n` : `${prog.name}: ${legacyText}.\n`;
    return done(1, base);
  }
  const tables = new Map(base.tables);
  tables.set(tableName, work);
  const touched = base.touched.includes(tableName) ? base.touched : [...base.touched, tableName];
  return done(0, { ...base, tables, touched });
}

function unsupported(what: string): never {
  throw new XtError('other', `unsupported: ${what}`);
}

/** iptables -S [chain [rulenum]] */
function listRules(t: Table, cmd: ParsedCommand, family: Family, flavor: Flavor): string {
  const chain = cmd.chain;
  if (chain !== undefined && !t.chains.has(chain)) throw new OpError('ENOENT', 'list', chain);
  const verbose = (cmd.options & OPT.VERBOSE) !== 0;
  const chains = orderedChains(t).filter((c) => chain === undefined || c.name === chain);
  let out = '';
  if (!cmd.rulenum) {
    for (const c of chains) {
      if (c.builtin) out += `-P ${c.name} ${c.policy}${verbose ? ` -c ${c.counters.pkts} ${c.counters.bytes}` : ''}\n`;
      else out += `-N ${c.name}\n`;
    }
  }
  for (const c of chains) {
    c.rules.forEach((r, i) => {
      if (cmd.rulenum && i + 1 !== cmd.rulenum) return;
      out += ruleLine(c.name, r, family, flavor, verbose ? 'inline' : false);
    });
  }
  return out;
}


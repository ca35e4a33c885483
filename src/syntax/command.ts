// Binds an iptables/ip6tables argument vector to a command and rule(s), mirroring iptables 1.8.9 do_parse()
// (xshared.c): getopt_long over base + extension options, `!` handling, implicit protocol match loading, checks.
import { paramProblem, rawTryHelp, XtError } from '../diag/errors.js';
import type { ExtInstance, Family, Flavor, Rule, Target, TableName } from '../model/ruleset.js';
import { parseAddrMultiple } from '../values/addr.js';
import type { AddrMask } from '../values/addr.js';
import { parseProtocol, protoToName } from '../values/protocols.js';
import { xtStrtoui } from '../values/numbers.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import { genericFinalChecks, genericOptionChecks, parseTyped, storeDefault } from '../extensions/options.js';
import type { ExtensionDef, OptionCall, OptionSpec, OptValue, RuleContext } from '../extensions/types.js';
import { Getopt } from './getopt.js';
import type { LongOpt } from './getopt.js';

export const CMD = {
  INSERT: 1, DELETE: 2, DELETE_NUM: 4, REPLACE: 8, APPEND: 16, LIST: 32, FLUSH: 64, ZERO: 128,
  NEW_CHAIN: 256, DELETE_CHAIN: 512, SET_POLICY: 1024, RENAME_CHAIN: 2048, LIST_RULES: 4096, ZERO_NUM: 8192, CHECK: 16384,
} as const;
const CMD_CHARS = ['I', 'D', 'D', 'R', 'A', 'L', 'F', 'Z', 'N', 'X', 'P', 'E', 'S', 'Z', 'C'];

export const OPT = {
  NUMERIC: 1, SOURCE: 2, DESTINATION: 4, PROTOCOL: 8, JUMP: 16, VERBOSE: 32, EXPANDED: 64,
  VIANAMEIN: 128, VIANAMEOUT: 256, LINENUMBERS: 512, COUNTERS: 1024, FRAGMENT: 2048,
} as const;
const OPT_CHARS = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'];
const INVERTIBLE = new Set<number>([OPT.SOURCE, OPT.DESTINATION, OPT.PROTOCOL, OPT.VIANAMEIN, OPT.VIANAMEOUT, OPT.FRAGMENT]);

// commands_v_options: per command, per option ('x' illegal, ' ' optional); option order as OPT_CHARS
const CMD_V_OPT: Record<number, string> = {
  [CMD.INSERT]: 'x     x  x  ', [CMD.DELETE]: 'x     x  xx ', [CMD.DELETE_NUM]: 'xxxxx xxxxxx',
  [CMD.REPLACE]: 'x     x  x  ', [CMD.APPEND]: 'x     x  x  ', [CMD.LIST]: ' xxxx  xx xx',
  [CMD.FLUSH]: 'xxxxx xxxxxx', [CMD.ZERO]: 'xxxxx xxxxxx', [CMD.NEW_CHAIN]: 'xxxxx xxxxxx',
  [CMD.DELETE_CHAIN]: 'xxxxx xxxxxx', [CMD.SET_POLICY]: 'xxxxx xxxx x', [CMD.RENAME_CHAIN]: 'xxxxx xxxxxx',
  [CMD.LIST_RULES]: 'xxxxx xxxxxx', [CMD.ZERO_NUM]: 'xxxxx xxxxxx', [CMD.CHECK]: 'x     x  xx ',
};

const ILLEGAL_CACHE = new Map<number, number>();
/** Bit mask of options that no command in `command` allows (commands_v_options). */
function illegalOptions(command: number): number {
  let m = ILLEGAL_CACHE.get(command);
  if (m !== undefined) return m;
  m = 0;
  for (let i = 0; i < OPT_CHARS.length; i++) {
    let legal = 0;
    for (const [cmdBit, row] of Object.entries(CMD_V_OPT)) {
      if (!(command & Number(cmdBit))) continue;
      if (row[i] !== 'x') legal = 1;
      else if (legal === 0) legal = -1;
    }
    if (legal === -1) m |= 1 << i;
  }
  ILLEGAL_CACHE.set(command, m);
  return m;
}

const cmd2char = (cmd: number): string => CMD_CHARS[Math.log2(cmd & -cmd)];
const opt2char = (opt: number): string => OPT_CHARS[Math.log2(opt)];

/** XT_EXTENSION_MAXNAMELEN */
export const MAXNAMELEN = 29;

type Val =
  | { kind: 'base'; c: string }
  | { kind: 'ext'; def: ExtensionDef; opt: OptionSpec };

const BASE_LONG: [string, 0 | 1 | 2, string][] = [
  ['append', 1, 'A'], ['delete', 1, 'D'], ['check', 1, 'C'], ['insert', 1, 'I'], ['replace', 1, 'R'],
  ['list', 2, 'L'], ['list-rules', 2, 'S'], ['flush', 2, 'F'], ['zero', 2, 'Z'], ['new-chain', 1, 'N'],
  ['delete-chain', 2, 'X'], ['rename-chain', 1, 'E'], ['policy', 1, 'P'], ['source', 1, 's'],
  ['destination', 1, 'd'], ['src', 1, 's'], ['dst', 1, 'd'], ['protocol', 1, 'p'], ['in-interface', 1, 'i'],
  ['jump', 1, 'j'], ['table', 1, 't'], ['match', 1, 'm'], ['numeric', 0, 'n'], ['out-interface', 1, 'o'],
  ['verbose', 0, 'v'], ['wait', 2, 'w'], ['wait-interval', 2, 'W'], ['exact', 0, 'x'], ['fragments', 0, 'f'],
  ['version', 0, 'V'], ['help', 2, 'h'], ['line-numbers', 0, '0'], ['modprobe', 1, 'M'], ['set-counters', 1, 'c'],
  ['goto', 1, 'g'], ['ipv4', 0, '4'], ['ipv6', 0, '6'],
];
const baseVals = new Map<string, Val>();
const baseVal = (c: string): Val => {
  let v = baseVals.get(c);
  if (!v) {
    v = { kind: 'base', c };
    baseVals.set(c, v);
  }
  return v;
};
/** getopt entries of one extension (built once per extension). */
const EXT_OPTS = new WeakMap<ExtensionDef, LongOpt<Val>[]>();
function extLongOpts(def: ExtensionDef): LongOpt<Val>[] {
  let l = EXT_OPTS.get(def);
  if (!l) {
    l = def.options.map((opt) => ({ name: opt.name, hasArg: opt.hasArg ?? (opt.type === 'none' ? 0 : 1), val: { kind: 'ext', def, opt } as Val }));
    EXT_OPTS.set(def, l);
  }
  return l;
}
/** Merged option tables by load sequence (a trie keyed by table and extension): rules of a dump load the same
 * extensions in the same order, so each merge is computed once. */
const MERGED = new WeakMap<LongOpt<Val>[], Map<ExtensionDef, LongOpt<Val>[]>>();

const BASE_OPTS: LongOpt<Val>[] = BASE_LONG.map(([name, hasArg, c]) => ({ name, hasArg, val: baseVal(c) }));
const OPTSTRING = '-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x';

export interface ParseOptions {
  family: Family;
  flavor: Flavor;
  /** called from iptables-restore */
  restore: boolean;
  /** default table (-t overrides) */
  table?: string;
  /** restore: current input line, for messages */
  line?: number;
}

export interface ParsedCommand {
  command: number;
  table: string;
  chain?: string;
  rulenum: number;
  newname?: string;
  policy?: string;
  options: number;
  verbose: number;
  /** -w seconds (undefined: not given; 0 with -w and no value = wait forever) */
  wait?: number;
  waitInterval?: string;
  /** the rule(s): one per source × destination address combination */
  rules: Rule[];
  /** the single rule shape before address expansion (for -C/-D/-R) */
  jumpto: string;
  /** -c counters */
  counters?: { pkts: bigint; bytes: bigint };
  /** restore: the line was for the other family (-4 in ip6tables-restore) and is ignored */
  skipped?: boolean;
  /** output requested without a command: -h or -V */
  help?: { matches: string[]; target?: string };
  version?: boolean;
  /** stderr warnings printed while parsing (e.g. "Warning: weird character in interface") */
  warnings: string[];
  srcAddrs: AddrMask[];
  dstAddrs: AddrMask[];
  /** the -j/-g name as given */
  gotoSet: boolean;
  /** extension target instance, if -j named an extension */
  targetDef?: ExtensionDef;
}

interface MatchEntry {
  def: ExtensionDef;
  inst: ExtInstance;
  seen: Set<string>;
  completed: boolean;
}

const hasArg = (argv: string[], optind: number): boolean =>
  optind < argv.length && argv[optind][0] !== '-' && argv[optind][0] !== '!';

function parseRulenumber(s: string): number {
  const n = xtStrtoui(s, 1, 2147483647);
  if (n === undefined) throw paramProblem(`Invalid rule number \`${s}'`);
  return n;
}


/** assert_valid_chain_name() */
export function assertValidChainName(name: string, family: Family): void {
  if (name.length >= MAXNAMELEN) throw paramProblem(`chain name \`${name}' too long (must be under ${MAXNAMELEN} chars)`);
  if (name[0] === '-' || name[0] === '!') throw paramProblem(`chain name not allowed to start with \`${name[0]}'`);
  if (isStandardTargetName(name) || findTarget(name, family)) throw paramProblem('chain name may not clash with target name');
  if (/[ \t\n\v\f\r]/.test(name)) throw paramProblem(`Invalid chain name \`${name}'`);
}

export function isStandardTargetName(name: string): boolean {
  return name === '' || name === 'ACCEPT' || name === 'DROP' || name === 'QUEUE' || name === 'RETURN';
}

/** xt_parse_target() */
function parseTargetName(name: string): string {
  if (name.length < 1) throw paramProblem('Invalid target name (too short)');
  if (name.length >= MAXNAMELEN) throw paramProblem(`Invalid target name \`${name}' (${MAXNAMELEN - 1} chars max)`);
  if (/[ \t\n\v\f\r]/.test(name)) throw paramProblem(`Invalid target name \`${name}'`);
  return name;
}

/** xtables_parse_interface() */
function parseInterface(arg: string, warnings: string[]): string {
  if (arg.length + 1 > 16) throw paramProblem(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
  if (/[/ ]/.test(arg)) warnings.push(`Warning: weird character in interface \`${arg}' ('/' and ' ' are not allowed by the kernel).\n`);
  return arg;
}

function parseCounter(s: string): bigint | undefined {
  // sscanf("%llu"): skips white space, optional sign, decimal digits
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return undefined;
  let v = BigInt(m[2]);
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  if (m[1] === '-') v = (max + 1n - v) & max;
  return v;
}

/**
 * do_parse() + post_parse(): turn argv (without argv[0]) into a command.
 * Throws XtError exactly where iptables would exit.
 */
export function parseCommand(argv: string[], po: ParseOptions): ParsedCommand {
  const warnings: string[] = [];
  try {
    return parseCommandInner(argv, po, warnings);
  } catch (e) {
    // warnings printed before the failure stay on stderr, ahead of the error
    if (e instanceof XtError) e.before = warnings.join('') + e.before;
    throw e;
  }
}

function parseCommandInner(argv: string[], po: ParseOptions, warnings: string[]): ParsedCommand {
  const family = po.family;
  const g = new Getopt<Val>(argv, OPTSTRING, baseVal);
  let longopts: LongOpt<Val>[] = BASE_OPTS;

  let command = 0;
  let chain: string | undefined;
  let rulenum = 0;
  let newname: string | undefined;
  let policy: string | undefined;
  let table = po.table ?? 'filter';
  let tableSet = false;
  let options = 0;
  let invflags = 0;
  let verbose = 0;
  let invert = false;
  let protocol: string | undefined;
  let protoNum = 0;
  let protoUsed = false;
  let shost: string | undefined;
  let dhost: string | undefined;
  let inIface: string | undefined;
  let outIface: string | undefined;
  let jumpto = '';
  let gotoSet = false;
  let targetDef: ExtensionDef | undefined;
  let targetInst: ExtInstance | undefined;
  const targetSeen = new Set<string>();
  let wait: number | undefined;
  let waitIntervalSet = false;
  let waitInterval: string | undefined;
  let counters: { pkts: bigint; bytes: bigint } | undefined;
  const matches: MatchEntry[] = [];
  const loadedExts = new Set<ExtensionDef>();
  let fragment = false;

  const rule: Rule = { matches: [], target: { kind: 'none' }, counters: { pkts: 0n, bytes: 0n } };
  // one context object per command, rebuilt only after -t/-p/a chain changed it (it is read once per option)
  let ctxCache: RuleContext | undefined;
  let ctxInv = -1;
  const ctx = (): RuleContext => {
    if (ctxCache && ctxCache.table === table && ctxCache.chain === chain && ctxInv === invflags && (ctxCache.proto !== undefined) === ((options & OPT.PROTOCOL) !== 0)) return ctxCache;
    ctxInv = invflags;
    return (ctxCache = {
      family, flavor: po.flavor, table: table as TableName, chain,
      proto: options & OPT.PROTOCOL ? { num: protoNum, invert: (invflags & OPT.PROTOCOL) !== 0, name: protocol ?? '' } : undefined,
      rule,
    });
  };

  const addCommand = (newcmd: number, othercmds: number) => {
    if (invert) throw paramProblem("unexpected '!' flag");
    if (command & ~othercmds) throw paramProblem(`Cannot use -${cmd2char(newcmd)} with -${cmd2char(command & ~othercmds)}`);
    command |= newcmd;
  };
  const setOption = (opt: number) => {
    if (options & opt) throw paramProblem(`multiple -${opt2char(opt)} flags not allowed`);
    options |= opt;
    if (invert) {
      if (!INVERTIBLE.has(opt)) throw paramProblem(`cannot have ! before -${opt2char(opt)}`);
      invflags |= opt;
    }
  };
  const mergeOptions = (def: ExtensionDef) => {
    // xtables_options_xfrm: base options first, then the new extension's, then the older ones
    let next = MERGED.get(longopts);
    if (!next) MERGED.set(longopts, (next = new Map()));
    let merged = next.get(def);
    if (!merged) next.set(def, (merged = [...BASE_OPTS, ...extLongOpts(def), ...longopts.slice(BASE_OPTS.length)]));
    longopts = merged;
  };
  const newInstance = (def: ExtensionDef): ExtInstance => {
    const inst: ExtInstance = { name: def.name, revision: def.revision, data: {} };
    def.init?.(inst.data, ctx());
    return inst;
  };
  const loadMatch = (def: ExtensionDef) => {
    if (def.loadWarning && !loadedExts.has(def)) warnings.push(def.loadWarning);
    for (const m of matches) if (m.def.name === def.name) m.completed = true;
    const entry: MatchEntry = { def, inst: newInstance(def), seen: new Set(), completed: false };
    matches.push(entry);
    if (!loadedExts.has(def)) {
      loadedExts.add(def);
      mergeOptions(def);
    }
    return entry;
  };
  const findProto = (): ExtensionDef | undefined => {
    if (protocol === undefined) return undefined;
    const n = xtStrtoui(protocol, 0, 255);
    if (n !== undefined) {
      const name = protoToName(n, (options & OPT.NUMERIC) !== 0);
      return name ? findMatch(name, family) : undefined;
    }
    return findMatch(protocol, family);
  };
  // created once per command, shared by every option call
  const peekArg = () => argv[g.optind];
  const consumeArg = () => {
    g.optind++;
  };
  const warn = (message: string) => {
    warnings.push(message);
  };
  const dispatchExt = (def: ExtensionDef, opt: OptionSpec, arg: string | undefined) => {
    let data: Record<string, unknown>;
    let seen: Set<string>;
    if (targetDef === def && targetInst) {
      data = targetInst.data;
      seen = targetSeen;
    } else {
      let entry: MatchEntry | undefined;
      for (let k = 0; k < matches.length; k++) {
        if (matches[k].def === def && !matches[k].completed) {
          entry = matches[k];
          break;
        }
      }
      if (!entry) throw paramProblem(`unknown option "--${opt.name}"`);
      data = entry.inst.data;
      seen = entry.seen;
    }
    const c = ctx();
    let val: OptValue = { t: 'none' };
    if (!def.rawOptions) {
      genericOptionChecks(def, opt, invert, arg, seen);
      val = parseTyped(def, opt, arg, c);
    }
    const call: OptionCall = { ext: def, opt, arg, invert, data, val, seen, ctx: c, peekArg, consumeArg, warn };
    if (def.parse) def.parse(call);
    else storeDefault(call);
    seen.add(opt.name);
  };

  for (;;) {
    const r = g.next(longopts);
    if (r.kind === 'end') break;
    if (r.kind === 'nonopt') {
      if (r.arg === '!') {
        if (invert) throw paramProblem('multiple consecutive ! not allowed');
        invert = true;
        continue;
      }
      throw rawTryHelp(`Bad argument \`${r.arg}'`);
    }
    if (r.kind === 'unknown' || r.kind === 'missing') {
      // command_default(): try loading the protocol's match, then complain
      const pd = protocol !== undefined ? findProto() : undefined;
      const shouldLoad = protocol !== undefined && (pd === undefined || !loadedExts.has(pd) || !protoUsed);
      const pdef = shouldLoad ? findProto() : undefined;
      if (pdef) {
        protoUsed = true;
        const alreadyMerged = loadedExts.has(pdef);
        loadMatch(pdef);
        // command_default() merges the protocol match's options again even when an explicit -m loaded it: the
        // second copy has a new option offset, so an abbreviation now matches two entries and is ambiguous
        if (alreadyMerged) {
          const again = pdef.options.map((opt) => ({ name: opt.name, hasArg: opt.hasArg ?? (opt.type === 'none' ? 0 : 1), val: { kind: 'ext', def: pdef, opt } as Val }));
          longopts = [...BASE_OPTS, ...again, ...longopts.slice(BASE_OPTS.length)];
        }
        g.optind = r.index;
        continue;
      }
      if (r.kind === 'missing') throw paramProblem(`option "${r.word}" requires an argument`);
      throw paramProblem(`unknown option "${r.word}"`);
    }
    const v = r.val;
    const optarg = r.arg;
    if (v.kind === 'ext') {
      dispatchExt(v.def, v.opt, optarg);
      invert = false;
      continue;
    }
    switch (v.c) {
      case 'A': addCommand(CMD.APPEND, 0); chain = optarg; break;
      case 'C': addCommand(CMD.CHECK, 0); chain = optarg; break;
      case 'D':
        addCommand(CMD.DELETE, 0);
        chain = optarg;
        if (hasArg(argv, g.optind)) {
          rulenum = parseRulenumber(argv[g.optind++]);
          command = CMD.DELETE_NUM;
        }
        break;
      case 'R':
        addCommand(CMD.REPLACE, 0);
        chain = optarg;
        if (hasArg(argv, g.optind)) rulenum = parseRulenumber(argv[g.optind++]);
        else throw paramProblem('-R requires a rule number');
        break;
      case 'I':
        addCommand(CMD.INSERT, 0);
        chain = optarg;
        rulenum = hasArg(argv, g.optind) ? parseRulenumber(argv[g.optind++]) : 1;
        break;
      case 'L': case 'S':
        addCommand(v.c === 'L' ? CMD.LIST : CMD.LIST_RULES, CMD.ZERO | CMD.ZERO_NUM);
        if (optarg !== undefined) chain = optarg;
        else if (hasArg(argv, g.optind)) chain = argv[g.optind++];
        if (hasArg(argv, g.optind)) rulenum = parseRulenumber(argv[g.optind++]);
        break;
      case 'F':
        addCommand(CMD.FLUSH, 0);
        if (optarg !== undefined) chain = optarg;
        else if (hasArg(argv, g.optind)) chain = argv[g.optind++];
        break;
      case 'Z':
        addCommand(CMD.ZERO, CMD.LIST | CMD.LIST_RULES);
        if (optarg !== undefined) chain = optarg;
        else if (hasArg(argv, g.optind)) chain = argv[g.optind++];
        if (hasArg(argv, g.optind)) {
          rulenum = parseRulenumber(argv[g.optind++]);
          command = (command & ~CMD.ZERO) | CMD.ZERO_NUM;
        }
        break;
      case 'N':
        assertValidChainName(optarg!, family);
        addCommand(CMD.NEW_CHAIN, 0);
        chain = optarg;
        break;
      case 'X':
        addCommand(CMD.DELETE_CHAIN, 0);
        if (optarg !== undefined) chain = optarg;
        else if (hasArg(argv, g.optind)) chain = argv[g.optind++];
        break;
      case 'E':
        addCommand(CMD.RENAME_CHAIN, 0);
        chain = optarg;
        if (hasArg(argv, g.optind)) newname = argv[g.optind++];
        else throw paramProblem('-E requires old-chain-name and new-chain-name');
        break;
      case 'P':
        addCommand(CMD.SET_POLICY, 0);
        chain = optarg;
        if (hasArg(argv, g.optind)) policy = argv[g.optind++];
        else throw paramProblem('-P requires a chain and a policy');
        break;
      case 'h': {
        // print_extension_helps(): the used target (a standard verdict is the "standard" target), then each match
        const help: { matches: string[]; target?: string } = {
          matches: matches.map((m) => m.def.name),
          target: targetDef?.name ?? (jumpto !== '' && isStandardTargetName(jumpto) ? jumpto : undefined),
        };
        if (matches.length === 0 && protocol !== undefined) {
          const p = findMatch(protocol, family);
          if (p) help.matches.push(p.name);
        }
        return { ...emptyResult(table, warnings), help };
      }
      case 'p': {
        setOption(OPT.PROTOCOL);
        protocol = argv[g.optind - 1].toLowerCase();
        protoNum = parseProtocol(protocol);
        if (protoNum === 0 && invflags & OPT.PROTOCOL) throw paramProblem('rule would never match protocol');
        if (family === 'ipv6' && [43, 44, 51, 60].includes(protoNum) && !(invflags & OPT.PROTOCOL)) {
          warnings.push(`Warning: never matched protocol: ${protocol}. use extension match instead.\n`);
        }
        break;
      }
      // do_parse() reads argv[optind - 1], which is the whole word when the value is attached ("-s1.2.3.4")
      case 's': setOption(OPT.SOURCE); shost = argv[g.optind - 1]; break;
      case 'd': setOption(OPT.DESTINATION); dhost = argv[g.optind - 1]; break;
      case 'g':
        setOption(OPT.JUMP);
        gotoSet = true;
        jumpto = parseTargetName(optarg!);
        break;
      case 'j': {
        setOption(OPT.JUMP);
        jumpto = parseTargetName(optarg!);
        const def = isStandardTargetName(jumpto) ? undefined : findTarget(jumpto, family);
        if (def) {
          if (def.loadWarning) warnings.push(def.loadWarning);
          targetDef = def;
          targetInst = newInstance(def);
          targetSeen.clear();
          if (!loadedExts.has(def)) {
            loadedExts.add(def);
            mergeOptions(def);
          }
        } else {
          targetDef = undefined;
          targetInst = undefined;
        }
        break;
      }
      case 'i':
        if (optarg === '') throw paramProblem('Empty interface is likely to be undesired');
        setOption(OPT.VIANAMEIN);
        inIface = parseInterface(argv[g.optind - 1], warnings);
        break;
      case 'o':
        if (optarg === '') throw paramProblem('Empty interface is likely to be undesired');
        setOption(OPT.VIANAMEOUT);
        outIface = parseInterface(argv[g.optind - 1], warnings);
        break;
      case 'f':
        if (family === 'ipv6') throw paramProblem("`-f' is not supported in IPv6, use -m frag instead");
        setOption(OPT.FRAGMENT);
        fragment = true;
        break;
      case 'v':
        if (!verbose) setOption(OPT.VERBOSE);
        verbose++;
        break;
      case 'm': {
        if (invert) throw paramProblem('unexpected ! flag before --match');
        const name = optarg!;
        if (name.length >= MAXNAMELEN) throw paramProblem(`Invalid match name "${name}" (${MAXNAMELEN - 1} chars max)`);
        const def = findMatch(name, family);
        if (!def) throw paramProblem(`Couldn't load match \`${name === 'icmpv6' || name === 'ipv6-icmp' ? 'icmp6' : name}':No such file or directory\n`);
        loadMatch(def);
        break;
      }
      case 'n': setOption(OPT.NUMERIC); break;
      case 't':
        if (invert) throw paramProblem('unexpected ! flag before --table');
        if (po.restore && tableSet) throw paramProblem(`The -t option cannot be used in ${family === 'ipv4' ? 'iptables' : 'ip6tables'}-restore.\n`);
        table = optarg!;
        tableSet = true;
        break;
      case 'x': setOption(OPT.EXPANDED); break;
      case 'V':
        return { ...emptyResult(table, warnings), version: true };
      case 'w': {
        if (po.restore) throw paramProblem("You cannot use `-w' from iptables-restore");
        let w = optarg;
        if (w === undefined && hasArg(argv, g.optind)) w = argv[g.optind++];
        if (w !== undefined) {
          const n = xtStrtoui(w, 0, 4294967295);
          if (n === undefined) throw paramProblem(`wait seconds not numeric`);
          wait = n;
        } else wait = -1;
        break;
      }
      case 'W': {
        if (po.restore) throw paramProblem("You cannot use `-W' from iptables-restore");
        let w = optarg;
        if (w === undefined && hasArg(argv, g.optind)) w = argv[g.optind++];
        waitInterval = w;
        waitIntervalSet = true;
        break;
      }
      case '0': setOption(OPT.LINENUMBERS); break;
      case 'M': break;
      case 'c': {
        setOption(OPT.COUNTERS);
        const pc = optarg!;
        const comma = pc.indexOf(',', 1);
        let bc: string | undefined = comma >= 0 ? pc.slice(comma + 1) : undefined;
        if (bc === undefined && hasArg(argv, g.optind)) bc = argv[g.optind++];
        if (bc === undefined) throw paramProblem('-c requires packet and byte counter');
        const p = parseCounter(pc);
        if (p === undefined) throw paramProblem('-c packet counter not numeric');
        const b = parseCounter(bc);
        if (b === undefined) throw paramProblem('-c byte counter not numeric');
        counters = { pkts: p, bytes: b };
        break;
      }
      case '4':
        if (family === 'ipv4') break;
        if (po.restore) return { ...emptyResult(table, warnings), skipped: true };
        throw rawTryHelp('', 2);
      case '6':
        if (family === 'ipv6') break;
        if (po.restore) return { ...emptyResult(table, warnings), skipped: true };
        throw rawTryHelp('', 2);
      case 'b':
      default:
        throw paramProblem(`unknown option "${argv[r.index]}"`);
    }
    invert = false;
  }

  if (table === 'nat' && (policy === 'DROP' || jumpto === 'DROP')) {
    throw paramProblem('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
  }
  if (wait === undefined && waitIntervalSet) throw paramProblem('--wait-interval only makes sense with --wait\n');

  for (const m of matches) {
    // xtables_option_mfcall(): x6_fcheck first, then the generic mandatory/excl/also checks
    m.def.finalCheck?.({ ext: m.def, data: m.inst.data, seen: m.seen, ctx: ctx() });
    if (!m.def.rawOptions) genericFinalChecks(m.def, m.seen);
  }
  if (targetDef && targetInst) {
    // xtables_option_tfcall(): x6_fcheck first, then the generic checks
    targetDef.finalCheck?.({ ext: targetDef, data: targetInst.data, seen: targetSeen, ctx: ctx() });
    if (!targetDef.rawOptions) genericFinalChecks(targetDef, targetSeen);
  }
  if (g.optind < argv.length) throw paramProblem('unknown arguments found on commandline');
  if (!command) throw paramProblem('no command specified');
  if (invert) throw paramProblem('nothing appropriate following !');

  // post_parse: addresses
  const ruleCmd = command & (CMD.REPLACE | CMD.INSERT | CMD.DELETE | CMD.APPEND | CMD.CHECK);
  const anyAddr = family === 'ipv4' ? '0.0.0.0/0' : '::/0';
  if (ruleCmd) {
    if (!(options & OPT.DESTINATION)) dhost = anyAddr;
    if (!(options & OPT.SOURCE)) shost = anyAddr;
  }
  const srcAddrs = shost !== undefined ? parseAddrMultiple(family, shost) : [];
  const dstAddrs = dhost !== undefined ? parseAddrMultiple(family, dhost) : [];
  if ((srcAddrs.length > 1 || dstAddrs.length > 1) && invflags & (OPT.SOURCE | OPT.DESTINATION)) {
    throw paramProblem('! not allowed with multiple source or destination IP addresses');
  }
  if (command === CMD.REPLACE && (srcAddrs.length !== 1 || dstAddrs.length !== 1)) {
    throw paramProblem('Replacement rule does not specify a unique address');
  }
  // generic_opt_check: an option is illegal when every given command forbids it
  if (options & illegalOptions(command)) {
    for (let i = 0; i < OPT_CHARS.length; i++) {
      if (options & illegalOptions(command) & (1 << i)) throw paramProblem(`Illegal option \`-${OPT_CHARS[i]}' with this command`);
    }
  }
  if (chain !== undefined && chain.length >= MAXNAMELEN) {
    throw paramProblem(`chain name \`${chain}' too long (must be under ${MAXNAMELEN} chars)`);
  }
  if (ruleCmd || command === CMD.DELETE) {
    if ((chain === 'PREROUTING' || chain === 'INPUT') && options & OPT.VIANAMEOUT) throw paramProblem(`Can't use -o with ${chain}\n`);
    if ((chain === 'POSTROUTING' || chain === 'OUTPUT') && options & OPT.VIANAMEIN) throw paramProblem(`Can't use -i with ${chain}\n`);
  }

  // assemble the rule shape
  if (inIface !== undefined) rule.inIface = { name: inIface, invert: (invflags & OPT.VIANAMEIN) !== 0 };
  if (outIface !== undefined) rule.outIface = { name: outIface, invert: (invflags & OPT.VIANAMEOUT) !== 0 };
  if (options & OPT.PROTOCOL) rule.proto = { num: protoNum, invert: (invflags & OPT.PROTOCOL) !== 0 };
  if (fragment) rule.frag = { invert: (invflags & OPT.FRAGMENT) !== 0 };
  rule.matches = matches.map((m) => m.inst);
  let target: Target = { kind: 'none' };
  if (targetDef && targetInst) target = { kind: 'ext', ext: targetInst };
  else if (jumpto === 'ACCEPT' || jumpto === 'DROP' || jumpto === 'RETURN' || jumpto === 'QUEUE') target = { kind: 'verdict', verdict: jumpto };
  else if (jumpto !== '') target = gotoSet ? { kind: 'goto', chain: jumpto } : { kind: 'jump', chain: jumpto };
  if (gotoSet && target.kind === 'verdict') target = { kind: 'goto', chain: jumpto };
  rule.target = target;
  if (counters) rule.counters = { ...counters };

  const rules: Rule[] = [];
  if (ruleCmd) {
    for (const s of srcAddrs) {
      for (const d of dstAddrs) {
        // explicit construction (object spread is slow on this hot path)
        const r: Rule = {
          src: undefined, dst: undefined, inIface: rule.inIface, outIface: rule.outIface, proto: rule.proto, frag: rule.frag,
          matches: rule.matches, target: rule.target, counters: { pkts: rule.counters.pkts, bytes: rule.counters.bytes }, span: undefined,
        };
        if (!isAny(s) || invflags & OPT.SOURCE) r.src = { addr: s, invert: (invflags & OPT.SOURCE) !== 0 };
        if (!isAny(d) || invflags & OPT.DESTINATION) r.dst = { addr: d, invert: (invflags & OPT.DESTINATION) !== 0 };
        rules.push(r);
      }
    }
  }

  return {
    command, table, chain, rulenum, newname, policy, options, verbose, wait, waitInterval,
    rules, jumpto, counters, warnings, srcAddrs, dstAddrs, gotoSet, targetDef,
  };
}

function isAny(a: AddrMask): boolean {
  return a.family === 'ipv4' ? a.mask === 0 : a.mask === 0n;
}

function emptyResult(table: string, warnings: string[]): ParsedCommand {
  return { command: 0, table, rulenum: 0, options: 0, verbose: 0, rules: [], jumpto: '', warnings, srcAddrs: [], dstAddrs: [], gotoSet: false };
}

export { XtError };

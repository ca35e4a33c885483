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
import type { GetoptResult, LongOpt } from './getopt.js';

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
  /** only the outcome is wanted (iptables-nft-restore --test): no rule objects are built (`rules` is empty) */
  validateOnly?: boolean;
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
  srcAddrs: readonly AddrMask[];
  dstAddrs: readonly AddrMask[];
  /** the -j/-g name as given */
  gotoSet: boolean;
  /** extension target instance, if -j named an extension */
  targetDef?: ExtensionDef;
}

interface MatchEntry {
  def: ExtensionDef;
  inst: ExtInstance;
  seen: Seen;
  completed: boolean;
}

const hasArg = (argv: string[], optind: number): boolean =>
  optind < argv.length && argv[optind][0] !== '-' && argv[optind][0] !== '!';

function parseRulenumber(s: string): number {
  const n = xtStrtoui(s, 1, 2147483647);
  if (n === undefined) throw paramProblem(`Invalid rule number \`${s}'`);
  return n;
}


/** isspace() of any character (what the name checks below refuse); a loop, not a regex: this runs per rule */
function hasSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) return true;
  }
  return false;
}

/** assert_valid_chain_name() */
export function assertValidChainName(name: string, family: Family): void {
  if (name.length >= MAXNAMELEN) throw paramProblem(`chain name \`${name}' too long (must be under ${MAXNAMELEN} chars)`);
  if (name[0] === '-' || name[0] === '!') throw paramProblem(`chain name not allowed to start with \`${name[0]}'`);
  if (isStandardTargetName(name) || findTarget(name, family)) throw paramProblem('chain name may not clash with target name');
  if (hasSpace(name)) throw paramProblem(`Invalid chain name \`${name}'`);
}

export function isStandardTargetName(name: string): boolean {
  return name === '' || name === 'ACCEPT' || name === 'DROP' || name === 'QUEUE' || name === 'RETURN';
}

/** xt_parse_target() */
function parseTargetName(name: string): string {
  if (name.length < 1) throw paramProblem('Invalid target name (too short)');
  if (name.length >= MAXNAMELEN) throw paramProblem(`Invalid target name \`${name}' (${MAXNAMELEN - 1} chars max)`);
  if (hasSpace(name)) throw paramProblem(`Invalid target name \`${name}'`);
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
 * Throws XtError exactly where iptables would exit. `shape`, when given, is shapeHash(argv).
 */
export function parseCommand(argv: string[], po: ParseOptions, shape?: number): ParsedCommand {
  if (!planCacheOn) return parseSlow(argv, po, undefined);
  // restore's scanner hashes the shape while it cuts the words (shape === shapeHash(argv))
  const h = shape ?? shapeHash(argv);
  const bucket = PLANS.get(h);
  if (bucket !== undefined) {
    for (let k = 0; k < bucket.length; k++) {
      const plan = bucket[k];
      if (!sameShape(plan, argv, po)) continue;
      if (plan.steps === null) return parseSlow(argv, po, undefined);
      const p = new DoParse(argv, po, new ReplayGetopt(), true);
      try {
        return p.replayPlan(plan.steps);
      } catch (e) {
        if (e !== ABORT) {
          if (e instanceof XtError) e.before = p.warnings.join('') + e.before;
          throw e;
        }
        // the argv left the recorded path before anything was observable: parse it the slow way
        if (++plan.aborts > MAX_ABORTS) {
          plan.steps = null;
          return parseSlow(argv, po, undefined);
        }
        return parseSlow(argv, po, { hash: h, plan });
      }
    }
  }
  return parseSlow(argv, po, { hash: h, plan: undefined });
}

/** The full getopt path; with a key, the getopt steps are recorded and kept as the plan of that shape when the
 * parse succeeds. */
function parseSlow(argv: string[], po: ParseOptions, slot: { hash: number; plan: Plan | undefined } | undefined): ParsedCommand {
  const real = new Getopt<Val>(argv, OPTSTRING, baseVal);
  const rec = slot !== undefined ? new RecordingGetopt(argv, real) : undefined;
  const p = new DoParse(argv, po, rec ?? real, false);
  let result: ParsedCommand;
  try {
    result = p.run();
  } catch (e) {
    // warnings printed before the failure stay on stderr, ahead of the error
    if (e instanceof XtError) e.before = p.warnings.join('') + e.before;
    throw e;
  }
  if (rec && rec.complete && slot !== undefined) {
    if (slot.plan) slot.plan.steps = compileSteps(slot.plan, rec.steps); // a new path for this shape (e.g. another extension behind -m)
    else {
      let bucket = PLANS.get(slot.hash);
      if (!bucket) PLANS.set(slot.hash, (bucket = []));
      if (bucket.length < MAX_BUCKET) bucket.push(newPlan(argv, po, rec.steps));
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Plan cache. getopt_long's answers depend only on the option table (a pure function of the extensions merged so
// far, memoized by identity) and on argv's shape: which words start with '-' or '!' (and what they say), and
// where the others are. A plan is the recorded sequence of getopt answers of one successful parse, each with the
// option table and optind it was given; it is replayed for the next argv of the same shape, with the option
// values read from that argv. Replay checks at every step that the option table and optind are those recorded
// (they differ when a -m/-j/-p value loads another extension or an extension consumed a different number of
// words): on the first difference it aborts — before anything was printed or stored — and the slow path parses
// the argv. Because a replayed parse takes the recorded path, the checks that depend only on that path (once-only
// and invert checks of options, mandatory/excluded options, illegal options for the command) passed when the plan
// was recorded and are skipped; everything that reads option values runs as on the slow path.

interface Step {
  /** what getopt was given: the option table and optind */
  longopts: LongOpt<Val>[];
  before: number;
  /** optind after the call */
  after: number;
  kind: 'opt' | 'nonopt' | 'unknown' | 'missing' | 'end';
  val: Val | undefined;
  /** where the argument comes from: argv[argIdx], or argLit (a part of an option word) */
  argIdx: number;
  argLit: string | undefined;
  index: number;
  /** unknown/missing: argv index of the word getopt names */
  wordIdx: number;
  /** what replay does (OP_*), set by compileSteps() for the plan the step belongs to */
  code: number;
  /** OP_MATCH: the match the literal -m word loads; OP_JUMP: the target the -j word names (undefined: a chain or
   * verdict); OP_EXT: the extension and option */
  def: ExtensionDef | undefined;
  opt: OptionSpec | undefined;
  /** OP_PROTO: the -p word (literal in the shape) lower-cased, and its number */
  protocol: string | undefined;
  protoNum: number;
}

/** Replay operations: the common options replayed without do_parse()'s checks that the recorded path passed. */
const OP_GENERIC = 0, OP_END = 1, OP_NONOPT = 2, OP_UNKNOWN = 3, OP_EXT = 4, OP_APPEND = 5, OP_TABLE = 6, OP_SRC = 7,
  OP_DST = 8, OP_MATCH = 9, OP_JUMP = 10, OP_PROTO = 11;

/**
 * Sets each step's replay operation. The shortcuts rely on what a replay already guarantees: the same options in
 * the same order with the same `!`s (so addCommand/setOption and the -t checks pass again), the same literal word
 * after -m (so the same match loads), and a -j word naming the same target (sameShape checks plan.jumpDefs).
 */
function compileSteps(plan: Plan, steps: Step[]): Step[] {
  for (const s of steps) {
    s.code = OP_GENERIC;
    if (s.kind === 'end') s.code = OP_END;
    else if (s.kind === 'nonopt') s.code = OP_NONOPT;
    else if (s.kind !== 'opt') s.code = OP_UNKNOWN;
    else if (s.val!.kind === 'ext') {
      s.code = OP_EXT;
      s.def = s.val!.def;
      s.opt = s.val!.opt;
    } else {
      switch (s.val!.c) {
        case 'A': s.code = OP_APPEND; break;
        case 't': s.code = OP_TABLE; break;
        case 's': s.code = OP_SRC; break;
        case 'd': s.code = OP_DST; break;
        case 'm': {
          const name = s.argIdx >= 0 ? plan.words[s.argIdx] : s.argLit;
          const def = name != null ? findMatch(name, plan.family) : undefined;
          if (def && name!.length < MAXNAMELEN) {
            s.code = OP_MATCH;
            s.def = def;
          }
          break;
        }
        case 'p': {
          // do_parse() reads argv[optind - 1]: the word after -p, or "-pNAME" itself; the shape holds either
          const word = s.after > 0 ? plan.words[s.after - 1] : null;
          if (word != null) {
            s.code = OP_PROTO;
            s.protocol = word.toLowerCase();
            s.protoNum = parseProtocol(s.protocol);
          }
          break;
        }
        case 'j': {
          const k = s.argIdx >= 0 ? plan.jumps.indexOf(s.argIdx) : -1;
          if (k >= 0) {
            s.code = OP_JUMP;
            s.def = plan.jumpDefs[k];
          }
          break;
        }
      }
    }
  }
  return steps;
}

interface Plan {
  family: Family;
  flavor: Flavor;
  restore: boolean;
  /** the shape: per argv word, the word itself when it must be equal (it starts with '-' or '!', or is the value of
   * -m or -p), null when it may be any other word */
  words: (string | null)[];
  /** argv indexes of the words after -j/--jump and the target extension each named (undefined: none) */
  jumps: number[];
  jumpDefs: (ExtensionDef | undefined)[];
  /** null: the shape keeps leaving its plan, parse it the slow way */
  steps: Step[] | null;
  aborts: number;
}

interface GetoptLike {
  optind: number;
  next(longopts: LongOpt<Val>[]): GetoptResult<Val>;
}

const ABORT = new Error('plan abort');
const MAX_ABORTS = 16;
const MAX_BUCKET = 8;
/** shape hash → plans of that hash */
const PLANS = new Map<number, Plan[]>();
let planCacheOn = true;

/** Turns the plan cache on or off (tests compare both) and empties it. */
export function setPlanCache(on: boolean): void {
  planCacheOn = on;
  PLANS.clear();
}

const isDashWord = (c: number): boolean => c === 45 || c === 33; // '-' or '!'
const picksMatch = (w: string): boolean => w === '-m' || w === '-p' || w === '--match' || w === '--protocol';
const picksTarget = (w: string): boolean => w === '-j' || w === '--jump';
const targetOf = (w: string, family: Family): ExtensionDef | undefined => (isStandardTargetName(w) ? undefined : findTarget(w, family));

/**
 * A cheap hash of argv's shape (see Plan.words); plans with the hash are compared word by word. Words are folded in
 * one by one (shapeWord, or shapeTerm for a word known by its characters, as restore's scanner does), then the count.
 */
export function shapeHash(argv: readonly string[]): number {
  return shapeEnd(shapeWords(argv, 0, 0), argv.length);
}

/** The hash after folding in argv[from..] (h: the hash of the words before). */
export function shapeWords(argv: readonly string[], from: number, h: number): number {
  for (let i = from; i < argv.length; i++) {
    const w = argv[i];
    const n = w.length;
    h = (Math.imul(h, 31) + (isDashWord(w.charCodeAt(0)) ? shapeTerm(n, n > 2 ? w.charCodeAt(2) : 0, w.charCodeAt(n - 1)) : SHAPE_PLAIN)) | 0;
  }
  return h;
}

/** A word starting with '-' or '!' by its length, third and last characters (c2 = 0 when n <= 2). */
export const shapeTerm = (n: number, c2: number, last: number): number => n * 1021 + last * 31 + c2;
/** Any other word. */
export const SHAPE_PLAIN = 7;
/** The hash of all words once the count is known. */
export const shapeEnd = (h: number, count: number): number => (Math.imul(h, 31) + count) | 0;

function newPlan(argv: string[], po: ParseOptions, steps: Step[]): Plan {
  const words: (string | null)[] = [];
  const jumps: number[] = [];
  const jumpDefs: (ExtensionDef | undefined)[] = [];
  let prev = '';
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (isDashWord(w.charCodeAt(0))) {
      words.push(w);
      prev = w;
      continue;
    }
    words.push(picksMatch(prev) ? w : null);
    if (picksTarget(prev)) {
      jumps.push(i);
      jumpDefs.push(targetOf(w, po.family));
    }
    prev = '';
  }
  const plan: Plan = { family: po.family, flavor: po.flavor, restore: po.restore, words, jumps, jumpDefs, steps: null, aborts: 0 };
  plan.steps = compileSteps(plan, steps);
  return plan;
}

function sameShape(plan: Plan, argv: string[], po: ParseOptions): boolean {
  const words = plan.words;
  if (words.length !== argv.length || plan.family !== po.family || plan.flavor !== po.flavor || plan.restore !== po.restore) return false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === null) {
      const c = argv[i].charCodeAt(0);
      if (c === 45 || c === 33) return false; // isDashWord()
    } else if (w !== argv[i]) return false;
  }
  const jumps = plan.jumps;
  for (let k = 0; k < jumps.length; k++) {
    const def = plan.jumpDefs[k];
    // the registry finds a target only under its own name (never a standard verdict's): no look-up needed for one
    if (def !== undefined ? argv[jumps[k]] !== def.name : targetOf(argv[jumps[k]], po.family) !== undefined) return false;
  }
  return true;
}

/** Getopt that records its answers (see Step). */
class RecordingGetopt implements GetoptLike {
  readonly steps: Step[] = [];
  /** the parse reached getopt's end (plans are kept only for those) */
  complete = false;
  constructor(private readonly argv: string[], private readonly real: Getopt<Val>) {}
  get optind(): number {
    return this.real.optind;
  }
  set optind(v: number) {
    this.real.optind = v;
  }
  next(longopts: LongOpt<Val>[]): GetoptResult<Val> {
    const argv = this.argv;
    const before = this.real.optind;
    const r = this.real.next(longopts);
    const after = this.real.optind;
    const step: Step = {
      longopts, before, after, kind: r.kind, val: undefined, argIdx: -1, argLit: undefined, index: -1, wordIdx: -1,
      code: OP_GENERIC, def: undefined, opt: undefined, protocol: undefined, protoNum: 0,
    };
    if (r.kind === 'end') this.complete = true;
    else if (r.kind === 'opt') {
      step.val = r.val;
      step.index = r.index;
      if (r.arg !== undefined) {
        // a separate word, or the rest of an option word ("--opt=value", "-s1.2.3.4"), which the shape holds
        if (after > 0 && argv[after - 1] === r.arg) step.argIdx = after - 1;
        else step.argLit = r.arg;
      }
    } else if (r.kind === 'nonopt') {
      step.index = r.index;
    } else {
      step.index = r.index;
      step.wordIdx = after > 0 && argv[after - 1] !== undefined ? after - 1 : r.index;
      if (argv[step.wordIdx] !== r.word) step.kind = 'end'; // cannot be replayed: never matches (see ReplayGetopt)
    }
    this.steps.push(step);
    return r;
  }
}

/** The getopt of a replayed parse: only its optind (DoParse.replayPlan reads the answers from the plan). */
class ReplayGetopt implements GetoptLike {
  optind = 0;
  next(): GetoptResult<Val> {
    throw ABORT;
  }
}

/**
 * The names of the options given to one extension instance: a few names in fields (a Set allocates a hash table for
 * every match of every rule); iteration in insertion order like a Set's.
 */
class Seen implements ReadonlySet<string> {
  private a: string | undefined = undefined;
  private b: string | undefined = undefined;
  private more: string[] | undefined = undefined;
  size = 0;
  has(name: string): boolean {
    return this.size !== 0 && (this.a === name || this.b === name || (this.more !== undefined && this.more.includes(name)));
  }
  add(name: string): this {
    if (this.has(name)) return this;
    if (this.size === 0) this.a = name;
    else if (this.size === 1) this.b = name;
    else (this.more ??= []).push(name);
    this.size++;
    return this;
  }
  clear(): void {
    this.a = this.b = this.more = undefined;
    this.size = 0;
  }
  private list(): string[] {
    const l: string[] = [];
    if (this.size > 0) l.push(this.a!);
    if (this.size > 1) l.push(this.b!);
    if (this.more) l.push(...this.more);
    return l;
  }
  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const v of this.list()) fn.call(thisArg, v, v, this);
  }
  entries(): SetIterator<[string, string]> {
    return new Set(this.list()).entries();
  }
  keys(): SetIterator<string> {
    return new Set(this.list()).keys();
  }
  values(): SetIterator<string> {
    return new Set(this.list()).values();
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }
}

/**
 * struct xt_option_call for one option: prototype methods instead of per-command closures; one object per command,
 * refilled for each option (extensions do not keep it past their parse call).
 */
class Call implements OptionCall {
  ext!: ExtensionDef;
  opt!: OptionSpec;
  arg: string | undefined = undefined;
  invert = false;
  data!: Record<string, unknown>;
  val!: OptValue;
  seen!: Seen;
  ctx!: RuleContext;
  constructor(readonly p: DoParse) {}
  peekArg(): string | undefined {
    return this.p.argv[this.p.g.optind];
  }
  consumeArg(): void {
    this.p.g.optind++;
  }
  /** may be passed around detached (iprange hands it to its range parser) */
  get warn(): (message: string) => void {
    const w = this.p.warnings;
    return (message: string) => {
      w.push(message);
    };
  }
}

const NONE_VAL: OptValue = { t: 'none' };
const NO_INSTS: ExtInstance[] = Object.freeze([]) as unknown as ExtInstance[];
const NO_TARGET: Target = Object.freeze({ kind: 'none' });
const NO_COUNTERS: Rule['counters'] = Object.freeze({ pkts: 0n, bytes: 0n });

/** The state of one do_parse() run (fields instead of per-command closures: this runs once per restore line). */
class DoParse {
  readonly warnings: string[] = [];
  readonly family: Family;
  longopts: LongOpt<Val>[] = BASE_OPTS;

  command = 0;
  chain: string | undefined = undefined;
  rulenum = 0;
  newname: string | undefined = undefined;
  policy: string | undefined = undefined;
  table: string;
  tableSet = false;
  options = 0;
  invflags = 0;
  verbose = 0;
  invert = false;
  protocol: string | undefined = undefined;
  protoNum = 0;
  protoUsed = false;
  shost: string | undefined = undefined;
  dhost: string | undefined = undefined;
  inIface: string | undefined = undefined;
  outIface: string | undefined = undefined;
  jumpto = '';
  gotoSet = false;
  /** the -j extension, its instance and options, in a match entry's shape so dispatchExt and finalChecks treat
   * both alike (undefined: a chain, a standard verdict or no -j) */
  targetEntry: MatchEntry | undefined = undefined;
  wait: number | undefined = undefined;
  waitIntervalSet = false;
  waitInterval: string | undefined = undefined;
  counters: { pkts: bigint; bytes: bigint } | undefined = undefined;
  readonly matches: MatchEntry[] = [];
  /** extensions whose options were merged, in load order (a handful: an array beats a Set) */
  readonly loadedExts: ExtensionDef[] = [];
  fragment = false;
  // (its fields are set by assemble(); until then they are shared, frozen placeholders)
  readonly rule: Rule = { matches: NO_INSTS, target: NO_TARGET, counters: NO_COUNTERS };
  // one context object per command, rebuilt only after -t/-p/a chain changed it (it is read once per option)
  ctxCache: RuleContext | undefined = undefined;
  ctxInv = -1;
  /** replayPlan: the option table comes from the plan (mergeOptions() would compute the same) */
  recordedTables = false;
  /** the option call dispatchExt() refills */
  call: Call | undefined = undefined;

  constructor(
    readonly argv: string[],
    readonly po: ParseOptions,
    readonly g: GetoptLike,
    /** replaying a plan: the checks that depend only on the recorded path passed when it was recorded */
    readonly replay: boolean,
  ) {
    this.family = po.family;
    this.table = po.table ?? 'filter';
  }

  ctx(): RuleContext {
    const c = this.ctxCache;
    if (c && c.table === this.table && c.chain === this.chain && this.ctxInv === this.invflags && (c.proto !== undefined) === ((this.options & OPT.PROTOCOL) !== 0)) return c;
    this.ctxInv = this.invflags;
    return (this.ctxCache = {
      family: this.family, flavor: this.po.flavor, table: this.table as TableName, chain: this.chain,
      proto: this.options & OPT.PROTOCOL ? { num: this.protoNum, invert: (this.invflags & OPT.PROTOCOL) !== 0, name: this.protocol ?? '' } : undefined,
      rule: this.rule,
    });
  }

  addCommand(newcmd: number, othercmds: number): void {
    if (this.invert) throw paramProblem("unexpected '!' flag");
    if (this.command & ~othercmds) throw paramProblem(`Cannot use -${cmd2char(newcmd)} with -${cmd2char(this.command & ~othercmds)}`);
    this.command |= newcmd;
  }

  setOption(opt: number): void {
    if (this.options & opt) throw paramProblem(`multiple -${opt2char(opt)} flags not allowed`);
    this.options |= opt;
    if (this.invert) {
      if (!INVERTIBLE.has(opt)) throw paramProblem(`cannot have ! before -${opt2char(opt)}`);
      this.invflags |= opt;
    }
  }

  /** setOption() on a replayed path: its checks passed when the path was recorded */
  pathOption(opt: number): void {
    this.options |= opt;
    // without a branch: the first `!` of a run often comes after this was optimized
    this.invflags |= this.invert ? opt : 0;
    this.invert = false;
  }

  /** -j NAME: the target extension it names (undefined: a chain or a standard verdict) */
  loadTarget(def: ExtensionDef | undefined): void {
    if (def) {
      if (def.loadWarning) this.warnings.push(def.loadWarning);
      this.targetEntry = { def, inst: this.newInstance(def), seen: new Seen(), completed: false };
      if (!this.isLoaded(def)) {
        this.loadedExts.push(def);
        this.mergeOptions(def);
      }
    } else {
      this.targetEntry = undefined;
    }
  }

  isLoaded(def: ExtensionDef): boolean {
    const l = this.loadedExts;
    for (let k = 0; k < l.length; k++) if (l[k] === def) return true;
    return false;
  }

  mergeOptions(def: ExtensionDef): void {
    // a replayed OP_MATCH/OP_JUMP: the table the recorded path had next is set by replayPlan
    if (this.recordedTables) return;
    // xtables_options_xfrm: base options first, then the new extension's, then the older ones
    const longopts = this.longopts;
    let next = MERGED.get(longopts);
    if (!next) MERGED.set(longopts, (next = new Map()));
    let merged = next.get(def);
    if (!merged) next.set(def, (merged = [...BASE_OPTS, ...extLongOpts(def), ...longopts.slice(BASE_OPTS.length)]));
    this.longopts = merged;
  }

  newInstance(def: ExtensionDef): ExtInstance {
    const inst: ExtInstance = { name: def.name, revision: def.revision, data: {} };
    if (def.init) def.init(inst.data, this.ctx());
    return inst;
  }

  loadMatch(def: ExtensionDef): MatchEntry {
    const loaded = this.isLoaded(def);
    if (def.loadWarning && !loaded) this.warnings.push(def.loadWarning);
    const matches = this.matches;
    for (let k = 0; k < matches.length; k++) if (matches[k].def.name === def.name) matches[k].completed = true;
    const entry: MatchEntry = { def, inst: this.newInstance(def), seen: new Seen(), completed: false };
    matches.push(entry);
    if (!loaded) {
      this.loadedExts.push(def);
      this.mergeOptions(def);
    }
    return entry;
  }

  findProto(): ExtensionDef | undefined {
    const protocol = this.protocol;
    if (protocol === undefined) return undefined;
    const n = xtStrtoui(protocol, 0, 255);
    if (n !== undefined) {
      const name = protoToName(n, (this.options & OPT.NUMERIC) !== 0);
      return name ? findMatch(name, this.family) : undefined;
    }
    return findMatch(protocol, this.family);
  }

  dispatchExt(def: ExtensionDef, opt: OptionSpec, arg: string | undefined): void {
    // the target's options first, then the first match of that extension not completed
    let entry = this.targetEntry;
    if (entry === undefined || entry.def !== def) {
      entry = undefined;
      const matches = this.matches;
      for (let k = 0; k < matches.length; k++) {
        if (matches[k].def === def && !matches[k].completed) {
          entry = matches[k];
          break;
        }
      }
      if (!entry) throw paramProblem(`unknown option "--${opt.name}"`);
    }
    // one path for both (a branch first taken by optimized code would deoptimize it)
    const data = entry.inst.data;
    const seen = entry.seen;
    const c = this.ctx();
    let val = NONE_VAL;
    if (!def.rawOptions) {
      if (!this.replay) genericOptionChecks(def, opt, this.invert, arg, seen);
      val = parseTyped(def, opt, arg, c);
    }
    const call = (this.call ??= new Call(this));
    call.ext = def;
    call.opt = opt;
    call.arg = arg;
    call.invert = this.invert;
    call.data = data;
    call.val = val;
    call.seen = seen;
    call.ctx = c;
    if (def.parse) def.parse(call);
    else storeDefault(call);
    seen.add(opt.name);
  }

  run(): ParsedCommand {
    const g = this.g;
    for (;;) {
      const r = g.next(this.longopts);
      if (r.kind === 'end') break;
      if (r.kind === 'nonopt') this.nonopt(r.arg);
      else if (r.kind === 'unknown' || r.kind === 'missing') this.unknown(r.kind, r.word, r.index);
      else {
        const done = this.opt(r.val, r.arg, r.index);
        if (done !== undefined) return done;
      }
    }
    return this.finish();
  }

  /**
   * run() over a recorded plan: the steps give getopt's answers (no getopt, no result objects); ABORT when the parse
   * is not where the step was recorded (another option table or optind).
   */
  replayPlan(steps: readonly Step[]): ParsedCommand {
    const argv = this.argv;
    const g = this.g;
    const last = steps.length - 1;
    for (let k = 0; k <= last; k++) {
      const s = steps[k];
      if (s.longopts !== this.longopts || s.before !== g.optind) throw ABORT;
      g.optind = s.after;
      switch (s.code) {
        case OP_EXT:
          this.dispatchExt(s.def!, s.opt!, s.argIdx >= 0 ? argv[s.argIdx] : s.argLit);
          this.invert = false;
          break;
        case OP_APPEND:
          this.command |= CMD.APPEND;
          this.chain = s.argIdx >= 0 ? argv[s.argIdx] : s.argLit;
          break;
        case OP_TABLE:
          this.table = s.argIdx >= 0 ? argv[s.argIdx] : s.argLit!;
          this.tableSet = true;
          break;
        // do_parse() reads argv[optind - 1], which is the whole word when the value is attached ("-s1.2.3.4")
        case OP_SRC:
          this.pathOption(OPT.SOURCE);
          this.shost = argv[g.optind - 1];
          break;
        case OP_DST:
          this.pathOption(OPT.DESTINATION);
          this.dhost = argv[g.optind - 1];
          break;
        // the extension loaded is the recorded one: so is the option table getopt is given next
        case OP_PROTO:
          this.pathOption(OPT.PROTOCOL);
          this.protocol = s.protocol;
          this.protoNum = s.protoNum;
          // the checks of the 'p' case that do not depend on the path alone
          if (this.family === 'ipv6' && (s.protoNum === 43 || s.protoNum === 44 || s.protoNum === 51 || s.protoNum === 60) && !(this.invflags & OPT.PROTOCOL)) {
            this.warnings.push(`Warning: never matched protocol: ${s.protocol}. use extension match instead.\n`);
          }
          break;
        case OP_MATCH:
          this.recordedTables = true;
          this.loadMatch(s.def!);
          this.recordedTables = false;
          if (k < last) this.longopts = steps[k + 1].longopts;
          break;
        case OP_JUMP:
          this.pathOption(OPT.JUMP);
          this.jumpto = parseTargetName(argv[s.argIdx]);
          this.recordedTables = true;
          this.loadTarget(s.def);
          this.recordedTables = false;
          if (k < last) this.longopts = steps[k + 1].longopts;
          break;
        case OP_END:
          if (k !== last) throw ABORT;
          return this.finish();
        case OP_NONOPT:
          this.nonopt(argv[s.index]);
          break;
        case OP_UNKNOWN:
          this.unknown(s.kind as 'unknown' | 'missing', argv[s.wordIdx], s.index);
          break;
        default: {
          const done = this.opt(s.val!, s.argIdx >= 0 ? argv[s.argIdx] : s.argLit, s.index);
          if (done !== undefined) return done;
        }
      }
    }
    throw ABORT;
  }

  /** a word that is not an option: `!`, or getopt's 1 (a stray argument) */
  nonopt(arg: string): void {
    if (arg === '!') {
      if (this.invert) throw paramProblem('multiple consecutive ! not allowed');
      this.invert = true;
      return;
    }
    throw rawTryHelp(`Bad argument \`${arg}'`);
  }

  /** getopt's '?' and ':' */
  unknown(kind: 'unknown' | 'missing', word: string, index: number): void {
    // command_default(): try loading the protocol's match, then complain
    const protocol = this.protocol;
    const pd = protocol !== undefined ? this.findProto() : undefined;
    const shouldLoad = protocol !== undefined && (pd === undefined || !this.isLoaded(pd) || !this.protoUsed);
    const pdef = shouldLoad ? this.findProto() : undefined;
    if (pdef) {
      this.protoUsed = true;
      const alreadyMerged = this.isLoaded(pdef);
      this.loadMatch(pdef);
      // command_default() merges the protocol match's options again even when an explicit -m loaded it: the
      // second copy has a new option offset, so an abbreviation now matches two entries and is ambiguous
      if (alreadyMerged) this.longopts = mergeAgain(this.longopts, pdef);
      this.g.optind = index;
      return;
    }
    if (kind === 'missing') throw paramProblem(`option "${word}" requires an argument`);
    throw paramProblem(`unknown option "${word}"`);
  }

  /** one option getopt returned; a result when the command ends here (-h, -V, a -4/-6 line skipped by restore) */
  opt(v: Val, optarg: string | undefined, index: number): ParsedCommand | undefined {
    const argv = this.argv;
    const po = this.po;
    const family = this.family;
    const g = this.g;
    const warnings = this.warnings;
    if (v.kind === 'ext') {
      this.dispatchExt(v.def, v.opt, optarg);
      this.invert = false;
      return undefined;
    }
    switch (v.c) {
      case 'A': this.addCommand(CMD.APPEND, 0); this.chain = optarg; break;
      case 'C': this.addCommand(CMD.CHECK, 0); this.chain = optarg; break;
      case 'D':
        this.addCommand(CMD.DELETE, 0);
        this.chain = optarg;
        if (hasArg(argv, g.optind)) {
          this.rulenum = parseRulenumber(argv[g.optind++]);
          this.command = CMD.DELETE_NUM;
        }
        break;
      case 'R':
        this.addCommand(CMD.REPLACE, 0);
        this.chain = optarg;
        if (hasArg(argv, g.optind)) this.rulenum = parseRulenumber(argv[g.optind++]);
        else throw paramProblem('-R requires a rule number');
        break;
      case 'I':
        this.addCommand(CMD.INSERT, 0);
        this.chain = optarg;
        this.rulenum = hasArg(argv, g.optind) ? parseRulenumber(argv[g.optind++]) : 1;
        break;
      case 'L': case 'S':
        this.addCommand(v.c === 'L' ? CMD.LIST : CMD.LIST_RULES, CMD.ZERO | CMD.ZERO_NUM);
        if (optarg !== undefined) this.chain = optarg;
        else if (hasArg(argv, g.optind)) this.chain = argv[g.optind++];
        if (hasArg(argv, g.optind)) this.rulenum = parseRulenumber(argv[g.optind++]);
        break;
      case 'F':
        this.addCommand(CMD.FLUSH, 0);
        if (optarg !== undefined) this.chain = optarg;
        else if (hasArg(argv, g.optind)) this.chain = argv[g.optind++];
        break;
      case 'Z':
        this.addCommand(CMD.ZERO, CMD.LIST | CMD.LIST_RULES);
        if (optarg !== undefined) this.chain = optarg;
        else if (hasArg(argv, g.optind)) this.chain = argv[g.optind++];
        if (hasArg(argv, g.optind)) {
          this.rulenum = parseRulenumber(argv[g.optind++]);
          this.command = (this.command & ~CMD.ZERO) | CMD.ZERO_NUM;
        }
        break;
      case 'N':
        assertValidChainName(optarg!, family);
        this.addCommand(CMD.NEW_CHAIN, 0);
        this.chain = optarg;
        break;
      case 'X':
        this.addCommand(CMD.DELETE_CHAIN, 0);
        if (optarg !== undefined) this.chain = optarg;
        else if (hasArg(argv, g.optind)) this.chain = argv[g.optind++];
        break;
      case 'E':
        this.addCommand(CMD.RENAME_CHAIN, 0);
        this.chain = optarg;
        if (hasArg(argv, g.optind)) this.newname = argv[g.optind++];
        else throw paramProblem('-E requires old-chain-name and new-chain-name');
        break;
      case 'P':
        this.addCommand(CMD.SET_POLICY, 0);
        this.chain = optarg;
        if (hasArg(argv, g.optind)) this.policy = argv[g.optind++];
        else throw paramProblem('-P requires a chain and a policy');
        break;
      case 'h': {
        // print_extension_helps(): the used target (a standard verdict is the "standard" target), then each match
        const jumpto = this.jumpto;
        const help: { matches: string[]; target?: string } = {
          matches: this.matches.map((m) => m.def.name),
          target: this.targetEntry?.def.name ?? (jumpto !== '' && isStandardTargetName(jumpto) ? jumpto : undefined),
        };
        if (this.matches.length === 0 && this.protocol !== undefined) {
          const p = findMatch(this.protocol, family);
          if (p) help.matches.push(p.name);
        }
        return { ...emptyResult(this.table, warnings), help };
      }
      case 'p': {
        this.setOption(OPT.PROTOCOL);
        const protocol = (this.protocol = argv[g.optind - 1].toLowerCase());
        this.protoNum = parseProtocol(protocol);
        if (this.protoNum === 0 && this.invflags & OPT.PROTOCOL) throw paramProblem('rule would never match protocol');
        if (family === 'ipv6' && [43, 44, 51, 60].includes(this.protoNum) && !(this.invflags & OPT.PROTOCOL)) {
          warnings.push(`Warning: never matched protocol: ${protocol}. use extension match instead.\n`);
        }
        break;
      }
      // do_parse() reads argv[optind - 1], which is the whole word when the value is attached ("-s1.2.3.4")
      case 's': this.setOption(OPT.SOURCE); this.shost = argv[g.optind - 1]; break;
      case 'd': this.setOption(OPT.DESTINATION); this.dhost = argv[g.optind - 1]; break;
      case 'g':
        this.setOption(OPT.JUMP);
        this.gotoSet = true;
        this.jumpto = parseTargetName(optarg!);
        break;
      case 'j': {
        this.setOption(OPT.JUMP);
        const jumpto = (this.jumpto = parseTargetName(optarg!));
        this.loadTarget(isStandardTargetName(jumpto) ? undefined : findTarget(jumpto, family));
        break;
      }
      case 'i':
        if (optarg === '') throw paramProblem('Empty interface is likely to be undesired');
        this.setOption(OPT.VIANAMEIN);
        this.inIface = parseInterface(argv[g.optind - 1], warnings);
        break;
      case 'o':
        if (optarg === '') throw paramProblem('Empty interface is likely to be undesired');
        this.setOption(OPT.VIANAMEOUT);
        this.outIface = parseInterface(argv[g.optind - 1], warnings);
        break;
      case 'f':
        if (family === 'ipv6') throw paramProblem("`-f' is not supported in IPv6, use -m frag instead");
        this.setOption(OPT.FRAGMENT);
        this.fragment = true;
        break;
      case 'v':
        if (!this.verbose) this.setOption(OPT.VERBOSE);
        this.verbose++;
        break;
      case 'm': {
        if (this.invert) throw paramProblem('unexpected ! flag before --match');
        const name = optarg!;
        if (name.length >= MAXNAMELEN) throw paramProblem(`Invalid match name "${name}" (${MAXNAMELEN - 1} chars max)`);
        const def = findMatch(name, family);
        if (!def) throw paramProblem(`Couldn't load match \`${name === 'icmpv6' || name === 'ipv6-icmp' ? 'icmp6' : name}':No such file or directory\n`);
        this.loadMatch(def);
        break;
      }
      case 'n': this.setOption(OPT.NUMERIC); break;
      case 't':
        if (this.invert) throw paramProblem('unexpected ! flag before --table');
        if (po.restore && this.tableSet) throw paramProblem(`The -t option cannot be used in ${family === 'ipv4' ? 'iptables' : 'ip6tables'}-restore.\n`);
        this.table = optarg!;
        this.tableSet = true;
        break;
      case 'x': this.setOption(OPT.EXPANDED); break;
      case 'V':
        return { ...emptyResult(this.table, warnings), version: true };
      case 'w': {
        if (po.restore) throw paramProblem("You cannot use `-w' from iptables-restore");
        let w = optarg;
        if (w === undefined && hasArg(argv, g.optind)) w = argv[g.optind++];
        if (w !== undefined) {
          const n = xtStrtoui(w, 0, 4294967295);
          if (n === undefined) throw paramProblem(`wait seconds not numeric`);
          this.wait = n;
        } else this.wait = -1;
        break;
      }
      case 'W': {
        if (po.restore) throw paramProblem("You cannot use `-W' from iptables-restore");
        let w = optarg;
        if (w === undefined && hasArg(argv, g.optind)) w = argv[g.optind++];
        this.waitInterval = w;
        this.waitIntervalSet = true;
        break;
      }
      case '0': this.setOption(OPT.LINENUMBERS); break;
      case 'M': break;
      case 'c': {
        this.setOption(OPT.COUNTERS);
        const pc = optarg!;
        const comma = pc.indexOf(',', 1);
        let bc: string | undefined = comma >= 0 ? pc.slice(comma + 1) : undefined;
        if (bc === undefined && hasArg(argv, g.optind)) bc = argv[g.optind++];
        if (bc === undefined) throw paramProblem('-c requires packet and byte counter');
        const p = parseCounter(pc);
        if (p === undefined) throw paramProblem('-c packet counter not numeric');
        const b = parseCounter(bc);
        if (b === undefined) throw paramProblem('-c byte counter not numeric');
        this.counters = { pkts: p, bytes: b };
        break;
      }
      case '4':
        if (family === 'ipv4') break;
        if (po.restore) return { ...emptyResult(this.table, warnings), skipped: true };
        throw rawTryHelp('', 2);
      case '6':
        if (family === 'ipv6') break;
        if (po.restore) return { ...emptyResult(this.table, warnings), skipped: true };
        throw rawTryHelp('', 2);
      case 'b':
      default:
        throw paramProblem(`unknown option "${argv[index]}"`);
    }
    this.invert = false;
    return undefined;
  }

  /** the extensions' final checks, in load order, then the target's */
  finalChecks(): void {
    // xtables_option_mfcall() for each match, then xtables_option_tfcall() for the target: x6_fcheck first, then the
    // generic mandatory/excl/also checks (one loop over both: see dispatchExt)
    const matches = this.matches;
    const n = matches.length;
    for (let k = 0; k <= n; k++) {
      const m = k < n ? matches[k] : this.targetEntry;
      if (m === undefined) break;
      if (m.def.finalCheck) m.def.finalCheck({ ext: m.def, data: m.inst.data, seen: m.seen, ctx: this.ctx() });
      if (!m.def.rawOptions && !this.replay) genericFinalChecks(m.def, m.seen);
    }
  }

  /** the rule shape, then (rule commands) one rule per source × destination address */
  assemble(ruleCmd: boolean, srcAddrs: readonly AddrMask[], dstAddrs: readonly AddrMask[]): Rule[] {
    const invflags = this.invflags, jumpto = this.jumpto, gotoSet = this.gotoSet, matches = this.matches;
    const rule = this.rule;
    if (this.inIface !== undefined) rule.inIface = { name: this.inIface, invert: (invflags & OPT.VIANAMEIN) !== 0 };
    if (this.outIface !== undefined) rule.outIface = { name: this.outIface, invert: (invflags & OPT.VIANAMEOUT) !== 0 };
    if (this.options & OPT.PROTOCOL) rule.proto = { num: this.protoNum, invert: (invflags & OPT.PROTOCOL) !== 0 };
    if (this.fragment) rule.frag = { invert: (invflags & OPT.FRAGMENT) !== 0 };
    const insts: ExtInstance[] = new Array(matches.length);
    for (let k = 0; k < matches.length; k++) insts[k] = matches[k].inst;
    rule.matches = insts;
    let target: Target = { kind: 'none' };
    if (this.targetEntry) target = { kind: 'ext', ext: this.targetEntry.inst };
    else if (jumpto === 'ACCEPT' || jumpto === 'DROP' || jumpto === 'RETURN' || jumpto === 'QUEUE') target = { kind: 'verdict', verdict: jumpto };
    else if (jumpto !== '') target = gotoSet ? { kind: 'goto', chain: jumpto } : { kind: 'jump', chain: jumpto };
    if (gotoSet && target.kind === 'verdict') target = { kind: 'goto', chain: jumpto };
    rule.target = target;
    const counters = this.counters;
    if (counters) rule.counters = { ...counters };

    const rules: Rule[] = [];
    if (!ruleCmd) return rules;
    for (let a = 0; a < srcAddrs.length; a++) {
      const s = srcAddrs[a];
      for (let b = 0; b < dstAddrs.length; b++) {
        const d = dstAddrs[b];
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
    return rules;
  }

  /** the checks after the option loop and post_parse(): addresses, then the rule(s) */
  finish(): ParsedCommand {
    const argv = this.argv;
    const family = this.family;
    const table = this.table, policy = this.policy, jumpto = this.jumpto, command = this.command, options = this.options;
    const invflags = this.invflags, chain = this.chain, gotoSet = this.gotoSet;
    const counters = this.counters;
    // (the table compared last: until the nat table's first line, that comparison would not have run)
    if ((jumpto === 'DROP' || policy === 'DROP') && table === 'nat') {
      throw paramProblem('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
    }
    if (this.wait === undefined && this.waitIntervalSet) throw paramProblem('--wait-interval only makes sense with --wait\n');

    this.finalChecks();
    if (this.g.optind < argv.length) throw paramProblem('unknown arguments found on commandline');
    if (!command) throw paramProblem('no command specified');
    if (this.invert) throw paramProblem('nothing appropriate following !');

    // post_parse: addresses
    const ruleCmd = command & (CMD.REPLACE | CMD.INSERT | CMD.DELETE | CMD.APPEND | CMD.CHECK);
    let shost = this.shost, dhost = this.dhost;
    if (ruleCmd) {
      const anyAddr = family === 'ipv4' ? '0.0.0.0/0' : '::/0';
      if (!(options & OPT.DESTINATION)) dhost = anyAddr;
      if (!(options & OPT.SOURCE)) shost = anyAddr;
    }
    const srcAddrs = shost !== undefined ? addrs(family, shost) : [];
    const dstAddrs = dhost !== undefined ? addrs(family, dhost) : [];
    if ((srcAddrs.length > 1 || dstAddrs.length > 1) && invflags & (OPT.SOURCE | OPT.DESTINATION)) {
      throw paramProblem('! not allowed with multiple source or destination IP addresses');
    }
    if (command === CMD.REPLACE && (srcAddrs.length !== 1 || dstAddrs.length !== 1)) {
      throw paramProblem('Replacement rule does not specify a unique address');
    }
    // generic_opt_check: an option is illegal when every given command forbids it
    if (!this.replay && options & illegalOptions(command)) {
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

    const rules = this.po.validateOnly ? [] : this.assemble(ruleCmd !== 0, srcAddrs, dstAddrs);
    return {
      command, table, chain, rulenum: this.rulenum, newname: this.newname, policy, options, verbose: this.verbose,
      wait: this.wait, waitInterval: this.waitInterval, rules, jumpto, counters, warnings: this.warnings, srcAddrs, dstAddrs,
      gotoSet, targetDef: this.targetEntry?.def,
    };
  }
}

/** The option table after command_default() merged an already-loaded protocol match's options a second time
 * (memoized like the other merges: the same table and extension give the same result). */
const MERGED_AGAIN = new WeakMap<LongOpt<Val>[], Map<ExtensionDef, LongOpt<Val>[]>>();
function mergeAgain(longopts: LongOpt<Val>[], pdef: ExtensionDef): LongOpt<Val>[] {
  let next = MERGED_AGAIN.get(longopts);
  if (!next) MERGED_AGAIN.set(longopts, (next = new Map()));
  let merged = next.get(pdef);
  if (!merged) {
    const again = pdef.options.map((opt) => ({ name: opt.name, hasArg: opt.hasArg ?? (opt.type === 'none' ? 0 : 1), val: { kind: 'ext', def: pdef, opt } as Val }));
    next.set(pdef, (merged = [...BASE_OPTS, ...again, ...longopts.slice(BASE_OPTS.length)]));
  }
  return merged;
}

/** what parseAddrMultiple gives for the address a rule without -s/-d gets (most rules), made once and only read (not
 * frozen: a frozen array has other maps than parseAddrMultiple's, and the code reading both would deoptimize) */
const ANY: Record<Family, { text: string; list: readonly AddrMask[] }> = {
  ipv4: { text: '0.0.0.0/0', list: parseAddrMultiple('ipv4', '0.0.0.0/0') },
  ipv6: { text: '::/0', list: parseAddrMultiple('ipv6', '::/0') },
};

/** parseAddrMultiple(), with the any address's result shared (it is only read) */
function addrs(family: Family, spec: string): readonly AddrMask[] {
  const any = ANY[family];
  return spec === any.text ? any.list : parseAddrMultiple(family, spec);
}

function isAny(a: AddrMask): boolean {
  return a.family === 'ipv4' ? a.mask === 0 : a.mask === 0n;
}

function emptyResult(table: string, warnings: string[]): ParsedCommand {
  return { command: 0, table, rulenum: 0, options: 0, verbose: 0, rules: [], jumpto: '', warnings, srcAddrs: [], dstAddrs: [], gotoSet: false };
}

export { XtError };

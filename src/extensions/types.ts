// The extension contract: options declared as data (libxtables' struct xt_option_entry), behaviour as small functions.
import type { ExtInstance, Family, Flavor, Rule, TableName } from '../model/ruleset.js';
import type { AddrMask } from '../values/addr.js';

/** libxtables XTTYPE_* */
export type OptType =
  | 'none' | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'uint8rc' | 'uint16rc' | 'uint32rc' | 'uint64rc'
  | 'double' | 'string' | 'tosmask' | 'markmask32' | 'sysloglevel'
  | 'host' | 'hostmask' | 'protocol' | 'port' | 'portrc' | 'plen' | 'plenmask' | 'ethermac';

/** One option of an extension, as data (struct xt_option_entry). */
export interface OptionSpec {
  /** long option name without dashes */
  name: string;
  type: OptType;
  /** XTOPT_INVERT: `! --opt` allowed */
  invert?: boolean;
  /** XTOPT_MAND: must be given */
  mand?: boolean;
  /** XTOPT_MULTI: may be given more than once */
  multi?: boolean;
  /** range for integer types / length for strings (0 = type default) */
  min?: number | bigint;
  max?: number | bigint;
  /** option names this one excludes / requires */
  excl?: readonly string[];
  also?: readonly string[];
  /** getopt has_arg override for legacy-style options: 0 none, 1 required, 2 optional */
  hasArg?: 0 | 1 | 2;
  /** an exclusion that also catches repeated use of the same option (excl contains itself) */
}

/** Values produced by the generic typed parsers. */
export type OptValue =
  | { t: 'none' }
  | { t: 'int'; v: bigint }
  | { t: 'range'; v: bigint[] }
  | { t: 'double'; v: number }
  | { t: 'string'; v: string }
  | { t: 'tosmask'; value: number; mask: number }
  | { t: 'markmask'; value: number; mask: number }
  | { t: 'syslog'; v: number }
  | { t: 'host'; addr: AddrMask }
  | { t: 'plen'; len: number; mask: AddrMask }
  | { t: 'protocol'; v: number }
  | { t: 'port'; v: number }
  | { t: 'portrange'; v: [number, number]; n: number }
  | { t: 'mac'; v: number[] };

/** What an extension sees about the rule being built (struct xt_option_call's context). */
export interface RuleContext {
  family: Family;
  flavor: Flavor;
  table: TableName;
  /** chain the command addresses (for hook checks); may be undefined in restore before known */
  chain?: string;
  /** -p given so far */
  proto?: { num: number; invert: boolean; name: string };
  rule: Rule;
}

/** One parse call (struct xt_option_call). */
export interface OptionCall {
  ext: ExtensionDef;
  opt: OptionSpec;
  /** the raw argument, undefined for options without one */
  arg: string | undefined;
  invert: boolean;
  /** instance data to fill */
  data: Record<string, unknown>;
  /** typed value from the generic parser */
  val: OptValue;
  /** names of options seen so far in this instance (before this one) */
  seen: ReadonlySet<string>;
  ctx: RuleContext;
  /** argv[optind]: the word after this option's argument (old-style parsers such as --tcp-flags read two words) */
  peekArg(): string | undefined;
  /** optind++ */
  consumeArg(): void;
  /** print a warning on stderr (a bare fprintf(stderr, ...) in the extension; the text includes its newline) */
  warn?(message: string): void;
}

export interface FinalCall {
  ext: ExtensionDef;
  data: Record<string, unknown>;
  seen: ReadonlySet<string>;
  ctx: RuleContext;
}

export interface RenderContext {
  family: Family;
  flavor: Flavor;
  /** -n: numeric output (-L) */
  numeric: boolean;
  /** the rule the extension sits in (protocol etc.) */
  rule: Rule;
}

/** A match or target extension (libxt_*.c). */
export interface ExtensionDef {
  kind: 'match' | 'target';
  name: string;
  /** the revision the 1.8.9 userspace picks on this kernel */
  revision: number;
  /** undefined: both families */
  family?: Family;
  options: readonly OptionSpec[];
  /**
   * Old-style extension (->parse instead of ->x6_parse): libxtables does no generic checks (once-only, invert,
   * typed values, mandatory/excl); `parse` gets the raw argument with val {t:'none'} and does all checks itself,
   * `finalCheck` replaces ->final_check.
   */
  rawOptions?: boolean;
  /** fill defaults into a fresh instance (xs_init_match / ->init) */
  init?(data: Record<string, unknown>, ctx: RuleContext): void;
  /** handle one option; the default stores the typed value under the option name */
  parse?(cb: OptionCall): void;
  /** checks after all options (x6_fcheck), after the generic mandatory/excl/also checks */
  finalCheck?(fc: FinalCall): void;
  /** the words iptables-save prints after `-m name` / `-j NAME`, each with a leading space, e.g. " --dport 22" */
  save(inst: ExtInstance, ctx: RenderContext): string;
  /** the text `iptables -L` prints in the options column, e.g. "tcp dpt:22" (without leading space handling: each piece starts with a space as in C) */
  print(inst: ExtInstance, ctx: RenderContext): string;
  /** name printed after -m when it differs (xtables alias(), e.g. "state" for conntrack rev. with state alias) */
  alias?(inst: ExtInstance): string;
  /**
   * Kernel-side restrictions (the xt_target/xt_match .table and .hooks fields): the tables the extension may be
   * used in and the built-in chains (hooks) from which a rule using it may be reached. Violations are refused by
   * the kernel when the table is committed (EINVAL); the ops layer turns that into each flavor's message.
   */
  tables?: readonly TableName[];
  /** printed on stderr when the extension is loaded (e.g. "Warning: Extension ULOG revision 0 not supported, missing kernel module?") */
  loadWarning?: string;
  hooks?: readonly string[];
  /**
   * Packet matching / target effect for the trace engine (issue #4 fills these in). Until a module provides it,
   * the engine must report the extension as unsupported — never treat it as a match or a non-match.
   */
  match?(inst: ExtInstance, packet: unknown): boolean;
  /**
   * further kernel checkentry refusals (EINVAL) that depend on the data, e.g. DNAT ranges; returns true when refused.
   * `rule` (the whole rule: protocol, other matches) and `hooks` (built-in chains the rule is reachable from) are
   * passed when known: e.g. REJECT tcp-reset needs `-p tcp`, TCPMSS --clamp-mss-to-pmtu only in FORWARD/OUTPUT/POSTROUTING.
   * Returning 'ENOENT' instead of true means the kernel refused with ENOENT (missing object / unknown string algo /
   * module not present): nft "RULE_APPEND failed (No such file or directory)", legacy "No chain/target/match by that name.".
   */
  kernelRefuses?(inst: ExtInstance, where: { table: TableName; family: Family; flavor?: Flavor; rule?: Rule; hooks?: ReadonlySet<string> }): boolean | 'ENOENT' | 'ERANGE';
}

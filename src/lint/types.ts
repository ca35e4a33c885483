// Shapes of nfsim lint: rules (one module each, ShellCheck/hadolint style: a permanent code, a message template,
// a severity, documentation and bad/good examples), the loaded model they inspect, and what they report.
import type { Family, Flavor, Rule, Ruleset } from '../model/ruleset.js';
import type { IpvsForward } from '../model/ipvs.js';
import type { Source, Word } from './source.js';

export type Severity = 'error' | 'warning' | 'info';
export type InputType = 'restore' | 'script' | 'ipvs' | 'ipset';

/** An input a rule's example is linted as (what the meta-test and `--explain` use). */
export interface Example {
  text: string;
  /** default: auto-detected */
  type?: InputType;
  /** names of the ipset sets given with --ipset */
  ipsets?: string[];
  /** an `ipset save` text given with --ipset (the sets' types and families) */
  ipsetSave?: string;
}

export interface BadExample extends Example {
  /** where the finding must be reported (1-based) */
  line: number;
  column: number;
  /** the real iptables-restore (nft) refuses the block at this COMMIT line: NF1000 is reported there as well */
  commitRejected?: number;
}

export interface LintRule {
  /** permanent, never reused: NF1xxx what the real tools reject, NF2xxx risky or dead rules */
  code: string;
  /** kebab-case name */
  name: string;
  severity: Severity;
  /** the message template ({placeholders} are filled in per finding) */
  message: string;
  /** what it finds, why it matters, how to fix it (printed by --explain) */
  description: string;
  bad: BadExample;
  good: Example;
  /** model rules run after loading; rules reported by the loader (parse errors) have none */
  check?(ctx: RuleContext): void;
}

/** One rule of the model and where it came from. */
export interface Located {
  family: Family;
  table: string;
  chain: string;
  /** index in its chain */
  index: number;
  rule: Rule;
}

/** A file loaded for linting: the rulesets it builds (one per family) and where things were written. */
export interface LintModel {
  source: Source;
  type: InputType;
  flavor: Flavor;
  rulesets: Ruleset[];
  /** the words of the command that created a rule (offsets into source.text) */
  ruleWords(rule: Rule): Word[];
  /** `family/table/chain` → the words of the line that declared the chain or set its policy */
  chainDecl: Map<string, Word[]>;
  /** sets known from --ipset or `ipset create` lines of a script (undefined: unknown, skip NF2015) */
  ipsets?: Set<string>;
  /** the known sets' types and families (from an ipset save file or the script's ipset commands) */
  ipsetDefs?: Map<string, IpsetDef>;
  /** the IPVS table an ipvsadm -S file (or a script's ipvsadm commands) leaves, with where each part was written */
  ipvs?: IpvsModel;
}

export interface IpsetDef {
  type: string;
  family: 'inet' | 'inet6' | 'unspec';
  /** how many src/dst flags a match needs (0: list:set, judged by its members) */
  dimension: number;
}

export type At = { start: number; end: number };

export interface IpvsModel {
  services: IpvsServiceInfo[];
}

export interface IpvsServiceInfo {
  /** the service as written: `-t 10.0.0.1:80` */
  text: string;
  /** the service address word of the line that added (or last edited) it */
  at?: At;
  line: number;
  fwmark: number;
  port: number;
  persistent: boolean;
  /** the -M value word, when -M was given */
  netmaskAt?: At;
  /** real servers in the kernel's order */
  servers: IpvsServerInfo[];
}

export interface IpvsServerInfo {
  /** the -r word as written */
  text: string;
  at?: At;
  line: number;
  forward: IpvsForward;
  weight: number;
  /** the port the kernel was given (for -g/-i on an address service: the service's) */
  port: number;
  /** the port written after the address, if any */
  writtenPort?: number;
}

export interface Finding {
  code: string;
  message: string;
  /** offsets into the source text; undefined: the whole file */
  at?: { start: number; end: number } | { line: number };
  notes?: string[];
}

export interface RuleContext {
  model: LintModel;
  report(f: Omit<Finding, 'code'>): void;
}

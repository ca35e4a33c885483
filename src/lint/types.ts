// Shapes of nfsim lint: rules (one module each, ShellCheck/hadolint style: a permanent code, a message template,
// a severity, documentation and bad/good examples), the loaded model they inspect, and what they report.
import type { Family, Flavor, Rule, Ruleset } from '../model/ruleset.js';
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
}

export interface BadExample extends Example {
  /** where the finding must be reported (1-based) */
  line: number;
  column: number;
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
  type: 'restore' | 'script';
  flavor: Flavor;
  rulesets: Ruleset[];
  /** the words of the command that created a rule (offsets into source.text) */
  ruleWords(rule: Rule): Word[];
  /** `family/table/chain` → the words of the line that declared the chain or set its policy */
  chainDecl: Map<string, Word[]>;
  /** sets known from --ipset or `ipset create` lines of a script (undefined: unknown, skip NF2015) */
  ipsets?: Set<string>;
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

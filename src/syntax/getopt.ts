// A faithful emulation of glibc getopt_long() in RETURN_IN_ORDER mode ("-:" optstring prefix) as iptables uses it.

export interface LongOpt<V> {
  name: string;
  /** 0 no argument, 1 required, 2 optional (only as --name=value) */
  hasArg: 0 | 1 | 2;
  /** identity used for ambiguity checks and dispatch */
  val: V;
}

export type GetoptResult<V> =
  | { kind: 'opt'; val: V; arg: string | undefined; /** argv index of the option word */ index: number }
  | { kind: 'nonopt'; arg: string; index: number }
  /** '?': unknown or ambiguous option; `word` is argv[optind-1] as iptables prints it */
  | { kind: 'unknown'; word: string; index: number }
  /** ':': missing required argument */
  | { kind: 'missing'; word: string; index: number }
  | { kind: 'end' };

export class Getopt<V> {
  optind = 0;
  private nextchar = '';
  private readonly shortSpec: Map<string, 0 | 1 | 2>;
  private static readonly specs = new Map<string, Map<string, 0 | 1 | 2>>();

  constructor(
    private readonly argv: string[],
    shortopts: string,
    /** short option letter → val */
    private readonly shortVal: (c: string) => V,
  ) {
    const cached = Getopt.specs.get(shortopts);
    if (cached) {
      this.shortSpec = cached;
      return;
    }
    this.shortSpec = new Map();
    Getopt.specs.set(shortopts, this.shortSpec);
    let s = shortopts;
    if (s.startsWith('-')) s = s.slice(1);
    if (s.startsWith(':')) s = s.slice(1);
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      let has: 0 | 1 | 2 = 0;
      if (s[i + 1] === ':') {
        has = s[i + 2] === ':' ? 2 : 1;
        i += has;
      }
      this.shortSpec.set(c, has);
    }
  }

  next(longopts: readonly LongOpt<V>[]): GetoptResult<V> {
    const argv = this.argv;
    if (this.nextchar === '') {
      if (this.optind >= argv.length) return { kind: 'end' };
      const word = argv[this.optind];
      if (word === '--') {
        this.optind++;
        // everything after "--" stays unparsed: getopt returns -1
        this.optind = this.optind; // remaining words are left for the caller
        return { kind: 'end' };
      }
      if (word[0] !== '-' || word.length === 1) {
        this.optind++;
        return { kind: 'nonopt', arg: word, index: this.optind - 1 };
      }
      if (word[1] === '-') return this.longOption(longopts, word.slice(2));
      this.nextchar = word.slice(1);
    }
    // short option cluster
    const index = this.optind;
    const c = this.nextchar[0];
    this.nextchar = this.nextchar.slice(1);
    const has = this.shortSpec.get(c);
    if (has === undefined || c === ':') {
      if (this.nextchar === '') this.optind++;
      return { kind: 'unknown', word: argv[this.optind - 1] ?? argv[index], index };
    }
    if (has === 0) {
      if (this.nextchar === '') this.optind++;
      return { kind: 'opt', val: this.shortVal(c), arg: undefined, index };
    }
    if (this.nextchar !== '') {
      const arg = this.nextchar;
      this.nextchar = '';
      this.optind++;
      return { kind: 'opt', val: this.shortVal(c), arg, index };
    }
    this.optind++;
    if (has === 2) return { kind: 'opt', val: this.shortVal(c), arg: undefined, index };
    if (this.optind >= argv.length) return { kind: 'missing', word: argv[this.optind - 1], index };
    const arg = argv[this.optind++];
    return { kind: 'opt', val: this.shortVal(c), arg, index };
  }

  private longOption(longopts: readonly LongOpt<V>[], body: string): GetoptResult<V> {
    const argv = this.argv;
    const index = this.optind;
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    let found: LongOpt<V> | undefined = exactIndex(longopts).get(name);
    if (!found) {
      let ambiguous = false;
      for (const o of longopts) {
        if (!o.name.startsWith(name)) continue;
        if (!found) found = o;
        else if (found.hasArg !== o.hasArg || found.val !== o.val) ambiguous = true;
      }
      if (ambiguous) {
        this.optind++;
        return { kind: 'unknown', word: argv[this.optind - 1], index };
      }
    }
    this.optind++;
    if (!found) return { kind: 'unknown', word: argv[this.optind - 1], index };
    if (eq >= 0) {
      if (found.hasArg === 0) return { kind: 'unknown', word: argv[this.optind - 1], index };
      return { kind: 'opt', val: found.val, arg: body.slice(eq + 1), index };
    }
    if (found.hasArg === 1) {
      if (this.optind >= argv.length) return { kind: 'missing', word: argv[this.optind - 1], index };
      return { kind: 'opt', val: found.val, arg: argv[this.optind++], index };
    }
    return { kind: 'opt', val: found.val, arg: undefined, index };
  }
}

const EXACT = new WeakMap<readonly LongOpt<unknown>[], Map<string, LongOpt<unknown>>>();

/** First entry of each exact name (getopt_long takes the first exact match in table order). */
function exactIndex<V>(longopts: readonly LongOpt<V>[]): Map<string, LongOpt<V>> {
  let m = EXACT.get(longopts) as Map<string, LongOpt<V>> | undefined;
  if (!m) {
    m = new Map();
    for (const o of longopts) if (!m.has(o.name)) m.set(o.name, o);
    EXACT.set(longopts, m as Map<string, LongOpt<unknown>>);
  }
  return m;
}

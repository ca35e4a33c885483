// Loads `ipset save` files (what `ipset restore` reads) and the ipset commands of scripts for linting: every line
// through the same ipset 7.17 emulation `nfsim ipset restore` uses (src/ops/ipset.ts), each error at the word it is
// about, going on after it so one run shows all of them; the sets that are left (name, type, family) are the defined
// ones for NF2015 and the set rules.
import { newIpsetState } from '../model/ipset.js';
import type { IpsetState } from '../model/ipset.js';
import { defaultInitval, ipsetDimension, runIpset } from '../ops/ipset.js';
import { parseIpsetLines } from '../syntax/ipset.js';
import { locateWord } from './locate.js';
import { Source } from './source.js';
import type { Word } from './source.js';
import type { At, Finding, IpsetDef, LintModel } from './types.js';

/** ipset's global options (the command is the first other word) */
const GLOBAL = new Set(['-!', '-exist', '-q', '-quiet', '-t', '-terse', '-n', '-name', '-s', '-sorted', '-r', '-resolve']);
const WITH_ARG = new Set(['-o', '-output', '-f', '-file']);
const CREATE = new Set(['create', 'n', '-N']);
const ADT = new Set(['add', 'a', '-A', 'del', 'd', '-D', 'test', 't', '-T']);

/** Where in an ipset command the message points: the quoted word, else the word it names, else by the message. */
export function locateIpset(words: readonly Word[], message: string): At | undefined {
  const span = (w: Word) => ({ start: w.s, end: w.e });
  let ci = 0;
  while (ci < words.length && (GLOBAL.has(words[ci].t) || WITH_ARG.has(words[ci].t))) ci += WITH_ARG.has(words[ci].t) ? 2 : 1;
  const q = locateWord(words, message);
  if (q >= 0) return span(words[q]);
  // a word of the command the message names ("cannot parse 10.0.0.300: ...", "unknown argument foo")
  for (let i = words.length - 1; i > ci; i--) {
    const t = words[i].t;
    if (t.length >= 2 && new RegExp(`(^|[\\s:'])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s:',])`).test(message)) return span(words[i]);
  }
  const name = words[ci + 1];
  const elem = words[ci + 2];
  if (/^(The set with the given name does not exist|Set cannot be created|Set cannot be destroyed|Set cannot be renamed|The sets cannot be swapped|Missing second)/.test(message) && name) return span(/^Missing second/.test(message) ? words[ci + 1] : name);
  if (/^(Missing mandatory argument to command|No command)/.test(message)) return span(words[ci] ?? words[0]);
  const opt = /^(Timeout|Packet\/byte counters|Comment|Skbinfo)/.exec(message)?.[1];
  if (opt) {
    const w = words.find((x, i) => i > ci + 2 && x.t === { Timeout: 'timeout', 'Packet/byte counters': 'packets', Comment: 'comment', Skbinfo: 'skbmark' }[opt]);
    if (w) return span(w);
  }
  if (elem && (/[Ee]lement|Hash is full|in set|list:set|IP address|CIDR|ICMP|port|range/.test(message))) return span(elem);
  return words.length ? { start: words[ci]?.s ?? words[0].s, end: words[words.length - 1].e } : undefined;
}

/** ipset commands, one line of words at a time, on an emulated ipset state. */
export class IpsetLoader {
  state: IpsetState = newIpsetState();
  readonly findings: Finding[] = [];
  /** sets whose create line failed: later "does not exist" errors about them are that one error's echo */
  private failedCreate = new Set<string>();

  constructor(private readonly mode: 'restore' | 'script') {}

  /** One command's words (without the program name); line is 1-based. */
  line(words: readonly Word[], line: number): void {
    const argv = words.map((w) => w.t);
    let restoreCmd = false;
    const r = runIpset(this.state, argv, {
      hooks: { externalRefs: () => 0, initval: defaultInitval },
      readInput: () => {
        restoreCmd = true;
        return '';
      },
    });
    let ci = 0;
    while (ci < argv.length && (GLOBAL.has(argv[ci]) || WITH_ARG.has(argv[ci]))) ci += WITH_ARG.has(argv[ci]) ? 2 : 1;
    const cmd = argv[ci];
    if (restoreCmd && this.mode === 'restore') {
      this.findings.push({ code: 'NF1001', message: 'Restore command is not supported in restore mode', at: { start: words[ci].s, end: words[ci].e } });
      return;
    }
    // a test that misses ends a restore (status 1); in a script it is an ordinary answer
    if (r.status === 0 || (this.mode === 'script' && r.status === 1 && /is NOT in set/.test(r.stderr))) return;
    const msg = (r.stderr.split('\n')[0] ?? '').replace(/^ipset v[\d.]+: /, '').trim();
    if (CREATE.has(cmd ?? '') && argv[ci + 1] !== undefined && !/already exists/.test(msg)) this.failedCreate.add(argv[ci + 1]);
    if (ADT.has(cmd ?? '') && msg === 'The set with the given name does not exist' && this.failedCreate.has(argv[ci + 1])) return;
    const userspace = r.status === 2 || msg.startsWith('Syntax error') || msg.startsWith('No command');
    const notes = this.mode === 'restore' ? [`ipset restore stops here (Error in line ${line}): the lines after it are not applied`] : undefined;
    this.findings.push({ code: userspace ? 'NF1001' : 'NF1002', message: msg, at: locateIpset(words, msg) ?? { line }, ...(notes ? { notes } : {}) });
  }

  /** the sets left, by name */
  defs(): Map<string, IpsetDef> {
    const out = new Map<string, IpsetDef>();
    for (const s of this.state.sets) if (s) out.set(s.name, { type: s.type, family: s.family, dimension: ipsetDimension(s.type) });
    return out;
  }
}

/** An `ipset save` file, read as `ipset restore` reads it. */
export function loadIpset(src: Source, flavor: LintModel['flavor']): { model: LintModel; findings: Finding[]; defs: Map<string, IpsetDef> } {
  const loader = new IpsetLoader('restore');
  parseIpsetLines(src.text).forEach((l, i) => {
    const words = l.words;
    if (words.length === 0 || words[0].t.startsWith('#') || (words.length === 1 && words[0].t === 'COMMIT')) return;
    loader.line(words, i + 1);
  });
  const defs = loader.defs();
  const model: LintModel = { source: src, type: 'ipset', flavor, rulesets: [], ruleWords: () => [], chainDecl: new Map(), ipsets: new Set(defs.keys()), ipsetDefs: defs };
  return { model, findings: loader.findings, defs };
}

/** The sets an `ipset save` text defines (for --ipset and the rule examples); errors are ignored here. */
export function ipsetDefsOf(text: string): Map<string, IpsetDef> {
  return loadIpset(new Source('--ipset', text), 'nft').defs;
}

// --all-paths: every branch of the random choices (statistic --mode random, and undecided matches under
// --assume both) explored depth first, each distinct outcome with its exact probability. A path is replayed from the
// start of the session with a fixed prefix of choices, so stateful matches see exactly what that path saw.
import type { PacketSpec } from '../syntax/packet.js';
import type { PacketTrace } from './events.js';
import { Session, seededChooser, type Chooser, type TraceOptions } from './trace.js';

export interface PathOutcome {
  traces: PacketTrace[];
  probability: { num: bigint; den: bigint };
  choices: string[];
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

function reduce(num: bigint, den: bigint): { num: bigint; den: bigint } {
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

export const MAX_PATHS = 4096;

/** Explore all paths of a packet sequence; throws when there are more than MAX_PATHS. */
export function allPaths(opts: TraceOptions, specs: PacketSpec[]): PathOutcome[] {
  const out: PathOutcome[] = [];
  const todo: boolean[][] = [[]];
  while (todo.length) {
    const prefix = todo.pop()!;
    const taken: boolean[] = [];
    const labels: string[] = [];
    let num = 1n;
    let den = 1n;
    const rng = seededChooser(opts.seed);
    const decide = (label: string, p: { num: bigint; den: bigint }): boolean => {
      const k = taken.length;
      let v: boolean;
      if (k < prefix.length) v = prefix[k];
      else {
        v = true;
        // the sibling branch, explored later
        if (p.num !== 0n && p.num !== p.den) todo.push([...taken, false]);
        else v = p.num !== 0n;
      }
      taken.push(v);
      labels.push(`${label}: ${v ? 'yes' : 'no'}`);
      const q = v ? p.num : p.den - p.num;
      num *= q;
      den *= p.den;
      return v;
    };
    const chooser: Chooser = {
      random32: rng.random32,
      chance: (n, d, label) => decide(`chance ${n}/${d} at ${label}`, { num: BigInt(n), den: BigInt(d) }),
      either: (label) => decide(label, { num: 1n, den: 2n }),
    };
    const session = new Session(opts, chooser);
    const traces = specs.map((s) => session.trace(s));
    const probability = reduce(num, den);
    out.push({ traces, probability, choices: labels });
    if (out.length > MAX_PATHS) throw new Error(`more than ${MAX_PATHS} paths; narrow the packets or rules`);
  }
  return out;
}

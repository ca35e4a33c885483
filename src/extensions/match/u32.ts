// -m u32 (libxt_u32.c, x6 parser): "location=value" tests on packet words; saved in the canonical hex form.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';
import type { PacketBytes } from '../match-semantics.js';
import { packetBytes } from '../match-semantics.js';

/** XT_U32_MAXSIZE */
const MAXSIZE = 10;
type Op = '&' | '<<' | '>>' | '@';

interface U32Test {
  /** location[0].number, then (op, number) pairs */
  location: { op?: Op; number: number }[];
  value: { min: number; max: number }[];
}
interface U32Data {
  tests: U32Test[];
  invert: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as U32Data;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** u32_parse(): the state machine of libxt_u32.c with its error positions */
export function parseU32(arg: string): U32Test[] {
  const tests: U32Test[] = [];
  let ct: U32Test = { location: [], value: [] };
  let p = 0;
  let state = 0;
  const number = (): number => {
    const pos = p;
    const r = xtStrtoulPrefix(arg, 0n, 0xffffffffn, 0, p);
    if (r === undefined || r.end === p) throw paramProblem(`u32: at char ${pos}: not a number or out of range`);
    p = r.end;
    return Number(r.value);
  };
  for (;;) {
    while (isSpace(arg[p])) ++p;
    if (p >= arg.length) {
      if (state === 0) throw paramProblem('u32: abrupt end of input after location specifier');
      if (ct.value.length === 0) throw paramProblem('u32: test ended with no value specified');
      tests.push(ct);
      if (tests.length > MAXSIZE) throw paramProblem(`u32: at char ${p}: too many "&&"s`);
      return tests;
    }
    if (state === 0) {
      if (arg[p] === '=') {
        if (ct.location.length === 0) throw paramProblem(`u32: at char ${p}: location spec missing`);
        ++p;
        state = 1;
      } else {
        let op: Op | undefined;
        if (ct.location.length !== 0) {
          if (arg[p] === '&') op = '&';
          else if (arg[p] === '<') {
            if (arg[++p] !== '<') throw paramProblem(`u32: at char ${p}: a second '<' was expected`);
            op = '<<';
          } else if (arg[p] === '>') {
            if (arg[++p] !== '>') throw paramProblem(`u32: at char ${p}: a second '>' was expected`);
            op = '>>';
          } else if (arg[p] === '@') op = '@';
          else throw paramProblem(`u32: at char ${p}: operator expected`);
          ++p;
        }
        ct.location.push({ op, number: number() });
        if (ct.location.length > MAXSIZE) throw paramProblem(`u32: at char ${p}: too many operators`);
      }
    } else if (arg[p] === '&') {
      if (arg[++p] !== '&') throw paramProblem(`u32: at char ${p}: a second '&' was expected`);
      if (ct.value.length === 0) throw paramProblem(`u32: at char ${p}: value spec missing`);
      tests.push(ct);
      ct = { location: [], value: [] };
      if (tests.length > MAXSIZE) throw paramProblem(`u32: at char ${p}: too many "&&"s`);
      ++p;
      state = 0;
    } else {
      if (ct.value.length > 0) {
        if (arg[p] !== ',') throw paramProblem(`u32: at char ${p}: expected "," or "&&"`);
        ++p;
      }
      const min = number();
      while (isSpace(arg[p])) ++p;
      let max = min;
      if (arg[p] === ':') {
        ++p;
        max = number();
      }
      ct.value.push({ min, max });
      if (ct.value.length > MAXSIZE) throw paramProblem(`u32: at char ${p}: too many ","s`);
    }
  }
}

/** u32_dump() */
function dump(tests: U32Test[]): string {
  const hex = (n: number) => '0x' + (n >>> 0).toString(16);
  const parts = tests.map((t) =>
    t.location.map((l, i) => (i === 0 ? '' : l.op) + hex(l.number)).join('') + '=' +
    t.value.map((v) => (v.min === v.max ? hex(v.min) : `${hex(v.min)}:${hex(v.max)}`)).join(','));
  return ` "${parts.join('&&')}"`;
}

/** the big-endian word at pos and which of its bits the model knows */
function word(pb: PacketBytes, pos: number): [number, number] {
  let v = 0;
  let k = 0;
  for (let i = 0; i < 4; i++) {
    v = ((v << 8) | (pb.bytes[pos + i] ?? 0)) >>> 0;
    k = ((k << 8) | (pb.known[pos + i] ?? 0)) >>> 0;
  }
  return [v, k];
}

/** u32_match_it() in three values: true, false, or a string saying which unknown bits it needed */
export function u32Eval(tests: U32Test[], pb: PacketBytes, len: number): boolean | string {
  let unknown: string | undefined;
  for (const test of tests) {
    let at = 0;
    let pos = test.location[0].number >>> 0;
    if (len < 4 || pos > len - 4) return false;
    let [val, kn] = word(pb, pos);
    let skip = false;
    for (let i = 1; i < test.location.length && !skip; i++) {
      const n = test.location[i].number >>> 0;
      switch (test.location[i].op) {
        case '&':
          val = (val & n) >>> 0;
          kn = (kn | ~n) >>> 0;
          break;
        case '<<': {
          const sh = n & 31;
          val = (val << sh) >>> 0;
          kn = ((kn << sh) | ((1 << sh) - 1)) >>> 0;
          break;
        }
        case '>>': {
          const sh = n & 31;
          val = val >>> sh;
          kn = ((kn >>> sh) | ~(0xffffffff >>> sh)) >>> 0;
          break;
        }
        case '@':
          if (kn !== 0xffffffff) {
            unknown ??= `the word used as an offset (${'@'}) holds bits the packet model does not carry`;
            skip = true;
            break;
          }
          if (at + val > 0xffffffff) return false;
          at += val;
          pos = n;
          if (at + 4 > 0xffffffff || len < at + 4 || pos > len - at - 4) return false;
          [val, kn] = word(pb, at + pos);
          break;
      }
    }
    if (skip) continue;
    const lo = val;
    const hi = (val | ~kn) >>> 0;
    if (test.value.some((v) => v.min <= lo && hi <= v.max)) continue;
    if (!test.value.some((v) => v.min <= hi && lo <= v.max)) return false;
    unknown ??= `the compared bits are not all known to the packet model (known mask 0x${kn.toString(16)})`;
  }
  return unknown ?? true;
}

const u32: ExtensionDef = {
  kind: 'match',
  name: 'u32',
  revision: 0,
  options: [{ name: 'u32', type: 'string', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { tests: [], invert: false });
  },
  parse(cb) {
    const t = cb.data as unknown as U32Data;
    t.invert = cb.invert;
    t.tests = parseU32(cb.arg ?? '');
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --u32` + dump(t.tests);
  },
  print(inst) {
    const t = d(inst);
    return ' u32' + (t.invert ? ' !' : '') + dump(t.tests);
  },
  // u32_mt(): every test must hold (reads past the packet fail the test), the whole result inverted by "!". The
  // words are read from the packet rebuilt from its fields; reading bits the model does not know is Undecided.
  match(inst, env) {
    const t = d(inst);
    const r = u32Eval(t.tests, packetBytes(env.pkt), env.pkt.len);
    if (typeof r === 'string') return env.undecided(`u32: ${r}`);
    return r !== t.invert;
  },
  whyNot(inst, env) {
    return d(inst).invert ? 'all u32 tests hold (inverted)' : `u32 tests do not all hold for ${env.pkt.len}-byte packet`;
  },
};

export default u32;

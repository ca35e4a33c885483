// -m bpf (libxt_bpf.c revision 1, x6 parser): classic BPF program given as --bytecode "N,code jt jf k,...".
// --object-pinned needs a bpf filesystem object; nfsim has none, so it fails like a missing pinned object does.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import { strtoumax } from '../../values/numbers.js';
import type { ExtensionDef } from '../types.js';

/** XT_BPF_MAX_NUM_INSTR */
const MAX_INSTR = 64;

interface Insn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}
interface BpfData {
  mode: 'bytecode' | 'pinned';
  program: Insn[];
  path: string;
}
const d = (inst: ExtInstance) => inst.data as unknown as BpfData;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';

/** One scanf integer conversion (%hu, %hhu, %u): skip white space, strtoul base 10, truncate to `bits`. */
function scanUint(s: string, pos: number, bits: number): { v: number; end: number } | undefined {
  while (isSpace(s[pos])) pos++;
  const r = strtoumax(s, 10, pos);
  if (r.end === pos) return undefined;
  return { v: Number(r.value & ((1n << BigInt(bits)) - 1n)), end: r.end };
}

/** bpf_parse_string() */
export function parseBytecode(prog: string): Insn[] {
  const head = scanUint(prog, 0, 16);
  if (!head || prog[head.end] !== ',') throw paramProblem('bpf: error parsing program length');
  const len = head.v;
  if (!len) throw paramProblem('bpf: illegal zero length program');
  if (len > MAX_INSTR) throw paramProblem('bpf: number of instructions exceeds maximum');
  const out: Insn[] = [];
  let token = 0;
  for (;;) {
    const c = prog.indexOf(',', token);
    if (c < 0 || c + 1 >= prog.length) break;
    token = c + 1;
    if (out.length >= len) throw paramProblem('bpf: real program length exceeds the encoded length parameter');
    const code = scanUint(prog, token, 16);
    const jt = code && scanUint(prog, code.end, 8);
    const jf = jt && scanUint(prog, jt.end, 8);
    const k = jf && scanUint(prog, jf.end, 32);
    if (!code || !jt || !jf || !k) throw paramProblem(`bpf: error at instr ${out.length}`);
    out.push({ code: code.v, jt: jt.v, jf: jf.v, k: k.v });
  }
  if (out.length !== len) throw paramProblem('bpf: parsed program length is less than the encoded length parameter');
  return out;
}

// classic BPF opcodes the kernel accepts (net/core/filter.c chk_code_allowed())
const ALLOWED = new Set<number>([
  0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x94, 0x9c, 0x54, 0x5c, 0x44, 0x4c, 0xa4, 0xac, 0x64, 0x6c, 0x74, 0x7c, 0x84,
  0x20, 0x28, 0x30, 0x80, 0x40, 0x48, 0x50, 0x00, 0x60, 0x81, 0xb1, 0x01, 0x61, 0x02, 0x03, 0x07, 0x87, 0x06, 0x16,
  0x05, 0x15, 0x1d, 0x35, 0x3d, 0x25, 0x2d, 0x45, 0x4d,
]);
const COND_JUMPS = new Set([0x15, 0x1d, 0x35, 0x3d, 0x25, 0x2d, 0x45, 0x4d]);
const SKF_AD_OFF = 0xfffff000;
const SKF_AD_MAX = 64;

/** bpf_check_classic() + check_load_and_stores(): true when the kernel would refuse the program */
export function bpfRefuses(prog: Insn[]): boolean {
  const flen = prog.length;
  for (let pc = 0; pc < flen; pc++) {
    const f = prog[pc];
    if (!ALLOWED.has(f.code)) return true;
    switch (f.code) {
      case 0x34: case 0x94: if (f.k === 0) return true; break;
      case 0x64: case 0x74: if (f.k >= 32) return true; break;
      case 0x60: case 0x61: case 0x02: case 0x03: if (f.k >= 16) return true; break;
      case 0x05: if (f.k >= flen - pc - 1) return true; break;
      case 0x20: case 0x28: case 0x30: {
        const anc = f.k >= SKF_AD_OFF && f.k < SKF_AD_OFF + SKF_AD_MAX && (f.k - SKF_AD_OFF) % 4 === 0;
        if (!anc && f.k >= SKF_AD_OFF) return true;
        break;
      }
      default:
        if (COND_JUMPS.has(f.code) && (pc + f.jt + 1 >= flen || pc + f.jf + 1 >= flen)) return true;
    }
  }
  const last = prog[flen - 1].code;
  if (last !== 0x06 && last !== 0x16) return true;
  const masks = new Array<number>(flen).fill(0xffff);
  let memvalid = 0;
  for (let pc = 0; pc < flen; pc++) {
    memvalid &= masks[pc];
    const f = prog[pc];
    switch (f.code) {
      case 0x02: case 0x03: memvalid |= 1 << f.k; break;
      case 0x60: case 0x61: if (!(memvalid & (1 << f.k))) return true; break;
      case 0x05: masks[pc + 1 + f.k] &= memvalid; memvalid = 0xffff; break;
      default:
        if (COND_JUMPS.has(f.code)) {
          masks[pc + 1 + f.jt] &= memvalid;
          masks[pc + 1 + f.jf] &= memvalid;
          memvalid = 0xffff;
        }
    }
  }
  return false;
}

const code = (p: Insn[]) => p.map((i) => `${i.code} ${i.jt} ${i.jf} ${i.k >>> 0}`).join(',');

const bpf: ExtensionDef = {
  kind: 'match',
  name: 'bpf',
  revision: 1,
  options: [
    { name: 'bytecode', type: 'string' },
    { name: 'object-pinned', type: 'string' },
  ],
  init(data) {
    Object.assign(data, { mode: 'bytecode', program: [], path: '' });
  },
  parse(cb) {
    const t = cb.data as unknown as BpfData;
    if (cb.opt.name === 'bytecode') {
      t.program = parseBytecode(cb.arg ?? '');
      t.mode = 'bytecode';
    } else {
      // bpf_obj_get_readonly() fails: there is no bpf filesystem (and no pinned program) in nfsim
      throw paramProblem('bpf: failed to get bpf object');
    }
  },
  finalCheck(fc) {
    const n = (fc.seen.has('bytecode') ? 1 : 0) + (fc.seen.has('object-pinned') ? 1 : 0);
    if (n !== 1) throw paramProblem('bpf: one of --bytecode or --pinned is required');
  },
  save(inst) {
    const t = d(inst);
    if (t.mode === 'pinned') return ` --object-pinned ${t.path}`;
    return ` --bytecode "${t.program.length},${code(t.program)}"`;
  },
  /** bpf_print_v1(): no leading space, and the program text ends with a NUL byte (printf("%c", '\0')) */
  print(inst) {
    const t = d(inst);
    if (t.mode === 'pinned') return `match bpf pinned ${t.path}`;
    return `match bpf ${code(t.program)}\0`;
  },
  kernelRefuses(inst) {
    const t = d(inst);
    return t.mode === 'bytecode' && bpfRefuses(t.program);
  },
  match(_inst, env) {
    return env.undecided('bpf: running BPF programs is not modelled');
  },
};

export default bpf;

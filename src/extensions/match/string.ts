// -m string (libxt_string.c revision 1, x6 parser): --string/--hex-string pattern, --algo, --from/--to, --icase.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import type { PacketEnv } from '../types.js';
import { packetBytes } from '../match-semantics.js';

/** XT_STRING_MAX_PATTERN_SIZE / XT_STRING_MAX_ALGO_NAME_SIZE */
const MAX_PATTERN = 128;
const MAX_ALGO = 16;

interface StringData {
  fromOffset: number;
  toOffset: number;
  algo: string;
  /** the pattern bytes (what the kernel blob holds) */
  pattern: number[];
  invert: boolean;
  icase: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as StringData;

const isXdigit = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

/** parse_string() */
function parseString(s: string): number[] {
  const b = Buffer.from(s, 'utf8');
  if (b.length > MAX_PATTERN) throw paramProblem(`STRING too long "${s}"`);
  return [...b];
}

/** parse_hex_string(): plain text with |hex blocks| and \-escaped literals. */
export function parseHexString(arg: string): number[] {
  const s = Buffer.from(arg, 'utf8');
  const slen = s.length;
  if (slen === 0) throw paramProblem('STRING must contain at least one char');
  const out: number[] = [];
  let i = 0;
  let hex = false;
  let literal = false;
  const ch = (n: number) => String.fromCharCode(n);
  while (i < slen) {
    if (out.length >= MAX_PATTERN) throw paramProblem(`STRING too long "${arg}"`);
    if (s[i] === 0x5c && !hex) {
      literal = true;
    } else if (s[i] === 0x5c) {
      throw paramProblem('Cannot include literals in hex data');
    } else if (s[i] === 0x7c) {
      if (hex) hex = false;
      else {
        hex = true;
        while (s[i + 1] === 0x20) i++;
      }
      if (i + 1 >= slen) break;
      i++;
    }
    if (literal) {
      if (i + 1 >= slen) throw paramProblem('Bad literal placement at end of string');
      out.push(s[i + 1]);
      i += 2;
      literal = false;
    } else if (hex) {
      if (i + 1 >= slen) throw paramProblem('Odd number of hex digits');
      if (i + 2 >= slen) throw paramProblem('Invalid hex block');
      if (!isXdigit(s[i])) throw paramProblem(`Invalid hex char '${ch(s[i])}'`);
      if (!isXdigit(s[i + 1])) throw paramProblem(`Invalid hex char '${ch(s[i + 1])}'`);
      out.push(parseInt(ch(s[i]) + ch(s[i + 1]), 16));
      i += s[i + 2] === 0x20 ? 3 : 2;
    } else {
      out.push(s[i]);
      i++;
    }
  }
  return out;
}

/** is_hex_string(): non-printable bytes, or a trailing backslash, are shown as a hex block. */
function isHex(p: number[]): boolean {
  if (p.some((c) => c < 0x20 || c > 0x7e)) return true;
  return p.length > 0 && p[p.length - 1] === 0x5c;
}

function patternText(p: number[]): string {
  if (isHex(p)) return ' "|' + p.map((c) => c.toString(16).padStart(2, '0')).join('') + '|"';
  return ' "' + p.map((c) => (c === 0x22 || c === 0x5c ? '\\' : '') + String.fromCharCode(c)).join('') + '"';
}

/** ts_fsm's own pattern check (struct ts_fsm_token: type, recur, value; u16 each, host order). */
function fsmRefuses(p: number[], icase: boolean): boolean {
  if (icase || p.length % 6 !== 0 || p.length === 0) return true;
  for (let i = 0; i < p.length / 6; i++) {
    const type = p[i * 6] | (p[i * 6 + 1] << 8);
    const recur = p[i * 6 + 2] | (p[i * 6 + 3] << 8);
    if (type > 13 || recur > 4) return true;
    if (i > 0 && recur === 4) return true;
  }
  return false;
}

function stringFind(t: StringData, env: PacketEnv): boolean | string {
  const payload = env.pkt.payload;
  if (!payload) return 'string: the packet payload is not given';
  if (t.algo === 'fsm') return 'string --algo fsm: token programs are not run';
  const low = (c: number) => (t.icase && c >= 0x41 && c <= 0x5a ? c + 0x20 : c);
  const pat = t.pattern.map(low);
  const at = packetBytes(env.pkt).payloadAt;
  const len = env.pkt.len;
  const whole = t.fromOffset === 0 && t.toOffset >= len;
  let outside = false;
  for (let i = 0; i + pat.length <= payload.length; i++) {
    let k = 0;
    while (k < pat.length && low(payload[i + k]) === pat[k]) k++;
    if (k < pat.length) continue;
    if (whole) return true;
    if (at === undefined) {
      outside = true;
      continue;
    }
    // skb_find_text(): the whole match must lie in [from, to)
    if (at + i >= t.fromOffset && at + i + pat.length <= t.toOffset) return true;
  }
  if (outside) return 'string --from/--to: where the payload starts is not known (tcp options / IPv6 extension headers)';
  return false;
}

const string: ExtensionDef = {
  kind: 'match',
  name: 'string',
  revision: 1,
  options: [
    { name: 'from', type: 'uint16' },
    { name: 'to', type: 'uint16' },
    { name: 'algo', type: 'string', mand: true },
    { name: 'string', type: 'string', invert: true, excl: ['hex-string'] },
    { name: 'hex-string', type: 'string', invert: true, excl: ['string'] },
    { name: 'icase', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { fromOffset: 0, toOffset: 0xffff, algo: '', pattern: [], invert: false, icase: false });
  },
  parse(cb) {
    const t = cb.data as unknown as StringData;
    const arg = cb.arg ?? '';
    switch (cb.opt.name) {
      case 'from': t.fromOffset = Number(cb.val.t === 'int' ? cb.val.v : 0n); break;
      case 'to': t.toOffset = Number(cb.val.t === 'int' ? cb.val.v : 0n); break;
      case 'algo': t.algo = Buffer.from(arg, 'utf8').subarray(0, MAX_ALGO - 1).toString('latin1'); break;
      case 'string': t.pattern = parseString(arg); if (cb.invert) t.invert = true; break;
      case 'hex-string': t.pattern = parseHexString(arg); if (cb.invert) t.invert = true; break;
      case 'icase': t.icase = true; break;
    }
  },
  finalCheck(fc) {
    if (!fc.seen.has('string') && !fc.seen.has('hex-string')) {
      throw paramProblem("STRING match: You must specify `--string' or `--hex-string'");
    }
  },
  save(inst) {
    const t = d(inst);
    let out = `${t.invert ? ' !' : ''} ${isHex(t.pattern) ? '--hex-string' : '--string'}` + patternText(t.pattern);
    out += ` --algo ${t.algo}`;
    if (t.fromOffset !== 0) out += ` --from ${t.fromOffset}`;
    if (t.toOffset !== 0xffff) out += ` --to ${t.toOffset}`;
    if (t.icase) out += ' --icase';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ` STRING match ${t.invert ? '!' : ''}` + patternText(t.pattern);
    out += ` ALGO name ${t.algo}`;
    if (t.fromOffset !== 0) out += ` FROM ${t.fromOffset}`;
    if (t.toOffset !== 0xffff) out += ` TO ${t.toOffset}`;
    if (t.icase) out += ' ICASE';
    return out;
  },
  // string_mt_check(): from > to and an empty pattern are EINVAL; textsearch_prepare() knows bm, kmp and fsm (ENOENT otherwise)
  kernelRefuses(inst) {
    const t = d(inst);
    if (t.fromOffset > t.toOffset) return true;
    if (t.pattern.length === 0) return true;
    if (t.algo !== 'bm' && t.algo !== 'kmp' && t.algo !== 'fsm') return 'ENOENT';
    if (t.algo === 'fsm') return fsmRefuses(t.pattern, t.icase);
    return false;
  },
  // string_mt(): the pattern searched in the packet bytes [from, to) (from the network header on), inverted by "!".
  // The payload is searched (case-insensitively with --icase); header bytes are not (their unknown fields would
  // make every short pattern undecidable). fsm patterns are token programs and are not run.
  match(inst, env) {
    const r = stringFind(d(inst), env);
    if (typeof r === 'string') return env.undecided(r);
    return r !== d(inst).invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    return t.invert ? `pattern${patternText(t.pattern)} found in the payload (inverted)` : `pattern${patternText(t.pattern)} not in the payload`;
  },
};

export default string;

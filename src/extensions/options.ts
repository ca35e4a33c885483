// Generic typed option parsing with libxtables' messages (xtoptions.c: xtables_option_parse and the XTTYPE_* parsers).
import { paramProblem, otherProblem } from '../diag/errors.js';
import type { AddrMask } from '../values/addr.js';
import { parseIpv6, prefixToMask4, prefixToMask6, mask4ToCidr, mask6ToCidr, parseAddrAny } from '../values/addr.js';
import { xtStrtoul, xtStrtoulPrefix, xtStrtoui } from '../values/numbers.js';
import { parseProtocol } from '../values/protocols.js';
import { serviceToPort } from '../values/ports.js';
import type { OptValue, OptionCall, OptionSpec, ExtensionDef, RuleContext } from './types.js';

const TYPE_MAX: Record<string, bigint> = {
  uint8: 255n, uint8rc: 255n, uint16: 65535n, uint16rc: 65535n,
  uint32: 4294967295n, uint32rc: 4294967295n, uint64: (1n << 64n) - 1n, uint64rc: (1n << 64n) - 1n,
};

const big = (v: number | bigint | undefined): bigint => (v === undefined ? 0n : BigInt(v));

/** getaddrinfo for numeric hosts and the few names nfsim knows (no DNS). */
function parseHost(ctxFamily: RuleContext['family'], arg: string): AddrMask {
  if (ctxFamily === 'ipv4') {
    const a = numericToIpv4Strict(arg);
    if (a !== undefined) return { family: 'ipv4', addr: a, mask: 0xffffffff };
  } else {
    const a = parseIpv6(arg);
    if (a !== undefined) return { family: 'ipv6', addr: a, mask: (1n << 128n) - 1n };
  }
  try {
    const r = parseAddrAny(ctxFamily, arg);
    if (r.length === 1) return r[0];
  } catch {
    /* fall through */
  }
  // a literal of the other family: EAI_ADDRFAMILY
  if (ctxFamily === 'ipv4' ? parseIpv6(arg) !== undefined : numericToIpv4Strict(arg) !== undefined) {
    throw paramProblem('getaddrinfo: Address family for hostname not supported\n');
  }
  // glibc's nss_dns refuses names made only of digits and dots (not ending in a dot) without asking: EAI_NONAME
  if (/^[0-9][0-9.]*$/.test(arg) && !arg.endsWith('.')) throw paramProblem('getaddrinfo: Name or service not known\n');
  // the emulated host has no resolver (like the oracle's namespaces): names fail temporarily, while strings that
  // look numeric are refused by getaddrinfo itself without a look-up
  const numericLooking = ctxFamily === 'ipv4' ? /^[0-9.]+$/.test(arg) : /^[0-9a-fA-F:.]+$/.test(arg);
  throw paramProblem(`getaddrinfo: ${numericLooking ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
}

/** getaddrinfo() numeric IPv4 is inet_aton: 1-4 parts, each part decimal/octal/hex, last part fills the rest. */
function numericToIpv4Strict(s: string): number | undefined {
  if (!/^[0-9a-fA-FxX.]+$/.test(s)) return undefined;
  const parts = s.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    const v = xtStrtoul(p, 0n, 0xffffffffn);
    if (v === undefined) return undefined;
    nums.push(Number(v));
  }
  const last = nums[nums.length - 1];
  const lead = nums.slice(0, -1);
  if (lead.some((n) => n > 255)) return undefined;
  const lastBits = 8 * (4 - lead.length);
  if (lastBits < 32 && last >= 2 ** lastBits) return undefined;
  let v = 0;
  lead.forEach((n, i) => { v += n * 2 ** (24 - 8 * i); });
  return (v + last) >>> 0;
}

function parsePlen(cb: { ext: ExtensionDef; opt: OptionSpec; arg: string; family: RuleContext['family'] }): { len: number; mask: AddrMask } {
  const hlen = cb.family === 'ipv4' ? 32 : 128;
  const n = xtStrtoui(cb.arg, 0, hlen);
  if (n !== undefined) {
    return cb.family === 'ipv4'
      ? { len: n, mask: { family: 'ipv4', addr: prefixToMask4(n), mask: 0xffffffff } }
      : { len: n, mask: { family: 'ipv6', addr: prefixToMask6(n), mask: (1n << 128n) - 1n } };
  }
  // a dotted mask is turned into a prefix length; a non-contiguous one (-1) leaves the mask all ones
  if (cb.family === 'ipv4') {
    const m = numericToIpv4Strict(cb.arg);
    if (m !== undefined) {
      const len = mask4ToCidr(m);
      return { len, mask: { family: 'ipv4', addr: len < 0 ? 0xffffffff : m, mask: 0xffffffff } };
    }
  } else {
    const m = parseIpv6(cb.arg);
    if (m !== undefined) {
      const len = mask6ToCidr(m);
      return { len, mask: { family: 'ipv6', addr: len < 0 ? (1n << 128n) - 1n : m, mask: (1n << 128n) - 1n } };
    }
  }
  throw paramProblem(`${cb.ext.name}: bad value for option "--${cb.opt.name}", neither a valid network mask nor valid CIDR (0-${hlen}).\n`);
}

const SYSLOG: Record<string, number> = { alert: 1, crit: 2, debug: 7, emerg: 0, error: 3, info: 6, notice: 5, panic: 0, warning: 4 };
const TOS_NAMES: Record<string, number> = {
  'minimize-delay': 0x10, 'maximize-throughput': 0x08, 'maximize-reliability': 0x04, 'minimize-cost': 0x02, 'normal-service': 0x00,
};

/** xtables_getportbyname(): getaddrinfo(NULL, name) accepts numbers and any-protocol service names. */
function portByName(name: string): number {
  const n = xtStrtoui(name, 0, 65535);
  if (n !== undefined && /^\d+$/.test(name)) return n;
  if (/^\d+$/.test(name)) return -1;
  return serviceToPort(name);
}

/** Runs the XTTYPE_* sub-parser for one option argument. */
export function parseTyped(ext: ExtensionDef, opt: OptionSpec, arg: string | undefined, ctx: RuleContext): OptValue {
  const name = ext.name;
  if (opt.type === 'none' || arg === undefined) return { t: 'none' };
  switch (opt.type) {
    case 'uint8': case 'uint16': case 'uint32': case 'uint64': {
      const lmin = big(opt.min);
      const lmax = opt.max ? big(opt.max) : TYPE_MAX[opt.type];
      const v = xtStrtoul(arg, lmin, lmax);
      if (v === undefined) throw paramProblem(`${name}: bad value for option "--${opt.name}", or out of range (${lmin}-${lmax}).\n`);
      return { t: 'int', v };
    }
    case 'uint8rc': case 'uint16rc': case 'uint32rc': case 'uint64rc': {
      const lmax = TYPE_MAX[opt.type];
      const vals: bigint[] = [];
      let pos = 0;
      for (;;) {
        if (vals.length === 2) throw paramProblem(`${name}: Too many components for option "--${opt.name}" (max: 2)\n`);
        let value: bigint;
        let end: number;
        if (pos >= arg.length || arg[pos] === ':') {
          end = pos;
          value = vals.length === 1 ? lmax : 0n;
        } else {
          const r = xtStrtoulPrefix(arg, 0n, lmax, 0, pos);
          if (r === undefined) throw paramProblem(`${name}: bad value for option "--${opt.name}" near "${arg.slice(pos)}", or out of range (0-${lmax}).\n`);
          if (r.end < arg.length && arg[r.end] !== ':') throw paramProblem(`${name}: Argument to "--${opt.name}" has unexpected characters near "${arg.slice(r.end)}".\n`);
          value = r.value;
          end = r.end;
        }
        vals.push(value);
        if (end >= arg.length) break;
        pos = end + 1;
      }
      return { t: 'range', v: vals };
    }
    case 'double': {
      const v = arg.trim() === '' ? NaN : Number(arg);
      const lo = Number(opt.min ?? 0), hi = Number(opt.max ?? 0);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(arg) || Number.isNaN(v) || (lo !== hi && (v < lo || v > hi))) {
        throw paramProblem(`${name}: bad value for option "--${opt.name}", or out of range (${lo}-${hi}).\n`);
      }
      return { t: 'double', v };
    }
    case 'string': {
      const min = Number(opt.min ?? 0), max = Number(opt.max ?? 0);
      // bytes lie in [length, 3 * length]: count them only when that range straddles a limit
      const exact = (min !== 0 && arg.length < min) || (max !== 0 && arg.length * 3 > max);
      const z = exact ? Buffer.byteLength(arg) : arg.length;
      if (min !== 0 && z < min) throw paramProblem(`Argument must have a minimum length of ${min} characters\n`);
      if (max !== 0 && z > max) throw paramProblem(`Argument must have a maximum length of ${max} characters\n`);
      return { t: 'string', v: arg };
    }
    case 'tosmask': {
      const maxv = Number(opt.max ?? 255);
      const first = xtStrtoulPrefix(arg, 0n, 255n);
      if (first !== undefined) {
        // tos_parse_numeric(): a number without /mask gets mask 0xff; only symbolic names use the option's max
        let mask = 0xff;
        let end = first.end;
        if (arg[end] === '/') {
          const m = xtStrtoulPrefix(arg, 0n, 255n, 0, end + 1);
          if (m === undefined) throw paramProblem(`Illegal value: "${arg}"`);
          mask = Number(m.value);
          end = m.end;
        }
        if (end !== arg.length) throw paramProblem(`Illegal value: "${arg}"`);
        return { t: 'tosmask', value: Number(first.value), mask };
      }
      const sym = TOS_NAMES[arg.toLowerCase()];
      if (sym === undefined) throw paramProblem(`Symbolic name "${arg}" is unknown`);
      return { t: 'tosmask', value: sym, mask: maxv };
    }
    case 'markmask32': {
      const r = xtStrtoulPrefix(arg, 0n, 0xffffffffn);
      if (r === undefined) throw paramProblem(`${name}: bad integer value for option "--${opt.name}", or out of range.\n`);
      if (r.end === arg.length) return { t: 'markmask', value: Number(r.value), mask: 0xffffffff };
      if (arg[r.end] !== '/') throw paramProblem(`${name}: trailing garbage after value for option "--${opt.name}".\n`);
      const m = xtStrtoulPrefix(arg, 0n, 0xffffffffn, 0, r.end + 1);
      if (m === undefined) throw paramProblem(`${name}: bad integer value for option "--${opt.name}", or out of range.\n`);
      if (m.end !== arg.length) throw paramProblem(`${name}: trailing garbage after value for option "--${opt.name}".\n`);
      return { t: 'markmask', value: Number(r.value), mask: Number(m.value) };
    }
    case 'sysloglevel': {
      const n = xtStrtoui(arg, 0, 7);
      if (n !== undefined) return { t: 'syslog', v: n };
      if (!Object.hasOwn(SYSLOG, arg)) throw paramProblem(`log level "${arg}" unknown\n`);
      return { t: 'syslog', v: SYSLOG[arg] };
    }
    case 'host':
      return { t: 'host', addr: parseHost(ctx.family, arg) };
    case 'hostmask': {
      const slash = arg.indexOf('/');
      if (slash < 0) return { t: 'host', addr: parseHost(ctx.family, arg) };
      const host = parseHost(ctx.family, arg.slice(0, slash));
      const pl = parsePlen({ ext, opt, arg: arg.slice(slash + 1), family: ctx.family });
      const addr: AddrMask = host.family === 'ipv4'
        ? { family: 'ipv4', addr: host.addr as number, mask: (pl.mask.addr as number) >>> 0 }
        : { family: 'ipv6', addr: host.addr as bigint, mask: pl.mask.addr as bigint };
      return { t: 'host', addr };
    }
    case 'plen': case 'plenmask': {
      const pl = parsePlen({ ext, opt, arg, family: ctx.family });
      return { t: 'plen', len: pl.len, mask: pl.mask };
    }
    case 'protocol':
      return { t: 'protocol', v: parseProtocol(arg) };
    case 'port': {
      const p = portByName(arg);
      if (p < 0) throw paramProblem(`Port "${arg}" does not resolve to anything.\n`);
      return { t: 'port', v: p };
    }
    case 'portrc': {
      const parts = arg.split(':');
      if (parts.length > 2) throw paramProblem(`${name}: Too many components for option "--${opt.name}" (max: 2)\n`);
      const v: [number, number] = [0, 65535];
      parts.forEach((p, i) => {
        if (p === '') return;
        const n = portByName(p);
        if (n < 0) throw paramProblem(`Port "${p}" does not resolve to anything.\n`);
        v[i] = n;
      });
      if (parts.length === 1) v[1] = v[0];
      return { t: 'portrange', v, n: 2 };
    }
    case 'ethermac': {
      const bytes: number[] = [];
      let rest = arg;
      for (let i = 0; i < 6; i++) {
        const m = /^\s*[+-]?(0[xX])?[0-9a-fA-F]*/.exec(rest)!;
        const tok = m[0];
        const digits = tok.replace(/^\s*[+-]?(0[xX])?/, '');
        const consumed = digits.length === 0 && !/0[xX]/.test(tok) ? 0 : tok.length;
        const sep = rest[consumed];
        if (consumed > 2 || (i < 5 ? sep !== ':' : consumed !== rest.length)) throw paramProblem('Invalid MAC address specified.');
        bytes.push(consumed === 0 ? 0 : parseInt(digits || '0', 16) & 255);
        rest = rest.slice(consumed + 1);
      }
      return { t: 'mac', v: bytes };
    }
  }
  throw otherProblem(`${name}: unhandled option type ${opt.type}`);
}

/** xtables_option_parse(): the generic checks, then the typed sub-parser. */
export function genericOptionChecks(ext: ExtensionDef, opt: OptionSpec, invert: boolean, arg: string | undefined, seen: ReadonlySet<string>): void {
  const selfExcl = opt.excl?.includes(opt.name) ?? false;
  if ((!opt.multi || selfExcl) && seen.has(opt.name)) throw paramProblem(`${ext.name}: option "--${opt.name}" can only be used once.\n`);
  if (invert && !opt.invert) throw paramProblem(`${ext.name}: option "--${opt.name}" cannot be inverted.\n`);
  if (opt.type !== 'none' && arg === undefined && (opt.hasArg ?? 1) === 1) throw paramProblem(`${ext.name}: option "--${opt.name}" requires an argument.\n`);
}

/** xtables_options_fcheck(): mandatory, also-requires and exclusions, in option-table order. */
export function genericFinalChecks(ext: ExtensionDef, seen: ReadonlySet<string>): void {
  for (const entry of ext.options) {
    if (entry.mand && !seen.has(entry.name)) throw paramProblem(`${ext.name}: option "--${entry.name}" must be specified\n`);
    if (!seen.has(entry.name)) continue;
    for (const other of ext.options) {
      if (other === entry) continue;
      if (entry.also?.includes(other.name) && !seen.has(other.name)) {
        throw paramProblem(`${ext.name}: option "--${entry.name}" also requires "--${other.name}".\n`);
      }
      if (entry.excl?.includes(other.name) && seen.has(other.name)) {
        throw paramProblem(`${ext.name}: option "--${entry.name}" cannot be used together with "--${other.name}".\n`);
      }
    }
  }
}

/** Default parse behaviour: store the typed value under the option's name (and `<name>Invert`). */
export function storeDefault(cb: OptionCall): void {
  const v = cb.val;
  let value: unknown;
  switch (v.t) {
    case 'none': value = true; break;
    case 'int': value = v.v; break;
    case 'range': value = v.v; break;
    case 'double': value = v.v; break;
    case 'string': value = v.v; break;
    case 'tosmask': value = { value: v.value, mask: v.mask }; break;
    case 'markmask': value = { value: v.value, mask: v.mask }; break;
    case 'syslog': value = v.v; break;
    case 'host': value = v.addr; break;
    case 'plen': value = v.len; break;
    case 'protocol': value = v.v; break;
    case 'port': value = v.v; break;
    case 'portrange': value = v.v; break;
    case 'mac': value = v.v; break;
  }
  cb.data[cb.opt.name] = value;
  if (cb.invert) cb.data[cb.opt.name + '!'] = true;
}

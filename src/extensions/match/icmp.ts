// -m icmp (libipt_icmp.c with the name tables and parser of libxt_icmp.h), IPv4 only: [!] --icmp-type type[/code]|name.
// Saved numerically ("8", "3/4", "any" for type 255); -L shows the first table name whose type and code range match.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Rule } from '../../model/ruleset.js';
import { xtStrtoulPrefix } from '../../values/numbers.js';
import type { ExtensionDef, PacketEnv } from '../types.js';

/** struct xt_icmp_names: name, type, code_min, code_max (order matters: prefix matching and -L name choice). */
export type IcmpName = readonly [string, number, number, number];

export const ICMP_CODES: readonly IcmpName[] = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['pong', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff],
  ['ping', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

export const ICMPV6_CODES: readonly IcmpName[] = [
  ['destination-unreachable', 1, 0, 0xff],
  ['no-route', 1, 0, 0],
  ['communication-prohibited', 1, 1, 1],
  ['beyond-scope', 1, 2, 2],
  ['address-unreachable', 1, 3, 3],
  ['port-unreachable', 1, 4, 4],
  ['failed-policy', 1, 5, 5],
  ['reject-route', 1, 6, 6],
  ['packet-too-big', 2, 0, 0xff],
  ['time-exceeded', 3, 0, 0xff],
  ['ttl-exceeded', 3, 0, 0xff],
  ['ttl-zero-during-transit', 3, 0, 0],
  ['ttl-zero-during-reassembly', 3, 1, 1],
  ['parameter-problem', 4, 0, 0xff],
  ['bad-header', 4, 0, 0],
  ['unknown-header-type', 4, 1, 1],
  ['unknown-option', 4, 2, 2],
  ['echo-request', 128, 0, 0xff],
  ['ping', 128, 0, 0xff],
  ['echo-reply', 129, 0, 0xff],
  ['pong', 129, 0, 0xff],
  ['router-solicitation', 133, 0, 0xff],
  ['router-advertisement', 134, 0, 0xff],
  ['neighbour-solicitation', 135, 0, 0xff],
  ['neighbor-solicitation', 135, 0, 0xff],
  ['neighbour-advertisement', 136, 0, 0xff],
  ['neighbor-advertisement', 136, 0, 0xff],
  ['redirect', 137, 0, 0xff],
];

export interface IcmpData {
  type: number;
  code: [number, number];
  invert?: boolean;
}

/** parse_range(): "n[:m]" with xtables_strtoui(.., 0, 255); returns the values and where parsing stopped. */
function parseRange(s: string, from: number): { v: [number, number]; end: number } | undefined {
  const a = xtStrtoulPrefix(s, 0n, 255n, 0, from);
  if (!a) return undefined;
  let v: [number, number] = [Number(a.value), Number(a.value)];
  let end = a.end;
  if (s[end] === ':') {
    const b = xtStrtoulPrefix(s, 0n, 255n, 0, end + 1);
    if (!b) return undefined;
    v = [v[0], Number(b.value)];
    end = b.end;
  }
  return { v, end };
}

/** __ipt_parse_icmp(): a (case-insensitive, prefix) table name or "type[/code]" numbers. */
export function parseIcmpType(codes: readonly IcmpName[], what: 'ICMP' | 'ICMPv6', str: string): { type: number; code: [number, number] } {
  let match = -1;
  for (let i = 0; i < codes.length; i++) {
    if (!codes[i][0].toLowerCase().startsWith(str.toLowerCase())) continue;
    if (match >= 0) throw paramProblem(`Ambiguous ${what} type \`${str}': \`${codes[match][0]}' or \`${codes[i][0]}'?`);
    match = i;
  }
  let types: [number, number];
  let code: [number, number];
  if (match >= 0) {
    types = [codes[match][1], codes[match][1]];
    code = [codes[match][2], codes[match][3]];
  } else {
    const t = parseRange(str, 0);
    if (!t) throw paramProblem(`Unknown ${what} type \`${str}'`);
    types = t.v;
    if (t.end === str.length) {
      code = [0, 255];
    } else if (str[t.end] === '/') {
      const c = parseRange(str, t.end + 1);
      if (!c) throw paramProblem(`Unknown ${what} code \`${str}'`);
      code = c.v;
      if (c.end !== str.length) throw paramProblem(`unknown character ${str[c.end]}`);
    } else {
      throw paramProblem(`unknown character ${str[t.end]}`);
    }
  }
  if (types[0] !== types[1]) throw paramProblem(`${what} type range not supported`);
  return { type: types[0], code };
}

/** print_icmptype() / print_icmpv6type() */
export function printIcmpType(codes: readonly IcmpName[], t: IcmpData, numeric: boolean): string {
  if (!numeric) {
    const n = codes.find(([, type, lo, hi]) => type === t.type && lo === t.code[0] && hi === t.code[1]);
    if (n) return ` ${t.invert ? '!' : ''}${n[0]}`;
  }
  let out = t.invert ? ' !' : '';
  out += `type ${t.type}`;
  if (t.code[0] === t.code[1]) out += ` code ${t.code[0]}`;
  else if (t.code[0] !== 0 || t.code[1] !== 0xff) out += ` codes ${t.code[0]}-${t.code[1]}`;
  return out;
}

/** Kernel .proto check of xt_match (ipt_icmp/ip6t_icmp6, xt_udp, ...): the rule must say `-p <proto>` without `!`. */
export function protoRequired(rule: Rule | undefined, num: number): boolean {
  return rule?.proto?.num === num && !rule.proto.invert;
}

const d = (inst: ExtInstance) => inst.data as unknown as IcmpData;

/**
 * icmp_type_code_match() / icmp6_type_code_match(): type 0xFF ("any") matches every IPv4 type (not for icmpv6),
 * otherwise the type and the code range; the result is inverted as a whole. A non-first fragment is false.
 */
export function icmpMatch(t: IcmpData, env: PacketEnv, proto: number, anyType: boolean): boolean {
  const p = env.pkt;
  if (p.proto !== proto || p.fragment || p.icmpType < 0) return false;
  const hit = (anyType && t.type === 0xff) || (p.icmpType === t.type && p.icmpCode >= t.code[0] && p.icmpCode <= t.code[1]);
  return hit !== !!t.invert;
}

export function icmpWhyNot(t: IcmpData, env: PacketEnv, proto: number, name: string): string {
  const p = env.pkt;
  if (p.proto !== proto || p.icmpType < 0) return `not ${name} (proto ${p.proto})`;
  if (p.fragment) return `non-first fragment: no ${name} header`;
  const want = t.code[0] === 0 && t.code[1] === 0xff ? `type ${t.type}` : `type ${t.type} code ${t.code[0] === t.code[1] ? t.code[0] : `${t.code[0]}-${t.code[1]}`}`;
  return t.invert ? `${name} type ${p.icmpType} code ${p.icmpCode} is ${want} (inverted)` : `${name} type ${p.icmpType} code ${p.icmpCode} ≠ ${want}`;
}

const icmp: ExtensionDef = {
  kind: 'match',
  name: 'icmp',
  revision: 0,
  family: 'ipv4',
  options: [{ name: 'icmp-type', type: 'string', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { type: 0xff, code: [0, 0xff] });
  },
  parse(cb) {
    const r = parseIcmpType(ICMP_CODES, 'ICMP', cb.arg ?? '');
    Object.assign(cb.data, { type: r.type, code: r.code });
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    let out = t.invert ? ' !' : '';
    if (t.type === 0xff) return out + ' --icmp-type any';
    out += ` --icmp-type ${t.type}`;
    if (t.code[0] !== 0 || t.code[1] !== 0xff) out += `/${t.code[0]}`;
    return out;
  },
  print(inst, ctx) {
    return ' icmp' + printIcmpType(ICMP_CODES, d(inst), ctx.numeric);
  },
  kernelRefuses(_inst, where) {
    return !protoRequired(where.rule, 1);
  },
  match: (inst, env) => icmpMatch(d(inst), env, 1, true),
  whyNot: (inst, env) => icmpWhyNot(d(inst), env, 1, 'icmp'),
};

export default icmp;

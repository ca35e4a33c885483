// `iptables -L` / `ip6tables -L` rendering, byte for byte as iptables 1.8.9 prints it: legacy list_entries() /
// print_firewall() (iptables.c, ip6tables.c), nft nft_rule_list() / __nft_print_header() / nft_ipv{4,6}_print_rule()
// (nft.c, nft-ipv4.c, nft-ipv6.c), the shared column printers of xshared.c (print_header, print_rule_details,
// print_fragment, print_ifaces, print_ipv{4,6}_addresses) and libxtables' xtables_print_num().
import type { Chain, Family, Flavor, Iface, Rule, Table } from '../model/ruleset.js';
import type { AddrMask } from '../values/addr.js';
import type { RenderContext } from '../extensions/types.js';
import { findMatch, findTarget } from '../extensions/registry.js';
import { ipv4ToString, ipv6ToString, mask4ToSuffix, mask6ToSuffix } from '../values/addr.js';
import { protoToName } from '../values/protocols.js';
import { OpError } from '../diag/op-error.js';
import { references } from '../model/ruleset.js';
import { orderedChains } from './save.js';

export interface ListOptions {
  family: Family;
  flavor: Flavor;
  /** -L CHAIN */
  chain?: string;
  /** -L CHAIN RULENUM (1-based; 0/undefined = all rules) */
  rulenum?: number;
  /** -v */
  verbose: boolean;
  /** -n */
  numeric: boolean;
  /** -x */
  exact: boolean;
  /** --line-numbers */
  lineNumbers: boolean;
}

/** The subset of libxtables' FMT_* flags the table layout depends on. */
interface Format {
  numeric: boolean;
  /** !FMT_NOCOUNTS */
  counts: boolean;
  /** FMT_KILOMEGAGIGA */
  kmg: boolean;
  /** FMT_VIA */
  via: boolean;
  lineNumbers: boolean;
}

/** C's "%-Ns": left-justify, never truncate. */
const padR = (s: string, n: number): string => s.padEnd(n, ' ');
/** C's "%Ns" */
const padL = (s: string, n: number): string => s.padStart(n, ' ');

const U64 = (1n << 64n) - 1n;

/**
 * xtables_print_num(): `notable` is FMT_NOTABLE (used by print_header for the policy counters: no padding).
 * The arithmetic is C's on a uint64_t: integer division, and `number + 500` wraps (2^64-1 prints as "0K").
 */
export function formatNum(n: bigint, kmg: boolean, notable = false): string {
  const put = (v: bigint, width: number, suffix = '') => (notable ? `${v}${suffix} ` : `${padL(String(v), width)}${suffix} `);
  n &= U64;
  if (!kmg) return put(n, 8);
  if (n <= 99999n) return put(n, 5);
  for (const suffix of ['K', 'M', 'G']) {
    n = ((n + 500n) & U64) / 1000n;
    if (n <= 9999n) return put(n, 4, suffix);
  }
  n = ((n + 500n) & U64) / 1000n;
  return put(n, 4, 'T');
}

/** print_header() */
function header(f: Format, chain: Chain, refs: number): string {
  let out = `Chain ${chain.name}`;
  if (chain.builtin) {
    out += ` (policy ${chain.policy ?? 'ACCEPT'}`;
    if (f.counts) {
      out += ' ' + formatNum(chain.counters.pkts, f.kmg, true) + 'packets, ';
      out += formatNum(chain.counters.bytes, f.kmg, true) + 'bytes';
    }
    out += ')\n';
  } else {
    out += ` (${refs} references)\n`;
  }
  if (f.lineNumbers) out += `${padR('num', 4)} `;
  if (f.counts) {
    if (f.kmg) out += `${padL('pkts', 5)} ${padL('bytes', 5)} `;
    else out += `${padL('pkts', 8)} ${padL('bytes', 10)} `;
  }
  out += `${padR('target', 9)} `;
  out += ' prot ';
  out += 'opt'; // FMT_OPTIONS is always set by -L
  if (f.via) out += ` ${padR('in', 6)} ${padR('out', 6)} `;
  out += ` ${padR('source', 19)} `;
  out += ` ${padR('destination', 19)} `;
  return out + '\n';
}

/** The emulated /etc/hosts (addr.ts resolves localhost forwards) and Debian's /etc/networks. */
const HOSTS4_BY_ADDR = new Map<number, string>([[0x7f000001, 'localhost']]);
const NETWORKS4_BY_ADDR = new Map<number, string>([
  [0x00000000, 'default'],
  [0x7f000000, 'loopback'],
  [0xa9fe0000, 'link-local'],
]);

/**
 * xtables_ipaddr_to_anyname() / xtables_ip6addr_to_anyname() as they behave on a host without working DNS (what
 * the kernel oracle's fresh network namespace is, and what nfsim emulates: it never does DNS). getnameinfo()
 * finds /etc/hosts entries; for anything else the DNS query fails with EAI_AGAIN (not "not found", so there is no
 * numeric fallback inside getnameinfo), and IPv4 then tries getnetbyaddr() on the whole address (/etc/networks:
 * 169.254.0.0/16 lists as "link-local/16", 0.0.0.0/8 as "default/8"); the rest prints numerically.
 * IPv6 has no networks step; ::1 has no hosts entry on the oracle's host, so it stays "::1".
 */
function anyName(a: AddrMask): string {
  if (a.family === 'ipv6') return ipv6ToString(a.addr);
  return HOSTS4_BY_ADDR.get(a.addr) ?? NETWORKS4_BY_ADDR.get(a.addr) ?? ipv4ToString(a.addr);
}

/** ipv4_addr_to_string() / ipv6_addr_to_string() */
function addrText(a: AddrMask | undefined, family: Family, numeric: boolean): string {
  if (!a) return numeric ? (family === 'ipv4' ? '0.0.0.0/0' : '::/0') : 'anywhere';
  if (a.family === 'ipv4') {
    if (a.mask === 0 && !numeric) return 'anywhere';
    return (numeric ? ipv4ToString(a.addr) : anyName(a)) + mask4ToSuffix(a.mask);
  }
  // IPv6 tests the address, not the mask: "::/64" also prints as "anywhere" (without a suffix)
  if (a.addr === 0n && !numeric) return 'anywhere';
  return (numeric ? ipv6ToString(a.addr) : anyName(a)) + mask6ToSuffix(a.mask);
}

/**
 * The interface column. Legacy keeps "+" (empty mask) verbatim: `-i +` lists as "+", `! -i +` as "!+". nft emits
 * no comparison for `-i +` (add_iniface()), so it lists as any ("*" / "any"); `! -i +` lists as "!+" like legacy.
 */
function ifaceText(i: Iface | undefined, flavor: Flavor, anyname: string): string {
  if (!i || i.name === '') return anyname;
  if (flavor === 'nft' && i.name === '+' && !i.invert) return anyname;
  return (i.invert ? '!' : '') + i.name;
}

/** libxtables real_name of target aliases: the name the kernel holds (and -L shows in the target column). */
const REAL_TARGET_NAME: Record<string, string> = { NOTRACK: 'CT' };

/** The target column: iptc_get_target() (legacy) / cs.jumpto (nft): "" for a rule without target. */
function targetName(r: Rule): string {
  const t = r.target;
  switch (t.kind) {
    case 'none': return '';
    case 'verdict': return t.verdict;
    case 'jump':
    case 'goto': return t.chain;
    case 'ext': return Object.hasOwn(REAL_TARGET_NAME, t.ext.name) ? REAL_TARGET_NAME[t.ext.name] : t.ext.name;
  }
}

/**
 * print_firewall() (legacy) / nft_ipv{4,6}_print_rule(): the table format of -L, or with `notable` the one-line
 * FMT_PRINT_RULE format that -v prints for each rule a command adds or deletes.
 */
function ruleLine(r: Rule, num: number, f: Format, family: Family, flavor: Flavor, notable = false): string {
  // FMT(tab, notab)
  const fmt = (tab: string, notab: string) => (notable ? notab : tab);
  let out = '';
  // print_rule_details()
  if (f.lineNumbers) out += `${padR(String(num), 4)} `;
  if (f.counts) out += formatNum(r.counters.pkts, f.kmg) + formatNum(r.counters.bytes, f.kmg);
  out += fmt(`${padR(targetName(r), 9)} `, `${targetName(r)} `);
  const proto = r.proto?.num ?? 0;
  out += r.proto?.invert ? '!' : ' ';
  const pname = protoToName(proto, f.numeric);
  const protoText = (f.numeric && !notable) || pname === undefined ? String(proto) : pname;
  out += fmt(`${padR(protoText, 4)} `, `${protoText} `);
  // print_fragment(): IPv6 always prints the fake "--"
  if (notable) out += 'opt ';
  if (family === 'ipv6') out += '-- ';
  else out += `${r.frag?.invert ? '!' : '-'}${r.frag ? 'f' : '-'} `;
  // print_ifaces()
  if (f.via) {
    const anyname = f.numeric ? '*' : 'any';
    const inText = ifaceText(r.inIface, flavor, anyname);
    const outText = ifaceText(r.outIface, flavor, anyname);
    out += fmt(` ${padR(inText, 6)} `, `in ${inText} `);
    out += fmt(`${padR(outText, 6)} `, `out ${outText} `);
  }
  // print_ipv{4,6}_addresses()
  out += r.src?.invert ? '!' : ' ';
  const src = addrText(r.src?.addr, family, f.numeric);
  out += fmt(`${padR(src, 19)} `, `${src} `);
  out += r.dst?.invert ? '!' : ' ';
  const dst = addrText(r.dst?.addr, family, f.numeric);
  out += fmt(`${padR(dst, 19)} `, `-> ${dst}`);
  if (notable) out += '  ';
  if (r.target.kind === 'goto') out += '[goto] ';
  // print_match() / print_matches_and_target()
  const ctx: RenderContext = { family, flavor, numeric: f.numeric, rule: r };
  for (const m of r.matches) {
    const def = findMatch(m.name, family);
    if (def) out += def.print(m, ctx);
    else if (m.name) out += `UNKNOWN match \`${m.name}' `;
  }
  if (r.target.kind === 'ext') {
    const def = findTarget(r.target.ext.name, family);
    if (def) out += def.print(r.target.ext, ctx);
  }
  return out + '\n';
}

/** The line `iptables -v -A ...` (and iptables-restore -v) prints for a rule: FMT_PRINT_RULE. */
export function printRuleVerbose(r: Rule, family: Family, flavor: Flavor): string {
  return ruleLine(r, 0, { numeric: true, counts: false, kmg: true, via: true, lineNumbers: false }, family, flavor, true);
}

/** The whole stdout of `iptables -t <table.name> -L [chain [rulenum]] [options]`. Throws new OpError('ENOENT', 'list', chain) if `chain` is given and missing. */
export function listTable(table: Table, o: ListOptions): string {
  const f: Format = {
    numeric: o.numeric,
    counts: o.verbose,
    kmg: !o.exact,
    via: o.verbose,
    lineNumbers: o.lineNumbers,
  };
  let chains: Chain[];
  if (o.chain !== undefined) {
    const c = table.chains.get(o.chain);
    if (!c) throw new OpError('ENOENT', 'list', o.chain);
    chains = [c];
  } else {
    chains = orderedChains(table);
  }
  const rulenum = o.rulenum ?? 0;
  const parts: string[] = [];
  chains.forEach((c, idx) => {
    if (rulenum > 0) {
      // legacy: no header; nft: save_fmt (no header, no separator). A rule number past the end prints nothing.
      const r = c.rules[rulenum - 1];
      if (r) parts.push(ruleLine(r, rulenum, f, o.family, o.flavor));
      return;
    }
    if (idx > 0) parts.push('\n');
    // nft: NFTNL_CHAIN_USE minus the chain's own rules = the jumps/gotos to it; legacy: iptc_get_references()
    parts.push(header(f, c, c.builtin ? 0 : references(table, c.name)));
    c.rules.forEach((r, i) => parts.push(ruleLine(r, i + 1, f, o.family, o.flavor)));
  });
  return parts.join('');
}

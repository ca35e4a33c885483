// ipvsadm 1.31's output, byte for byte: list_all()/list_service() with print_title() and print_service_entry() in
// every format (-L, --stats, --rate, --thresholds, --persistent-conn, --tun-info, -S), list_timeout(), list_daemon(),
// list_conn(), print_largenum(), addrport_to_anyname(), and libipvs's qsort with ipvs_cmp_services/ipvs_cmp_dests
// (glibc's merge sort, the comparators' int wrap-around included).
import type { IpvsConnection, IpvsProtocol, IpvsState, IpvsStats, RealServer, ServiceKey, VirtualService } from '../model/ipvs.js';
import type { Addr } from '../model/packet.js';
import type { Family } from '../values/addr.js';
import { ipv4ToString, ipv6ToString } from '../values/addr.js';
import { getServByPort } from '../values/netdb.js';
import type { Format } from '../syntax/ipvsadm.js';
import { HOSTS } from '../syntax/ipvsadm.js';

export const IPVS_VERSION = '1.2.1';

export const banner = (state: IpvsState) => `IP Virtual Server version ${IPVS_VERSION} (size=${state.connTabSize})\n`;

// ---------- sorting (libipvs ipvs_sort_services / ipvs_sort_dests: glibc qsort = merge sort) ----------

/** (int)(a - b) of two unsigned 32-bit values, as C computes it */
const wrapDiff = (a: number, b: number) => (a - b) | 0;

/** the four 32-bit words of an address as union nf_inet_addr holds it (IPv4 in the first word) */
function words(family: Family, a: Addr): [number, number, number, number] {
  if (family === 'ipv4') return [a as number, 0, 0, 0];
  const b = a as bigint;
  return [Number((b >> 96n) & 0xffffffffn), Number((b >> 64n) & 0xffffffffn), Number((b >> 32n) & 0xffffffffn), Number(b & 0xffffffffn)];
}

const AF = { ipv4: 2, ipv6: 10 } as const;
const PROTO = { tcp: 6, udp: 17, sctp: 132 } as const;

/** the fields ipvs_cmp_services() compares, in its order (int differences of unsigned values: they wrap) */
interface SortSvc {
  fwmark: number;
  af: number;
  proto: number;
  w: [number, number, number, number];
  port: number;
}

function sortKey(svc: VirtualService): SortSvc {
  const k = svc.key;
  if (k.kind === 'fwmark') return { fwmark: k.fwmark, af: AF[k.family], proto: PROTO.tcp, w: [0, 0, 0, 0], port: 0 };
  return { fwmark: 0, af: AF[k.family], proto: PROTO[k.protocol], w: words(k.family, k.addr), port: k.port };
}

interface SortDest {
  d: RealServer;
  v6: boolean;
  w: [number, number, number, number];
}

/** ipvs_cmp_dests(): the first entry's family decides how the addresses are compared */
function cmpDests(a: SortDest, b: SortDest): number {
  let r = 0;
  if (a.v6) {
    for (let i = 0; !r && i < 4; i++) r = wrapDiff(a.w[i], b.w[i]);
  } else r = wrapDiff(a.w[0], b.w[0]);
  if (r) return r;
  return a.d.port - b.d.port;
}

/** glibc msort_with_tmp(): top-down merge sort, n1 = n/2, ties taken from the left run */
export function glibcMergeSort<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  const a = items.slice();
  const tmp = new Array<T>(a.length);
  const sort = (lo: number, n: number) => {
    if (n <= 1) return;
    const n1 = n >>> 1;
    const n2 = n - n1;
    sort(lo, n1);
    sort(lo + n1, n2);
    let i = lo;
    let j = lo + n1;
    const iEnd = lo + n1;
    const jEnd = lo + n;
    let k = 0;
    while (i < iEnd && j < jEnd) tmp[k++] = cmp(a[i], a[j]) <= 0 ? a[i++] : a[j++];
    while (i < iEnd) tmp[k++] = a[i++];
    // the rest of the right run is already in place
    for (let m = 0; m < k; m++) a[lo + m] = tmp[m];
  };
  sort(0, a.length);
  return a;
}

export function sortServices(services: readonly VirtualService[]): VirtualService[] {
  // keys in typed arrays, indexes sorted: no object per service on the hot path
  const n = services.length;
  const fw = new Uint32Array(n);
  const af = new Uint8Array(n);
  const pr = new Uint8Array(n);
  const w = new Uint32Array(n * 4);
  const port = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const k = sortKey(services[i]);
    fw[i] = k.fwmark;
    af[i] = k.af;
    pr[i] = k.proto;
    w.set(k.w, i * 4);
    port[i] = k.port;
  }
  const cmp = (a: number, b: number): number => {
    let r = (fw[a] - fw[b]) | 0;
    if (r) return r;
    r = af[a] - af[b];
    if (r) return r;
    r = pr[a] - pr[b];
    if (r) return r;
    if (af[a] === AF.ipv6) {
      for (let i = 0; !r && i < 4; i++) r = (w[a * 4 + i] - w[b * 4 + i]) | 0;
    } else r = (w[a * 4] - w[b * 4]) | 0;
    if (r) return r;
    return port[a] - port[b];
  };
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return glibcMergeSort(idx, cmp).map((i) => services[i]);
}

export function sortDests(dests: readonly RealServer[]): RealServer[] {
  if (dests.length < 2) return dests.slice();
  if (dests.length === 2 && dests[0].family === 'ipv4' && dests[1].family === 'ipv4') {
    // msort of two entries: one comparison, the left one kept on a tie
    const [a, b] = dests;
    const r = wrapDiff(a.addr as number, b.addr as number) || a.port - b.port;
    return r <= 0 ? [a, b] : [b, a];
  }
  return glibcMergeSort(dests.map((d) => ({ d, v6: d.family === 'ipv6', w: words(d.family, d.addr) })), cmpDests).map((s) => s.d);
}

// ---------- names ----------

const hostByAddr = new Map<string, string>();
for (const h of HOSTS) if (!hostByAddr.has(`${h.family}/${h.addr}`)) hostByAddr.set(`${h.family}/${h.addr}`, h.name);

const addrText = (family: Family, a: Addr) => (family === 'ipv4' ? ipv4ToString(a as number) : ipv6ToString(a as bigint));

/** addrport_to_anyname(): numeric, or gethostbyaddr (the hosts table; no DNS) and getservbyport by protocol */
export function addrPortName(family: Family, a: Addr, port: number, proto: IpvsProtocol | undefined, numeric: boolean): string {
  const host = numeric ? addrText(family, a) : (hostByAddr.get(`${family}/${a}`) ?? addrText(family, a));
  const p = numeric || proto === undefined ? String(port) : (getServByPort(port, proto) ?? String(port));
  return family === 'ipv4' ? `${host}:${p}` : `[${host}]:${p}`;
}

// ---------- printf helpers ----------

const padR = (s: string, w: number) => s.padEnd(w);
const padL = (s: string, w: number) => s.padStart(w);

/** print_largenum() */
export function largenum(i: bigint, exact: boolean): string {
  if (exact) {
    const s = i.toString();
    return padL(s, s.length <= 8 ? 9 : s.length + 1);
  }
  if (i < 100000000n) return padL(i.toString(), 9);
  if (i < 1000000000n) return padL((i / 1000n).toString(), 8) + 'K';
  if (i < 100000000000n) return padL((i / 1000000n).toString(), 8) + 'M';
  if (i < 100000000000000n) return padL((i / 1000000000n).toString(), 8) + 'G';
  return padL((i / 1000000000000n).toString(), 8) + 'T';
}

const FWD_NAME = { masq: 'Masq', local: 'Local', tunnel: 'Tunnel', droute: 'Route', bypass: 'Route' } as const;
const FWD_SWITCH = { masq: '-m', local: '-g', tunnel: '-i', droute: '-g', bypass: '-g' } as const;
const PROTO_NAME = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;
const PROTO_OPT = { tcp: '-t', udp: '-u', sctp: '--sctp-service' } as const;
const TUN_FLAG_TEXT = { nocsum: '-c', csum: '+c', remcsum: 'r+c' } as const;
const TUN_FLAG_OPT = { nocsum: '--tun-nocsum', csum: '--tun-csum', remcsum: '--tun-remcsum' } as const;

/** print_sched_flags() */
function schedFlagsText(svc: VirtualService): string {
  const f = svc.schedFlags;
  const names = svc.scheduler === 'sh' ? ['sh-fallback', 'sh-port', ''] : svc.scheduler === 'mh' ? ['mh-fallback', 'mh-port', ''] : ['flag-1', 'flag-2', 'flag-3'];
  return [0x08, 0x10, 0x20].map((bit, i) => (f & bit && names[i] ? names[i] : '')).filter(Boolean).join(',');
}

const maskText = (svc: VirtualService) => {
  const p = svc.persistent!;
  if (svc.key.family === 'ipv4') return p.netmask >>> 0 !== 0xffffffff ? ipv4ToString(p.netmask >>> 0) : undefined;
  return p.netmask !== 128 ? String(p.netmask) : undefined;
};

const PROT_COL = padR('Prot LocalAddress:Port', 33);
const cols = (ws: string[], w: number, left: boolean) => ws.map((x) => ' ' + (left ? padR(x, w) : padL(x, w))).join('');

function title(f: Format): string {
  if (f.stats) return `${PROT_COL}${cols(['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'], 8, false)}\n  -> RemoteAddress:Port\n`;
  if (f.rate) return `${PROT_COL}${cols(['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'], 8, false)}\n  -> RemoteAddress:Port\n`;
  if (f.thresholds) return `${PROT_COL}${cols(['Uthreshold', 'Lthreshold', 'ActiveConn', 'InActConn'], 10, true)}\n  -> RemoteAddress:Port\n`;
  if (f.persistentConn) return `${PROT_COL} ${padR('Weight', 9)} ${padR('PersistConn', 11)} ${padR('ActiveConn', 10)} ${padR('InActConn', 10)}\n  -> RemoteAddress:Port\n`;
  if (f.tunInfo) return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n';
  if (!f.rule) return 'Prot LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
  return '';
}

/** The stats an emulated kernel reports (rates are the estimator's; nfsim keeps none: 0). */
const NO_RATE: IpvsStats = { conns: 0n, inPkts: 0n, outPkts: 0n, inBytes: 0n, outBytes: 0n };

/** libipvs reads no protocol for a fwmark service (entry left 0): its real servers' ports never resolve to names */
const protoOf = (k: ServiceKey): IpvsProtocol | undefined => (k.kind === 'addr' ? k.protocol : undefined);

/** print_service_entry() */
export function serviceEntry(svc: VirtualService, f: Format): string {
  const k = svc.key;
  const proto = protoOf(k);
  let name: string;
  if (k.kind === 'fwmark') {
    const v6 = k.family === 'ipv6';
    // Debian's 1.31 prints the mark with %d (upstream's e61c8cd "fix wrong (negative) FWMARK values" is not in it)
    const mark = k.fwmark | 0;
    name = f.rule ? `-f ${mark}${v6 ? ' -6' : ''}` : `FWM  ${mark}${v6 ? ' IPv6' : ''}`;
  } else {
    const v = addrPortName(k.family, k.addr, k.port, k.protocol, f.numeric);
    if (f.rule) name = `${PROTO_OPT[k.protocol]} ${v}`;
    else {
      name = `${padR(PROTO_NAME[k.protocol], 4)} ${v}`;
      if (k.family !== 'ipv6') name = name.slice(0, 33);
    }
  }
  let out: string;
  if (f.rule) {
    out = `-A ${name} -s ${svc.scheduler}`;
    if (svc.persistent) {
      out += ` -p ${svc.persistent.timeout}`;
      const m = maskText(svc);
      if (m !== undefined) out += ` -M ${m}`;
    }
    if (svc.pe) out += ` --pe ${svc.pe}`;
    if (svc.onePacket) out += ' -o';
    if (svc.schedFlags & 0x38) out += ` -b ${schedFlagsText(svc)}`;
  } else if (f.stats || f.rate) {
    const s = f.stats ? svc.stats : NO_RATE;
    out = padR(name, 33) + largenum(s.conns, f.exact) + largenum(s.inPkts, f.exact) + largenum(s.outPkts, f.exact) + largenum(s.inBytes, f.exact) + largenum(s.outBytes, f.exact);
  } else {
    out = `${name} ${svc.scheduler}`;
    if (svc.schedFlags & 0x38) out += ` (${schedFlagsText(svc)})`;
    if (svc.persistent) {
      out += ` persistent ${svc.persistent.timeout}`;
      const m = maskText(svc);
      if (m !== undefined) out += ` mask ${m}`;
      if (svc.pe) out += ` pe ${svc.pe}`;
    }
    if (svc.onePacket) out += ' ops';
  }
  out += '\n';
  const dests = f.nosort ? svc.realServers : sortDests(svc.realServers);
  for (const d of dests) {
    let dname = addrPortName(d.family, d.addr, d.port, proto, f.numeric);
    if (!f.rule && d.family !== 'ipv6') dname = dname.slice(0, 28);
    if (f.rule) {
      out += `-a ${name} -r ${dname} ${FWD_SWITCH[d.forward]} -w ${d.weight}`;
      if (d.forward === 'tunnel' && d.tunnel) {
        const t = d.tunnel;
        if (t.type === 'gre') out += ` --tun-type gre ${TUN_FLAG_OPT[t.csum ?? 'nocsum']}`;
        else if (t.type === 'gue') out += ` --tun-type gue --tun-port ${t.port ?? 0} ${TUN_FLAG_OPT[t.csum ?? 'nocsum']}`;
        else out += ' --tun-type ipip';
      }
      out += '\n';
    } else if (f.stats) {
      const s = d.stats;
      out += `  -> ${padR(dname, 28)}${largenum(s.conns, f.exact)}${largenum(s.inPkts, f.exact)}${largenum(s.outPkts, f.exact)}${largenum(s.inBytes, f.exact)}${largenum(s.outBytes, f.exact)}\n`;
    } else if (f.rate) {
      out += `  -> ${padR(dname, 28)} ${padL('0', 8)} ${padL('0', 8)} ${padL('0', 8)}${largenum(0n, f.exact)}${largenum(0n, f.exact)}\n`;
    } else if (f.thresholds) {
      out += `  -> ${padR(dname, 28)} ${padR(String(d.upperThreshold), 10)} ${padR(String(d.lowerThreshold), 10)} ${padR(String(d.activeConns), 10)} ${padR(String(d.inactConns), 10)}\n`;
    } else if (f.persistentConn) {
      out += `  -> ${padR(dname, 28)} ${padR(String(d.weight), 9)} ${padR(String(d.persistConns), 11)} ${padR(String(d.activeConns), 10)} ${padR(String(d.inactConns), 10)}\n`;
    } else if (f.tunInfo) {
      out += `  -> ${padR(dname, 28)} ${padR(FWD_NAME[d.forward], 7)} ${padR(tunInfo(d), 13)} ${padR(String(d.weight), 6)} ${padR(String(d.activeConns), 10)} ${padR(String(d.inactConns), 10)}\n`;
    } else {
      out += `  -> ${padR(dname, 28)} ${padR(FWD_NAME[d.forward], 7)} ${padR(String(d.weight), 6)} ${padR(String(d.activeConns), 10)} ${padR(String(d.inactConns), 10)}\n`;
    }
  }
  return out;
}

/** fwd_tun_info() */
function tunInfo(d: RealServer): string {
  if (d.forward !== 'tunnel' || !d.tunnel) return 'n/a';
  const t = d.tunnel;
  if (t.type === 'ipip') return 'ipip';
  if (t.type === 'gue') return `gue:${t.port ?? 0}:${TUN_FLAG_TEXT[t.csum ?? 'nocsum']}`;
  return `gre:${TUN_FLAG_TEXT[t.csum ?? 'nocsum']}`;
}

/**
 * The order `--nosort` shows: the kernel's dump walks the 256 service hash buckets (ip_vs_svc_hashkey, then the
 * fwmark table), newest first in each. The real hash mixes in bits of the netns pointer (state.svcHashSalt).
 */
export function kernelOrder(services: readonly VirtualService[], salt = 0): VirtualService[] {
  const n = services.length;
  const buckets = new Uint16Array(n);
  const counts = new Uint32Array(513);
  for (let i = 0; i < n; i++) {
    const k = services[i].key;
    let b: number;
    if (k.kind === 'fwmark') b = 256 + ((salt ^ k.fwmark) & 255);
    else {
      let fold: number;
      if (k.family === 'ipv6') {
        const w = words('ipv6', k.addr);
        fold = (w[0] ^ w[1] ^ w[2] ^ w[3]) >>> 0;
      } else fold = k.addr as number;
      b = (PROTO[k.protocol] ^ fold ^ salt ^ (k.port >>> 8) ^ k.port) & 255;
    }
    buckets[i] = b;
    counts[b + 1]++;
  }
  for (let b = 1; b < 513; b++) counts[b] += counts[b - 1];
  // newest first inside a bucket (hlist_add_head_rcu): walk the services from the newest
  const out = new Array<VirtualService>(n);
  for (let i = n - 1; i >= 0; i--) out[counts[buckets[i]]++] = services[i];
  return out;
}

/** list_all(): `ipvsadm -L` (banner, title, every service) and `ipvsadm -S` (rules only) */
export function listAll(state: IpvsState, f: Format): string {
  let out = f.rule ? '' : banner(state);
  const dumped = kernelOrder(state.services, state.svcHashSalt);
  const services = f.nosort ? dumped : sortServices(dumped);
  const parts = [out, title(f)];
  for (const s of services) parts.push(serviceEntry(s, f));
  return parts.join('');
}

/** list_service(): `ipvsadm -L -t VIP:PORT` (no banner) */
export function listService(svc: VirtualService, f: Format): string {
  return title(f) + serviceEntry(svc, f);
}

/** list_timeout() */
export function listTimeout(state: IpvsState): string {
  const t = state.timeouts;
  return `Timeout (tcp tcpfin udp): ${t.tcp} ${t.tcpFin} ${t.udp}\n`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** list_conn() over the connection table (/proc/net/ip_vs_conn order) */
export function listConnections(state: IpvsState, f: Format): string {
  let out = 'IPVS connection entries\n';
  out += f.persistentConn
    ? `pro expire ${padR('state', 11)} ${padR('source', 18)} ${padR('virtual', 18)} ${padR('destination', 18)} ${padR('pe name', 16)} pe_data\n`
    : `pro expire ${padR('state', 11)} ${padR('source', 18)} ${padR('virtual', 18)} destination\n`;
  for (const c of state.connections) out += connLine(c, f);
  return out;
}

function connLine(c: IpvsConnection, f: Format): string {
  const proto: IpvsProtocol = c.protocol === 'IP' ? 'tcp' : c.protocol;
  // the proc file's protocol name; templates of fwmark services are "IP" and resolve no port names (proto 0)
  const pname = c.protocol === 'IP' ? 'IP' : PROTO_NAME[c.protocol];
  const name = (e: { addr: Addr; port: number }) =>
    c.protocol === 'IP' && !f.numeric ? addrPortName(c.family, e.addr, e.port, proto, false).replace(/:[^:\]]+$/, `:${e.port}`) : addrPortName(c.family, e.addr, e.port, proto, f.numeric);
  const expire = `${two(Math.floor(c.expires / 60))}:${two(c.expires % 60)}`;
  return `${padR(pname, 3)} ${padR(expire, 6)} ${padR(c.state, 11)} ${padR(name(c.client), 18)} ${padR(name(c.virtual), 18)} ${name(c.dest)}\n`;
}

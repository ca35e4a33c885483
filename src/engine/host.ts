// The host model compiled for lookups: the kernel's local table (local/broadcast routes derived from interface
// addresses, inet_addr_type) and main table (connected routes + configured routes, longest prefix match).
import type { Addr, Host, HostInterface } from '../model/packet.js';
import type { Family } from '../values/addr.js';
import { numericToIpv4, parseIpv6 } from '../values/addr.js';

export interface Route {
  family: Family;
  addr: Addr;
  prefix: number;
  type: 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit';
  dev: string;
  via?: Addr;
  metric: number;
}

interface IfAddr {
  iface: string;
  family: Family;
  addr: Addr;
  prefix: number;
}

const V4_ALL = 0xffffffff;

function mask4(prefix: number): number {
  return prefix === 0 ? 0 : (V4_ALL << (32 - prefix)) >>> 0;
}
function mask6(prefix: number): bigint {
  return prefix === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n);
}

export function inPrefix(family: Family, a: Addr, net: Addr, prefix: number): boolean {
  if (family === 'ipv4') {
    const m = mask4(prefix);
    return ((a as number) & m) >>> 0 === ((net as number) & m) >>> 0;
  }
  const m = mask6(prefix);
  return ((a as bigint) & m) === ((net as bigint) & m);
}

export function parseAddr(s: string): { family: Family; addr: Addr } | undefined {
  if (s.includes(':')) {
    const v = parseIpv6(s);
    return v === undefined ? undefined : { family: 'ipv6', addr: v };
  }
  const v = /^\d+\.\d+\.\d+\.\d+$/.test(s) ? numericToIpv4(s) : undefined;
  return v === undefined ? undefined : { family: 'ipv4', addr: v };
}

export function parseCidr(s: string): { family: Family; addr: Addr; prefix: number } | undefined {
  const [a, p] = s.split('/');
  const r = parseAddr(a);
  if (!r) return undefined;
  const max = r.family === 'ipv4' ? 32 : 128;
  const prefix = p === undefined ? max : Number(p);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { ...r, prefix };
}

function table4(routes: Route[]): { net: Int32Array; routes: Route[] } {
  const v4 = routes.filter((r) => r.family === 'ipv4');
  const net = new Int32Array(v4.length * 2);
  v4.forEach((r, i) => {
    const m = mask4(r.prefix) | 0;
    net[i * 2] = (r.addr as number) & m;
    net[i * 2 + 1] = m;
  });
  return { net, routes: v4 };
}

/** the first route (in table order) whose network holds a */
function lookup4(t: { net: Int32Array; routes: Route[] }, a: number): Route | undefined {
  const net = t.net;
  for (let i = 0; i < net.length; i += 2) if ((a & net[i + 1]) === net[i]) return t.routes[i >> 1];
  return undefined;
}

/** The host with its tables built. */
export class HostView {
  readonly addrs: IfAddr[] = [];
  /** the local table (RT_TABLE_LOCAL) */
  readonly local: Route[] = [];
  /** the main table, longest prefix first */
  readonly main: Route[] = [];
  readonly ifaces = new Map<string, HostInterface>();

  constructor(readonly host: Host) {
    for (const i of host.interfaces) this.ifaces.set(i.name, i);
    if (!this.ifaces.has('lo')) {
      const lo: HostInterface = { name: 'lo', kind: 'loopback', addrs: ['127.0.0.1/8', '::1/128'] };
      this.ifaces.set('lo', lo);
    }
    for (const i of this.ifaces.values()) {
      for (const a of i.addrs) {
        const c = parseCidr(a);
        if (!c) continue;
        this.addrs.push({ iface: i.name, ...c });
        const max = c.family === 'ipv4' ? 32 : 128;
        // local route for the address itself; lo's 127.0.0.1/8 makes the whole /8 local (as the kernel does)
        if (i.kind === 'loopback' && c.family === 'ipv4' && c.prefix < 32) {
          this.local.push({ family: 'ipv4', addr: c.addr, prefix: c.prefix, type: 'local', dev: i.name, metric: 0 });
        }
        this.local.push({ family: c.family, addr: c.addr, prefix: max, type: 'local', dev: i.name, metric: 0 });
        if (c.family === 'ipv4' && c.prefix < 31) {
          const bcast = ((c.addr as number) | (~mask4(c.prefix) >>> 0)) >>> 0;
          this.local.push({ family: 'ipv4', addr: bcast, prefix: 32, type: 'broadcast', dev: i.name, metric: 0 });
        }
        if (c.prefix < max && i.kind !== 'loopback') {
          const net = c.family === 'ipv4' ? ((c.addr as number) & mask4(c.prefix)) >>> 0 : (c.addr as bigint) & mask6(c.prefix);
          this.main.push({ family: c.family, addr: net, prefix: c.prefix, type: 'unicast', dev: i.name, metric: 0 });
        }
      }
    }
    for (const r of host.routes) {
      const type = (r.type ?? 'unicast') as Route['type'];
      let dst: { family: Family; addr: Addr; prefix: number } | undefined;
      const via = r.via ? parseAddr(r.via) : undefined;
      if (r.dst === 'default') {
        const fam: Family = via?.family ?? (r.src?.includes(':') ? 'ipv6' : 'ipv4');
        dst = { family: fam, addr: fam === 'ipv4' ? 0 : 0n, prefix: 0 };
      } else dst = parseCidr(r.dst);
      if (!dst) continue;
      let dev = r.dev ?? '';
      if (!dev && via) dev = this.connectedDev(via.family, via.addr) ?? '';
      const route: Route = { ...dst, type, dev, via: via?.addr, metric: r.metric ?? 0 };
      if (r.table === 'local') this.local.push(route);
      else this.main.push(route);
    }
    this.main.sort((a, b) => b.prefix - a.prefix || a.metric - b.metric);
    this.local.sort((a, b) => b.prefix - a.prefix);
    this.local4 = table4(this.local);
    this.main4 = table4(this.main);
    this.forward4 = this.sysctl('net.ipv4.ip_forward') === '1';
    this.forward6 = this.sysctl('net.ipv6.conf.all.forwarding') === '1';
  }

  /** the IPv4 routes of each table as [network, mask] pairs (signed 32-bit) beside the routes: the per-packet lookup */
  private readonly local4: { net: Int32Array; routes: Route[] };
  private readonly main4: { net: Int32Array; routes: Route[] };

  private connectedDev(family: Family, a: Addr): string | undefined {
    for (const x of this.addrs) if (x.family === family && inPrefix(family, a, x.addr, x.prefix) && x.iface !== 'lo') return x.iface;
    return undefined;
  }

  sysctl(name: string, dflt = '0'): string {
    return this.host.sysctls[name] ?? dflt;
  }

  private readonly localnetCache = new Map<string, boolean>();

  /** net.ipv4.conf.{all,IFACE}.route_localnet (127/8 accepted from that interface) */
  routeLocalnet(iface: string): boolean {
    let v = this.localnetCache.get(iface);
    if (v === undefined) {
      v = this.sysctl('net.ipv4.conf.all.route_localnet') === '1' || this.sysctl(`net.ipv4.conf.${iface}.route_localnet`) === '1';
      this.localnetCache.set(iface, v);
    }
    return v;
  }

  forwarding(family: Family): boolean {
    return family === 'ipv4' ? this.forward4 : this.forward6;
  }

  private readonly forward4: boolean;
  private readonly forward6: boolean;

  /** the local-table entry for a (fib_table_lookup in RT_TABLE_LOCAL) */
  localRoute(family: Family, a: Addr): Route | undefined {
    if (family === 'ipv4') return lookup4(this.local4, a as number);
    for (const r of this.local) if (r.family === family && inPrefix(family, a, r.addr, r.prefix)) return r;
    return undefined;
  }

  isLocal(family: Family, a: Addr): boolean {
    return this.localRoute(family, a)?.type === 'local';
  }

  /** fib_lookup: the local table, then main. */
  route(family: Family, a: Addr): Route | undefined {
    const l = this.localRoute(family, a);
    if (l) return l;
    if (family === 'ipv4') return lookup4(this.main4, a as number);
    for (const r of this.main) if (r.family === family && inPrefix(family, a, r.addr, r.prefix)) return r;
    return undefined;
  }

  /** inet_addr_type_dev_table(): the address type the local table gives, limited to dev when given */
  addrTypes(family: Family, a: Addr, dev?: string): Set<string> {
    const types = new Set<string>();
    if (family === 'ipv4') {
      const v = a as number;
      if (v >>> 24 === 0 || v === V4_ALL) types.add('BROADCAST');
      else if (v >>> 28 === 0xe) types.add('MULTICAST');
      else {
        const r = this.localRoute(family, a);
        types.add(r && (!dev || r.dev === dev) ? r.type.toUpperCase() : 'UNICAST');
      }
      if (v === 0) types.add('UNSPEC');
    } else {
      const v = a as bigint;
      if (v === 0n) types.add('UNSPEC');
      else if (v >> 120n === 0xffn) types.add('MULTICAST');
      else {
        const r = this.localRoute(family, a);
        types.add(r && r.type === 'local' && (!dev || r.dev === dev) ? 'LOCAL' : 'UNICAST');
      }
    }
    return types;
  }

  ifaceAddrs(name: string, family?: Family): Addr[] {
    return this.addrs.filter((x) => x.iface === name && (!family || x.family === family)).map((x) => x.addr);
  }

  /** inet_select_addr(dev, nexthop): the first address of dev in the nexthop's subnet, else dev's first address */
  private readonly sourceCache4 = new Map<string, IfAddr[]>();
  private readonly sourceCache6 = new Map<string, IfAddr[]>();

  selectSource(family: Family, dev: string, nexthop: Addr): Addr | undefined {
    // host-scope addresses (127.0.0.0/8, ::1) are never chosen for RT_SCOPE_UNIVERSE
    const cache = family === 'ipv4' ? this.sourceCache4 : this.sourceCache6;
    let list = cache.get(dev);
    if (!list) {
      list = this.addrs.filter((x) => x.iface === dev && x.family === family && !(family === 'ipv4' ? (x.addr as number) >>> 24 === 127 : x.addr === 1n));
      cache.set(dev, list);
    }
    const a = (list.find((x) => inPrefix(family, nexthop, x.addr, x.prefix)) ?? list[0])?.addr;
    if (a !== undefined || family !== 'ipv4') return a;
    // inet_select_addr: no universe-scope address on dev (lo): the first one of any device, in device order
    return this.addrs.find((x) => x.family === 'ipv4' && (x.addr as number) >>> 24 !== 127)?.addr;
  }

  /** the interface the kernel would receive a packet from src on (for specs without in=): the route back to src */
  ifaceTowards(family: Family, src: Addr): string | undefined {
    for (const r of this.main) if (r.family === family && inPrefix(family, src, r.addr, r.prefix)) return r.dev;
    return undefined;
  }
}

// Host model files for `nfsim trace --host`: our own JSON/YAML shape, or the output of `ip -j addr show` and
// `ip -j route show` (iproute2's JSON) captured on a real node. Several files merge in order.
import { DiagnosticError } from '../diag/diagnostic.js';
import type { Host, HostInterface, HostRoute } from '../model/packet.js';

/** The host used when no --host is given: the kernel oracle's router (so traces are comparable with it). */
export function defaultHost(): Host {
  return {
    name: 'router',
    interfaces: [
      { name: 'lo', kind: 'loopback', addrs: ['127.0.0.1/8', '203.0.113.1/32', '::1/128'] },
      { name: 'eth0', addrs: ['192.0.2.1/24', '2001:db8:1::1/64'], mac: '02:00:00:00:00:01' },
      { name: 'eth1', addrs: ['198.51.100.1/24', '2001:db8:2::1/64'], mac: '02:00:00:00:01:01' },
    ],
    routes: [
      { dst: 'default', via: '198.51.100.2', dev: 'eth1' },
      { dst: 'default', via: '2001:db8:2::2', dev: 'eth1' },
    ],
    sysctls: { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '1' },
    sources: ['built-in default'],
  };
}

export function emptyHost(): Host {
  return { interfaces: [], routes: [], sysctls: {}, sources: [] };
}

const fail = (file: string, message: string): never => {
  throw new DiagnosticError({ code: 'NF0201', severity: 'error', message, pos: { file, line: 1, column: 1 } });
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read one host file (JSON or YAML: our shape, `ip -j addr show`, or `ip -j route show`) and merge it into host. */
/** `parseYaml` is yaml's parse (injected: the CLI loads the yaml package only when a host file is read). */
export function mergeHostFile(host: Host, file: string, text: string, parseYaml: (text: string) => unknown): Host {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    const err = e as { linePos?: { line: number; col: number }[]; message: string };
    const lp = err.linePos?.[0];
    throw new DiagnosticError({
      code: 'NF0201',
      severity: 'error',
      message: `cannot read host file: ${err.message.split('\n')[0]}`,
      pos: { file, line: lp?.line ?? 1, column: lp?.col ?? 1 },
      sourceLine: lp ? text.split('\n')[lp.line - 1] : undefined,
    });
  }
  const out: Host = { ...host, interfaces: host.interfaces.map((i) => ({ ...i, addrs: i.addrs.slice() })), routes: host.routes.slice(), sysctls: { ...host.sysctls }, sources: [...host.sources, file] };
  if (Array.isArray(doc)) {
    if (doc.every((e) => isObj(e) && 'ifname' in e)) return mergeIpAddr(out, doc as Json[], file);
    if (doc.every((e) => isObj(e) && 'dst' in e)) return mergeIpRoute(out, doc as Json[], file);
    return fail(file, 'a host file that is a list must be `ip -j addr show` or `ip -j route show` output');
  }
  if (!isObj(doc)) return fail(file, 'a host file must be an object with interfaces/routes/sysctls, or ip -j output');
  for (const k of Object.keys(doc)) if (!['name', 'interfaces', 'routes', 'sysctls'].includes(k)) fail(file, `unknown host key "${k}" (name, interfaces, routes, sysctls)`);
  if (typeof doc.name === 'string') out.name = doc.name;
  if (doc.interfaces !== undefined) {
    if (!Array.isArray(doc.interfaces)) fail(file, '"interfaces" must be a list');
    for (const [i, raw] of (doc.interfaces as unknown[]).entries()) {
      if (!isObj(raw) || typeof raw.name !== 'string') return fail(file, `interfaces[${i}] needs a name`);
      const addrs = raw.addrs ?? raw.addresses ?? [];
      if (!Array.isArray(addrs) || !addrs.every((a) => typeof a === 'string')) return fail(file, `interfaces[${i}].addrs must be a list of CIDR strings`);
      for (const a of addrs as string[]) checkCidr(file, a, `interfaces[${i}].addrs`);
      mergeIface(out, {
        name: raw.name,
        addrs: addrs as string[],
        mac: typeof raw.mac === 'string' ? raw.mac.toLowerCase() : undefined,
        kind: typeof raw.kind === 'string' ? raw.kind : undefined,
        master: typeof raw.master === 'string' ? raw.master : undefined,
        up: typeof raw.up === 'boolean' ? raw.up : undefined,
      });
    }
  }
  if (doc.routes !== undefined) {
    if (!Array.isArray(doc.routes)) fail(file, '"routes" must be a list');
    for (const [i, raw] of (doc.routes as unknown[]).entries()) {
      if (typeof raw === 'string') out.routes.push(parseRouteText(file, raw));
      else if (isObj(raw) && typeof raw.dst === 'string') {
        if (raw.dst !== 'default') checkCidr(file, raw.dst, `routes[${i}].dst`);
        out.routes.push({ dst: raw.dst, via: str(raw.via), dev: str(raw.dev), type: str(raw.type), table: str(raw.table), src: str(raw.src), metric: typeof raw.metric === 'number' ? raw.metric : undefined });
      } else fail(file, `routes[${i}] must be "DST [via GW] [dev IF]" or {dst, via, dev}`);
    }
  }
  if (doc.sysctls !== undefined) {
    if (!isObj(doc.sysctls)) fail(file, '"sysctls" must be a mapping');
    for (const [k, v] of Object.entries(doc.sysctls as Json)) out.sysctls[k] = String(typeof v === 'boolean' ? Number(v) : v);
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function checkCidr(file: string, s: string, what: string): void {
  if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s)) fail(file, `${what}: "${s}" is not an address or CIDR`);
}

function mergeIface(host: Host, i: HostInterface): void {
  const old = host.interfaces.find((x) => x.name === i.name);
  if (!old) {
    host.interfaces.push({ ...i, addrs: i.addrs.slice() });
    return;
  }
  for (const a of i.addrs) if (!old.addrs.includes(a)) old.addrs.push(a);
  old.mac = i.mac ?? old.mac;
  old.kind = i.kind ?? old.kind;
  old.master = i.master ?? old.master;
  old.up = i.up ?? old.up;
}

/** "10.0.0.0/8 via 192.0.2.254 dev eth0" (the `ip route` text form) */
function parseRouteText(file: string, s: string): HostRoute {
  const w = s.trim().split(/\s+/);
  const r: HostRoute = { dst: w[0] };
  let i = 1;
  if (['local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'unicast'].includes(w[0])) {
    r.type = w[0];
    r.dst = w[1];
    i = 2;
  }
  if (!r.dst) fail(file, `route "${s}" has no destination`);
  if (r.dst !== 'default') checkCidr(file, r.dst, 'route');
  for (; i < w.length; i += 2) {
    const v = w[i + 1];
    if (v === undefined) fail(file, `route "${s}": "${w[i]}" needs a value`);
    if (w[i] === 'via') r.via = v;
    else if (w[i] === 'dev') r.dev = v;
    else if (w[i] === 'src') r.src = v;
    else if (w[i] === 'table') r.table = v;
    else if (w[i] === 'metric') r.metric = Number(v);
    else if (['proto', 'scope', 'onlink'].includes(w[i])) continue;
    else fail(file, `route "${s}": unknown word "${w[i]}"`);
  }
  return r;
}

function mergeIpAddr(host: Host, links: Json[], file: string): Host {
  for (const l of links) {
    const name = String(l.ifname);
    const addrs: string[] = [];
    for (const a of (Array.isArray(l.addr_info) ? l.addr_info : []) as Json[]) {
      if ((a.family === 'inet' || a.family === 'inet6') && typeof a.local === 'string' && a.prefixlen !== undefined) addrs.push(`${a.local}/${a.prefixlen}`);
    }
    const info = isObj(l.linkinfo) ? l.linkinfo : undefined;
    const kind = l.link_type === 'loopback' ? 'loopback' : typeof info?.info_kind === 'string' ? info.info_kind : undefined;
    const flags = Array.isArray(l.flags) ? (l.flags as string[]) : [];
    mergeIface(host, {
      name,
      addrs,
      mac: typeof l.address === 'string' && l.link_type !== 'loopback' ? l.address : undefined,
      kind,
      master: typeof l.master === 'string' ? l.master : undefined,
      up: flags.length ? flags.includes('UP') : undefined,
    });
  }
  void file;
  return host;
}

function mergeIpRoute(host: Host, routes: Json[], file: string): Host {
  for (const r of routes) {
    const dst = String(r.dst);
    if (dst !== 'default') checkCidr(file, dst, 'route dst');
    host.routes.push({
      dst,
      via: str(r.gateway),
      dev: str(r.dev),
      type: str(r.type),
      table: str(r.table),
      src: str(r.prefsrc),
      metric: typeof r.metric === 'number' ? r.metric : undefined,
    });
  }
  return host;
}

/** The host model as text for the trace header. */
export function describeHost(h: Host): string[] {
  const lines: string[] = [];
  lines.push(`host ${h.name ?? '(unnamed)'} from ${h.sources.join(', ') || 'nothing'}`);
  for (const i of h.interfaces) lines.push(`  ${i.name}${i.kind ? ` (${i.kind})` : ''}${i.master ? ` master ${i.master}` : ''}: ${i.addrs.join(' ') || '-'}`);
  for (const r of h.routes) lines.push(`  route ${r.type ? `${r.type} ` : ''}${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`);
  const sys = Object.entries(h.sysctls).map(([k, v]) => `${k}=${v}`);
  if (sys.length) lines.push(`  ${sys.join(' ')}`);
  return lines;
}

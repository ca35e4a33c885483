// The kernel side of ipvsadm's commands (ip_vs_ctl.c: ip_vs_add_service, ip_vs_edit_service, ip_vs_del_service,
// ip_vs_flush, ip_vs_zero_*, ip_vs_add_dest, ip_vs_edit_dest, ip_vs_del_dest, ip_vs_set_timeout) as pure edits of
// IpvsState, with libipvs's ipvs_strerror() texts for the errno each one returns (ipvsadm prints them, exit 255).
import type { IpvsState, RealServer, ServiceKey, VirtualService } from '../model/ipvs.js';
import { zeroIpvsStats } from '../model/ipvs.js';
import type { DestSpec, IpvsadmCommand, ServiceSpec } from '../syntax/ipvsadm.js';

/** The schedulers Debian 12's kernel (6.1) has as modules (twos arrived in 6.5: ENOENT there). */
export const KERNEL_SCHEDULERS: ReadonlySet<string> = new Set(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh']);
/** persistence engines (ip_vs_pe_sip) */
export const KERNEL_PES: ReadonlySet<string> = new Set(['sip']);

/** ipvs_strerror() by libipvs function and errno */
const MESSAGES = {
  'add-service': { EEXIST: 'Service already exists', ENOENT: 'Scheduler or persistence engine not found' },
  'edit-service': { ESRCH: 'No such service', ENOENT: 'Scheduler or persistence engine not found' },
  'delete-service': { ESRCH: 'No such service' },
  zero: { ESRCH: 'No such service' },
  'add-server': { ESRCH: 'Service not defined', EEXIST: 'Destination already exists' },
  'edit-server': { ESRCH: 'Service not defined', ENOENT: 'No such destination' },
  'delete-server': { ESRCH: 'Service not defined', ENOENT: 'No such destination' },
  'stop-daemon': { ESRCH: 'No daemon is running' },
} as Record<string, Record<string, string>>;

const GENERIC: Record<string, string> = {
  EINVAL: 'Invalid operation.  Possibly wrong module version, address not unicast, ...',
  ERANGE: 'Numerical result out of range',
};

export function ipvsStrerror(cmd: string, errno: string): string {
  return MESSAGES[cmd]?.[errno] ?? GENERIC[errno] ?? errno;
}

export interface IpvsOpResult {
  state: IpvsState;
  /** errno of a refused operation (the state is then unchanged) */
  errno?: string;
  message?: string;
}

/** The key the kernel looks a service up by (__ip_vs_service_find / __ip_vs_svc_fwm_find). */
export function serviceKeyOf(s: ServiceSpec): ServiceKey {
  const family = s.af === 'ipv6' ? 'ipv6' : 'ipv4';
  if (s.fwmark) return { kind: 'fwmark', family, fwmark: s.fwmark };
  return { kind: 'addr', protocol: s.protocol, family, addr: s.addr, port: s.port };
}

export function sameKey(a: ServiceKey, b: ServiceKey): boolean {
  if (a.kind === 'fwmark') return b.kind === 'fwmark' && a.fwmark === b.fwmark && a.family === b.family;
  return b.kind === 'addr' && a.protocol === b.protocol && a.family === b.family && a.addr === b.addr && a.port === b.port;
}

export function findService(state: IpvsState, key: ServiceKey): number {
  return state.services.findIndex((s) => sameKey(s.key, key));
}

const findDest = (svc: VirtualService, d: DestSpec) => svc.realServers.findIndex((r) => r.family === (d.af || 'ipv4') && r.addr === d.addr && r.port === d.port);

/** ip_vs_new_dest()'s address check: IPv4 must be unicast or local (inet_addr_type), IPv6 unicast and not link-local unless local. */
function destAddrValid(d: DestSpec): boolean {
  if (d.af === 'ipv6') {
    const a = d.addr as bigint;
    if (a === 0n || a >> 120n === 0xffn) return false;
    // link-local (fe80::/10) is refused unless it is one of the host's own addresses (the emulated host has none)
    if (a >> 118n === 0x3fan) return false;
    return true;
  }
  const a = d.addr as number;
  // RTN_BROADCAST for 0.0.0.0 and 255.255.255.255 (0.0.0.0/8 is unicast since linux 5.3), RTN_MULTICAST for 224/4
  if (a === 0 || a === 0xffffffff || a >>> 28 === 0xe) return false;
  return true;
}

export function applyServiceSettings(svc: VirtualService, s: ServiceSpec): VirtualService {
  return {
    ...svc,
    scheduler: s.scheduler,
    schedFlags: s.schedFlags,
    persistent: s.persistent ? { timeout: s.timeout, netmask: s.netmask } : undefined,
    onePacket: s.onePacket || undefined,
    pe: s.pe || undefined,
  };
}

export function newRealServer(d: DestSpec): RealServer {
  return {
    family: d.af || 'ipv4',
    addr: d.addr,
    port: d.port,
    forward: d.forward,
    weight: d.weight,
    upperThreshold: d.upperThreshold,
    lowerThreshold: d.lowerThreshold,
    ...(d.forward === 'tunnel' ? { tunnel: tunnelOf(d) } : {}),
    activeConns: 0,
    inactConns: 0,
    persistConns: 0,
    stats: zeroIpvsStats(),
  };
}

function tunnelOf(d: DestSpec): RealServer['tunnel'] {
  const type = (['ipip', 'gue', 'gre'] as const)[d.tunType];
  if (type === 'ipip') return { type };
  const csum = (['nocsum', 'csum', 'remcsum'] as const)[d.tunFlags];
  return type === 'gue' ? { type, port: d.tunPort, csum } : { type, csum };
}

/** a service as -A creates it: no real servers yet */
export function newVirtualService(s: ServiceSpec): VirtualService {
  return applyServiceSettings({ key: serviceKeyOf(s), scheduler: '', schedFlags: 0, realServers: [], stats: zeroIpvsStats() }, s);
}

const refuse = (state: IpvsState, cmd: string, errno: string): IpvsOpResult => ({ state, errno, message: ipvsStrerror(cmd, errno) });

/** One state-changing ipvsadm command, as the kernel carries it out. */
/** `schedulers`: the scheduler modules the kernel has (default: Debian 12's 6.1 kernel, which has no twos). */
export function applyIpvsCommand(state: IpvsState, c: IpvsadmCommand, schedulers: ReadonlySet<string> = KERNEL_SCHEDULERS): IpvsOpResult {
  const key = serviceKeyOf(c.svc);
  switch (c.cmd) {
    case 'flush':
      return { state: { ...state, services: [], connections: [] } };
    case 'set': {
      const t = c.timeouts;
      return { state: { ...state, timeouts: { tcp: t.tcp || state.timeouts.tcp, tcpFin: t.tcpFin || state.timeouts.tcpFin, udp: t.udp || state.timeouts.udp } } };
    }
    case 'zero': {
      // no service given: ip_vs_zero_all()
      if (!c.svc.fwmark && !c.options.has(2)) {
        return { state: { ...state, services: state.services.map(zeroService) } };
      }
      const i = findService(state, key);
      if (i < 0) return refuse(state, c.cmd, 'ESRCH');
      const services = state.services.slice();
      services[i] = zeroService(services[i]);
      return { state: { ...state, services } };
    }
    case 'add-service': {
      if (findService(state, key) >= 0) return refuse(state, c.cmd, 'EEXIST');
      if (!schedulers.has(c.svc.scheduler) || (c.svc.pe && !KERNEL_PES.has(c.svc.pe))) return refuse(state, c.cmd, 'ENOENT');
      const svc = newVirtualService(c.svc);
      return { state: { ...state, services: [...state.services, svc] } };
    }
    case 'edit-service': {
      const i = findService(state, key);
      if (i < 0) return refuse(state, c.cmd, 'ESRCH');
      if (!schedulers.has(c.svc.scheduler) || (c.svc.pe && !KERNEL_PES.has(c.svc.pe))) return refuse(state, c.cmd, 'ENOENT');
      const services = state.services.slice();
      services[i] = applyServiceSettings(services[i], c.svc);
      return { state: { ...state, services } };
    }
    case 'delete-service': {
      const i = findService(state, key);
      if (i < 0) return refuse(state, c.cmd, 'ESRCH');
      return { state: { ...state, services: state.services.filter((_, j) => j !== i) } };
    }
    case 'add-server':
    case 'edit-server':
    case 'delete-server': {
      const i = findService(state, key);
      if (i < 0) return refuse(state, c.cmd, 'ESRCH');
      const svc = state.services[i];
      const d = c.dest;
      if (c.cmd !== 'delete-server' && d.lowerThreshold > d.upperThreshold) return refuse(state, c.cmd, 'ERANGE');
      const j = findDest(svc, d);
      let realServers: RealServer[];
      if (c.cmd === 'add-server') {
        if (j >= 0) return refuse(state, c.cmd, 'EEXIST');
        if (!destAddrValid(d)) return refuse(state, c.cmd, 'EINVAL');
        // list_add_rcu(): new real servers go to the head of svc->destinations
        realServers = [newRealServer(d), ...svc.realServers];
      } else if (c.cmd === 'edit-server') {
        if (j < 0) return refuse(state, c.cmd, 'ENOENT');
        const old = svc.realServers[j];
        const fresh = newRealServer(d);
        realServers = svc.realServers.slice();
        realServers[j] = { ...fresh, tunnel: fresh.tunnel, activeConns: old.activeConns, inactConns: old.inactConns, persistConns: old.persistConns, stats: old.stats };
        if (!fresh.tunnel) delete realServers[j].tunnel;
      } else {
        if (j < 0) return refuse(state, c.cmd, 'ENOENT');
        realServers = svc.realServers.filter((_, k) => k !== j);
      }
      const services = state.services.slice();
      services[i] = { ...svc, realServers };
      return { state: { ...state, services } };
    }
    case 'stop-daemon':
      return refuse(state, c.cmd, 'ESRCH');
    default:
      return { state };
  }
}

function zeroService(s: VirtualService): VirtualService {
  return { ...s, stats: zeroIpvsStats(), realServers: s.realServers.map((r) => ({ ...r, stats: zeroIpvsStats() })) };
}

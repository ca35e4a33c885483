// A small reader of ipvsadm command lines as `ipvsadm -S -n` writes them (-A/-E/-D/-C services, -a/-e/-d real
// servers with -t/-u/--sctp-service/-f, -s -p -M -b -o, -r -g/-i/-m -w -x -y): feeds `nfsim trace --ipvs FILE` and the
// scheduler goldens until the ipvsadm emulation's own grammar (grammar/ipvsadm.peggy) loads the emulated state.
// Kernel-side defaults as ipvsadm 1.31 applies them: scheduler wlc, weight 1, -g, persistence 360 s, -g/-i forcing
// the real server's port to the service's.
import { DiagnosticError } from '../diag/diagnostic.js';
import type { Addr } from '../model/packet.js';
import type { IpvsForward, IpvsProtocol, IpvsState, RealServer, ServiceKey, VirtualService } from '../model/ipvs.js';
import { newIpvsState, SCHED_FLAG, zeroIpvsStats } from '../model/ipvs.js';
import { numericToIpv4, parseIpv6 } from '../values/addr.js';

export type IpvsCommand =
  | { cmd: 'add-service' | 'edit-service'; key: ServiceKey; scheduler: string; schedFlags: number; persistent?: { timeout: number; netmask: number }; onePacket: boolean }
  | { cmd: 'delete-service'; key: ServiceKey }
  | { cmd: 'clear' }
  | { cmd: 'add-server' | 'edit-server'; key: ServiceKey; addr: Addr; port: number; forward: IpvsForward; weight: number; upperThreshold: number; lowerThreshold: number }
  | { cmd: 'delete-server'; key: ServiceKey; addr: Addr; port: number };

const COMMANDS: Record<string, IpvsCommand['cmd']> = {
  '-A': 'add-service', '--add-service': 'add-service', '-E': 'edit-service', '--edit-service': 'edit-service',
  '-D': 'delete-service', '--delete-service': 'delete-service', '-C': 'clear', '--clear': 'clear',
  '-a': 'add-server', '--add-server': 'add-server', '-e': 'edit-server', '--edit-server': 'edit-server',
  '-d': 'delete-server', '--delete-server': 'delete-server',
};

const FLAG_NAMES: Record<string, number> = {
  'flag-1': SCHED_FLAG.SCHED1, 'flag-2': SCHED_FLAG.SCHED2, 'flag-3': SCHED_FLAG.SCHED3,
  'sh-fallback': SCHED_FLAG.SCHED1, 'sh-port': SCHED_FLAG.SCHED2, 'mh-fallback': SCHED_FLAG.SCHED1, 'mh-port': SCHED_FLAG.SCHED2,
};

/** ADDR[:PORT] or [V6]:PORT */
function parseEndpoint(s: string): { family: 'ipv4' | 'ipv6'; addr: Addr; port?: number } | undefined {
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(s);
  if (v6) {
    const a = parseIpv6(v6[1]);
    return a === undefined ? undefined : { family: 'ipv6', addr: a, port: v6[2] === undefined ? undefined : Number(v6[2]) };
  }
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(s);
  if (!m) return undefined;
  const a = numericToIpv4(m[1]);
  return a === undefined ? undefined : { family: 'ipv4', addr: a, port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** One ipvsadm command line (the leading `ipvsadm` word is optional). */
export function parseIpvsLine(line: string, where: { file: string; line: number }): IpvsCommand | undefined {
  const words = line.trim().split(/\s+/).filter((w) => w !== '' && w !== 'ipvsadm');
  if (words.length === 0 || words[0].startsWith('#')) return undefined;
  const fail = (message: string): never => {
    throw new DiagnosticError({ code: 'NF0401', severity: 'error', message, pos: { file: where.file, line: where.line, column: 1 }, sourceLine: line });
  };
  const cmd = COMMANDS[words[0]];
  if (!cmd) fail(`the first option must be a command (-A -E -D -C -a -e -d), got "${words[0]}"`);
  let key: ServiceKey | undefined;
  let v6 = false;
  let scheduler = 'wlc';
  let schedFlags = 0;
  let persistent: number | undefined;
  let netmask: string | undefined;
  let onePacket = false;
  let rs: { family: 'ipv4' | 'ipv6'; addr: Addr; port?: number } | undefined;
  let forward: IpvsForward = 'droute';
  let weight = 1;
  let upper = 0;
  let lower = 0;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const [name, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
    const arg = (): string => inline ?? words[++i] ?? fail(`${name}: missing argument`);
    const svcProto = (p: IpvsProtocol) => {
      const e = parseEndpoint(arg());
      if (!e) fail('illegal virtual server address[:port] specified');
      key = { kind: 'addr', protocol: p, family: e!.family, addr: e!.addr, port: e!.port ?? 0 };
    };
    switch (name) {
      case '-t': case '--tcp-service': svcProto('tcp'); break;
      case '-u': case '--udp-service': svcProto('udp'); break;
      case '--sctp-service': svcProto('sctp'); break;
      case '-f': case '--fwmark-service': {
        const n = Number(arg());
        if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) fail('invalid fwmark value');
        key = { kind: 'fwmark', family: 'ipv4', fwmark: n };
        break;
      }
      case '-6': case '--ipv6': v6 = true; break;
      case '-s': case '--scheduler': scheduler = arg(); break;
      case '-p': case '--persistent': {
        const next = inline ?? words[i + 1];
        if (next !== undefined && /^\d+$/.test(next)) {
          persistent = Number(next);
          if (inline === undefined) i++;
        } else persistent = 360;
        break;
      }
      case '-M': case '--netmask': netmask = arg(); break;
      case '-b': case '--sched-flags':
        for (const f of arg().split(',')) {
          if (!(f in FLAG_NAMES)) fail(`invalid scheduler flag \`${f}'`);
          schedFlags |= FLAG_NAMES[f];
        }
        break;
      case '-o': case '--ops': onePacket = true; break;
      case '--pe': arg(); break;
      case '-r': case '--real-server': {
        rs = parseEndpoint(arg());
        if (!rs) fail('illegal real server address[:port] specified');
        break;
      }
      case '-g': case '--gatewaying': forward = 'droute'; break;
      case '-i': case '--ipip': forward = 'tunnel'; break;
      case '-m': case '--masquerading': forward = 'masq'; break;
      case '-w': case '--weight': weight = Number(arg()); if (!Number.isInteger(weight) || weight < 0 || weight > 65535) fail('illegal weight specified'); break;
      case '-x': case '--u-threshold': upper = Number(arg()); break;
      case '-y': case '--l-threshold': lower = Number(arg()); break;
      case '--tun-type': case '--tun-port': arg(); break;
      case '--tun-nocsum': case '--tun-csum': case '--tun-remcsum': break;
      default: fail(`unknown or unsupported ipvsadm option ${w}`);
    }
  }
  if (cmd === 'clear') return { cmd };
  if (!key) return fail(`You need to supply the 'service-address' option for the '${cmd}' command`);
  const k: ServiceKey = key;
  if (k.kind === 'fwmark' && v6) k.family = 'ipv6';
  if (cmd === 'delete-service') return { cmd, key: k };
  if (cmd === 'add-service' || cmd === 'edit-service') {
    let nm = k.family === 'ipv4' ? 0xffffffff : 128;
    if (netmask !== undefined) {
      const v = k.family === 'ipv4' ? numericToIpv4(netmask, true) : Number(netmask);
      if (v === undefined || Number.isNaN(v)) fail('illegal virtual server persistent mask specified');
      nm = v!;
    }
    return { cmd, key: k, scheduler, schedFlags, persistent: persistent === undefined ? undefined : { timeout: persistent, netmask: nm }, onePacket };
  }
  if (!rs) return fail(`You need to supply the 'real-server' option for the '${cmd}' command`);
  const svcPort = k.kind === 'addr' ? k.port : 0;
  // -g and -i forward to the service's port (ipvsadm process_options)
  if (cmd === 'delete-server') return { cmd, key: k, addr: rs!.addr, port: rs!.port ?? svcPort };
  const port = k.kind === 'addr' && forward !== 'masq' ? svcPort : (rs!.port ?? svcPort);
  return { cmd, key: k, addr: rs!.addr, port, forward, weight, upperThreshold: upper, lowerThreshold: lower };
}

export function newRealServer(c: Extract<IpvsCommand, { cmd: 'add-server' | 'edit-server' }>): RealServer {
  return {
    family: typeof c.addr === 'number' ? 'ipv4' : 'ipv6', addr: c.addr, port: c.port, forward: c.forward, weight: c.weight,
    upperThreshold: c.upperThreshold, lowerThreshold: c.lowerThreshold, activeConns: 0, inactConns: 0, persistConns: 0, stats: zeroIpvsStats(),
  };
}

export function newVirtualService(c: Extract<IpvsCommand, { cmd: 'add-service' | 'edit-service' }>): VirtualService {
  return { key: c.key, scheduler: c.scheduler, schedFlags: c.schedFlags, ...(c.persistent ? { persistent: c.persistent } : {}), ...(c.onePacket ? { onePacket: true } : {}), realServers: [], stats: zeroIpvsStats() };
}

const sameKey = (a: ServiceKey, b: ServiceKey): boolean =>
  a.kind === 'fwmark' ? b.kind === 'fwmark' && a.family === b.family && a.fwmark === b.fwmark
    : b.kind === 'addr' && a.family === b.family && a.protocol === b.protocol && a.addr === b.addr && a.port === b.port;

/** Read a whole file of ipvsadm lines (`ipvsadm -S -n` output) into a fresh IPVS state. */
export function readIpvsRules(text: string, file: string): IpvsState {
  const st = newIpvsState();
  text.split('\n').forEach((raw, i) => {
    const c = parseIpvsLine(raw.replace(/\r$/, ''), { file, line: i + 1 });
    if (!c) return;
    const err = (message: string): never => {
      throw new DiagnosticError({ code: 'NF0402', severity: 'error', message, pos: { file, line: i + 1, column: 1 }, sourceLine: raw });
    };
    if (c.cmd === 'clear') {
      st.services = [];
      return;
    }
    const svc = st.services.find((s) => sameKey(s.key, c.key));
    switch (c.cmd) {
      case 'add-service':
        if (svc) err('Service already exists');
        st.services.push(newVirtualService(c));
        return;
      case 'edit-service':
        if (!svc) return err('No such service');
        Object.assign(svc, { scheduler: c.scheduler, schedFlags: c.schedFlags, persistent: c.persistent, onePacket: c.onePacket || undefined });
        return;
      case 'delete-service':
        if (!svc) return err('No such service');
        st.services.splice(st.services.indexOf(svc), 1);
        return;
      default: {
        if (!svc) return err('Service not defined');
        const idx = svc.realServers.findIndex((d) => d.addr === c.addr && d.port === c.port);
        if (c.cmd === 'add-server') {
          if (idx >= 0) err('Destination already exists');
          svc.realServers.unshift(newRealServer(c));
        } else if (idx < 0) err('No such destination');
        else if (c.cmd === 'delete-server') svc.realServers.splice(idx, 1);
        else Object.assign(svc.realServers[idx], { forward: c.forward, weight: c.weight, upperThreshold: c.upperThreshold, lowerThreshold: c.lowerThreshold });
      }
    }
  });
  return st;
}

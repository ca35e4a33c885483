// ipvsadm 1.31's parse_options() and the user-space half of process_options(): popt's option walk over the nodes of
// grammar/ipvsadm.peggy, parse_service()/parse_netmask()/parse_sched_flags(), generic_opt_check() over the
// commands_v_options table and tunnel_opt_check(), with the real messages and exit codes (fail() = 2, tryhelp = 255).
import { parse as parseGrammar } from './generated/ipvsadm.js';
import type { Addr } from '../model/packet.js';
import type { Family } from '../values/addr.js';
import { parseIpv6 } from '../values/addr.js';
import { getServByName } from '../values/netdb.js';
import { SCHED_FLAG } from '../model/ipvs.js';
import type { IpvsForward, IpvsProtocol } from '../model/ipvs.js';

/** cmdnames[] in command order (CMD_ADD .. CMD_ZERO) */
export const CMD_NAMES = ['add-service', 'edit-service', 'delete-service', 'flush', 'list', 'add-server', 'delete-server',
  'edit-server', 'set', 'start-daemon', 'stop-daemon', 'restore', 'save', 'zero'] as const;
export type IpvsCmdName = (typeof CMD_NAMES)[number];

/** optnames[], index = OPTC_* */
export const OPT_NAMES = ['numeric', 'connection', 'service-address', 'scheduler', 'persistent', 'netmask', 'real-server',
  'forwarding-method', 'weight', 'u-threshold', 'l-threshold', 'mcast-interface', 'timeout', 'daemon', 'stats', 'rate',
  'thresholds', 'persistent-conn', 'nosort', 'syncid', 'exact', 'ops', 'pe', 'sched-flags', 'mcast-group', 'mcast-port',
  'mcast-ttl', 'sync-maxlen', 'tun-info', 'tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'] as const;

const O = Object.fromEntries(OPT_NAMES.map((n, i) => [n, i])) as Record<(typeof OPT_NAMES)[number], number>;

/** commands_v_options[][]: '+' compulsory, 'x' illegal, '1' exclusive, ' ' optional (rows in CMD order) */
const TABLE = [
  'xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx',
  'xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx',
  'xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  ' 11xxxxxxxxx11       xxxxxxx xxxxx',
  'xx+xxx+    xxxxxxxxxxxxxxxxxx     ',
  'xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'xx+xxx+    xxxxxxxxxxxxxxxxxx     ',
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'xxxxxxxxxxx xxxxxxx xxxx    xxxxxx',
  'xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx',
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  ' xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
];

const TUN_NAMES = ['ipip', 'gue', 'gre'] as const;
/** tunnel_types_v_options[][] over tun-port, tun-nocsum, tun-csum, tun-remcsum */
const TUN_TABLE = ['xxxx', '+111', 'x11x'];
const TUN_OPTS = [O['tun-port'], O['tun-nocsum'], O['tun-csum'], O['tun-remcsum']];

export const MAX_TIMEOUT = 86400 * 31;
export const DEF_PERSISTENT_TIMEOUT = 6 * 60;
const IP_VS_SCHEDNAME_MAXLEN = 16;
const IP_VS_PENAME_MAXLEN = 16;

/** How ipvsadm exits: text for stderr, status; tryHelp adds the `Try ...' line (tryhelp_exit). */
export class IpvsadmExit extends Error {
  constructor(readonly stderr: string, readonly status: number, readonly stdout = '') {
    super(stderr.trimEnd());
  }
}

/** fail(err, fmt, ...): the message and a newline on stderr, exit(err) */
export const fail = (msg: string, status = 2) => new IpvsadmExit(`${msg}\n`, status);
export const tryHelp = (prog: string) => new IpvsadmExit(`Try \`${prog} -h' or '${prog} --help' for more information.\n`, 255);

export interface ServiceSpec {
  fwmark: number;
  /** 0 = not given (AF_UNSPEC) */
  af: 0 | 'ipv4' | 'ipv6';
  protocol: IpvsProtocol;
  addr: Addr;
  port: number;
  scheduler: string;
  persistent: boolean;
  onePacket: boolean;
  timeout: number;
  /** IPv4: the mask in host order (inet_aton's result); IPv6: prefix length */
  netmask: number;
  pe: string;
  schedFlags: number;
}

export interface DestSpec {
  af: 0 | 'ipv4' | 'ipv6';
  addr: Addr;
  port: number;
  forward: IpvsForward;
  weight: number;
  upperThreshold: number;
  lowerThreshold: number;
  tunType: 0 | 1 | 2;
  tunPort: number;
  tunFlags: 0 | 1 | 2;
}

export interface Format {
  numeric: boolean;
  stats: boolean;
  rate: boolean;
  thresholds: boolean;
  persistentConn: boolean;
  nosort: boolean;
  exact: boolean;
  tunInfo: boolean;
  rule: boolean;
}

export interface IpvsadmCommand {
  kind: 'command';
  cmd: IpvsCmdName;
  /** options given, as OPTC_* indexes */
  options: Set<number>;
  format: Format;
  svc: ServiceSpec;
  dest: DestSpec;
  timeouts: { tcp: number; tcpFin: number; udp: number };
  daemon: 'master' | 'backup' | undefined;
}

export type IpvsadmParse = IpvsadmCommand | { kind: 'help' } | { kind: 'version' };

interface Node {
  kind: 'opt' | 'arg' | 'end' | 'error';
  name?: string;
  value?: string;
  text?: string;
  code?: 'badopt' | 'noarg' | 'unwantedarg';
  s: number;
  e: number;
}

/** long name → the short letter or tag the switch in parse_options() uses */
const LONG_TO_TAG: Record<string, string> = {
  'add-service': 'A', 'edit-service': 'E', 'delete-service': 'D', clear: 'C', list: 'L', zero: 'Z', 'add-server': 'a',
  'edit-server': 'e', 'delete-server': 'd', help: 'h', version: 'v', restore: 'R', save: 'S', 'tcp-service': 't',
  'udp-service': 'u', 'fwmark-service': 'f', scheduler: 's', persistent: 'p', netmask: 'M', 'real-server': 'r',
  masquerading: 'm', ipip: 'i', gatewaying: 'g', weight: 'w', 'u-threshold': 'x', 'l-threshold': 'y', numeric: 'n',
  connection: 'c', exact: 'X', ipv6: '6', ops: 'o', 'sched-flags': 'b', syncid: 'I',
};

const POPT_ERRORS = { badopt: 'unknown option', noarg: 'missing argument', unwantedarg: 'option does not take an argument' };

/** strtol(s, &end, 10) that must consume the whole, non-empty string: leading blanks and a sign allowed. */
export function strtolWhole(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  // long is 64-bit: beyond it strtol reports ERANGE
  if (!Number.isSafeInteger(v) && Math.abs(v) > 9.2e18) return undefined;
  return v;
}

/** string_to_number(): -1 on failure */
export function stringToNumber(s: string, min: number, max: number): number {
  const v = strtolWhole(s);
  return v !== undefined && v >= min && v <= max ? v : -1;
}

/** glibc inet_aton(): 1 to 4 parts in C base-0 notation, the last filling the remaining bytes; stops at a blank. */
export function inetAton(s: string): number | undefined {
  const cut = s.search(/[ \t\n\v\f\r]/);
  if (cut === 0) return undefined;
  const text = cut > 0 ? s.slice(0, cut) : s;
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = p.length === 1 ? 0 : parseInt(p.slice(1), 8);
    else if (/^[1-9]\d*$/.test(p)) v = parseInt(p, 10);
    else return undefined;
    if (v > 0xffffffff) return undefined;
    vals.push(v);
  }
  const last = vals[vals.length - 1];
  const lead = vals.slice(0, -1);
  if (lead.some((v) => v > 255)) return undefined;
  const lastMax = [0xffffffff, 0xffffff, 0xffff, 0xff][lead.length];
  if (last > lastMax) return undefined;
  let addr = 0;
  lead.forEach((v, i) => { addr += v * 2 ** (24 - 8 * i); });
  return (addr + last) >>> 0;
}

/** The emulated /etc/hosts of the oracle's host (gethostbyname / gethostbyaddr; no DNS). */
export const HOSTS: readonly { name: string; family: Family; addr: Addr }[] = [
  { name: 'localhost', family: 'ipv4', addr: 0x7f000001 },
  { name: 'localhost', family: 'ipv6', addr: 1n },
];

/** gethostbyname(): the first IPv4 address of a name in the hosts table */
function hostToAddr(name: string): number | undefined {
  const h = HOSTS.find((x) => x.family === 'ipv4' && x.name === name);
  return h ? (h.addr as number) : undefined;
}

const SERVICE_ADDR = 1;
const SERVICE_PORT = 2;

/** parse_service(): SERVICE_ADDR | SERVICE_PORT bits (0 = error); fills svc's af/addr/port(/netmask for IPv6) */
function parseService(buf: string, svc: { af: 0 | Family; addr: Addr; port: number; netmask: number; protocol: IpvsProtocol }): number {
  if (/^\d*$/.test(buf)) return 0;
  let text = buf;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return 0;
    portText = text.slice(close + 2);
    text = text.slice(1, close);
  }
  const v6 = parseIpv6(text);
  if (v6 !== undefined) {
    svc.addr = v6;
    svc.af = 'ipv6';
    svc.netmask = 128;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      portText = text.slice(colon + 1);
      text = text.slice(0, colon);
    }
    const a = inetAton(text) ?? hostToAddr(text);
    if (a === undefined) return 0;
    svc.addr = a;
    svc.af = 'ipv4';
  }
  if (portText === undefined) return SERVICE_ADDR;
  let port = stringToNumber(portText, 0, 65535);
  if (port === -1) port = getServByName(portText, svc.protocol) ?? -1;
  if (port === -1) return 0;
  svc.port = port;
  return SERVICE_ADDR | SERVICE_PORT;
}

/** parse_sched_flags() */
function parseSchedFlags(sched: string, arg: string): number {
  const s = sched || 'wlc';
  const flags = arg.split(',').filter((f) => f !== '');
  // strtok() on a string of only commas returns NULL, which the loop hands to strcmp()
  if (flags.length === 0) throw new IpvsadmExit('Segmentation fault\n', 139);
  let out = 0;
  for (const f of flags) {
    const need = f.startsWith('sh-') ? 'sh' : f.startsWith('mh-') ? 'mh' : undefined;
    const bit = { 'flag-1': SCHED_FLAG.SCHED1, 'flag-2': SCHED_FLAG.SCHED2, 'flag-3': SCHED_FLAG.SCHED3, 'sh-fallback': SCHED_FLAG.SCHED1,
      'sh-port': SCHED_FLAG.SCHED2, 'mh-fallback': SCHED_FLAG.SCHED1, 'mh-port': SCHED_FLAG.SCHED2 }[f];
    if (bit === undefined) throw fail(`invalid scheduler flag \`${f}'`);
    out |= bit;
    if (need && s !== need) throw fail(`incompatible scheduler flag \`${f}'`);
  }
  return out;
}

function parseTimeout(buf: string | undefined, min: number, max: number): number {
  if (buf === undefined) return DEF_PERSISTENT_TIMEOUT;
  const v = stringToNumber(buf, min, max);
  if (v === -1) throw fail(`invalid timeout value \`${buf}' specified`);
  return v;
}

function parseFwmark(buf: string): number {
  const v = strtolWhole(buf);
  if (v === undefined || v <= 0 || v > 0xffffffff) throw fail(`invalid fwmark value \`${buf}' specified`);
  return v;
}

const newFormat = (): Format => ({ numeric: false, stats: false, rate: false, thresholds: false, persistentConn: false, nosort: false, exact: false, tunInfo: false, rule: false });

/** The argv word (poptBadOption) holding offset `at` of the \0-joined command line. */
function wordAt(argv: readonly string[], at: number): string {
  let off = 0;
  for (const w of argv) {
    if (at <= off + w.length) return w;
    off += w.length + 1;
  }
  return argv[argv.length - 1] ?? '';
}

/**
 * parse_options() + the checks of process_options() that come before the kernel call. `argv` excludes argv[0];
 * `prog` is argv[0] as the messages print it. Throws IpvsadmExit where ipvsadm exits (or returns -1).
 */
export function parseIpvsadm(argv: readonly string[], prog: string): IpvsadmParse {
  const nodes = parseGrammar(argv.join('\0'), { startRule: 'CommandLine' }) as Node[];
  const svc: ServiceSpec = { fwmark: 0, af: 0, protocol: 'tcp', addr: 0, port: 0, scheduler: '', persistent: false, onePacket: false, timeout: 0, netmask: 0xffffffff, pe: '', schedFlags: 0 };
  const dest: DestSpec = { af: 0, addr: 0, port: 0, forward: 'droute', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunType: 0, tunPort: 0, tunFlags: 0 };
  const format = newFormat();
  const options = new Set<number>();
  const leftovers: string[] = [];
  let i = 0;
  // the first option popt returns must be a command
  let cmd: IpvsCmdName | undefined;
  let daemon: 'master' | 'backup' | undefined;
  for (; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.kind === 'arg') { leftovers.push(n.text!); continue; }
    if (n.kind === 'end') continue;
    if (n.kind === 'error') throw tryHelp(prog);
    const tag = LONG_TO_TAG[n.name!] ?? n.name!;
    const c = ({ A: 'add-service', E: 'edit-service', D: 'delete-service', a: 'add-server', e: 'edit-server', d: 'delete-server',
      C: 'flush', L: 'list', l: 'list', Z: 'zero', set: 'set', R: 'restore', S: 'save', 'start-daemon': 'start-daemon', 'stop-daemon': 'stop-daemon' } as Record<string, IpvsCmdName>)[tag];
    if (tag === 'h') return { kind: 'help' };
    if (tag === 'v') return { kind: 'version' };
    if (c === undefined) throw tryHelp(prog);
    cmd = c;
    if (c === 'start-daemon' || c === 'stop-daemon') {
      if (n.value === 'master' || n.value === 'backup') daemon = n.value;
      else throw fail(c === 'start-daemon' ? 'illegal start-daemon parameter specified' : 'illegal start_daemon specified');
    }
    i++;
    break;
  }
  if (cmd === undefined) throw tryHelp(prog);
  let schedFlagsArg = '';
  const set = (optc: number) => {
    if (options.has(optc)) throw fail(`multiple '${OPT_NAMES[optc]}' options specified`);
    options.add(optc);
  };
  for (; i < nodes.length; i++) {
    const n = nodes[i];
    if (n.kind === 'arg') { leftovers.push(n.text!); continue; }
    if (n.kind === 'end') continue;
    if (n.kind === 'error') throw new IpvsadmExit(`${wordAt(argv, n.s)}: ${POPT_ERRORS[n.code!]}\n`, 255);
    const tag = LONG_TO_TAG[n.name!] ?? n.name!;
    const v = n.value;
    switch (tag) {
      case 't': case 'u': case 'sctp-service': {
        set(O['service-address']);
        svc.protocol = tag === 't' ? 'tcp' : tag === 'u' ? 'udp' : 'sctp';
        if (!(parseService(v!, svc) & SERVICE_ADDR)) throw fail('illegal virtual server address[:port] specified');
        break;
      }
      case 'f':
        set(O['service-address']);
        svc.af = 'ipv4';
        svc.protocol = 'tcp';
        svc.fwmark = parseFwmark(v!);
        break;
      case 's':
        set(O.scheduler);
        svc.scheduler = v!.slice(0, IP_VS_SCHEDNAME_MAXLEN - 1);
        break;
      case 'p':
        set(O.persistent);
        svc.persistent = true;
        svc.timeout = parseTimeout(v, 1, MAX_TIMEOUT);
        break;
      case 'M':
        set(O.netmask);
        if (svc.af !== 'ipv6') {
          const m = inetAton(v!) ?? hostToAddr(v!);
          if (m === undefined) throw fail('illegal virtual server persistent mask specified');
          svc.netmask = m;
        } else {
          const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(v!);
          svc.netmask = m ? Number(m[0].trim()) | 0 : 0;
          if (svc.netmask < 1 || svc.netmask > 128) throw fail('illegal ipv6 netmask specified');
        }
        break;
      case 'r': {
        set(O['real-server']);
        const t = { ...svc };
        const parsed = parseService(v!, t);
        dest.af = t.af;
        dest.addr = t.addr;
        dest.port = t.port;
        if (!(parsed & SERVICE_ADDR)) throw fail('illegal real server address[:port] specified');
        if (parsed === SERVICE_ADDR) dest.port = svc.port;
        break;
      }
      case 'i': set(O['forwarding-method']); dest.forward = 'tunnel'; break;
      case 'g': set(O['forwarding-method']); dest.forward = 'droute'; break;
      case 'm': set(O['forwarding-method']); dest.forward = 'masq'; break;
      case 'w':
        set(O.weight);
        // Debian's 1.31 takes any int (upstream's table says 65535): `-w 65536` is accepted, `-w -1` is not
        if ((dest.weight = stringToNumber(v!, 0, 0x7fffffff)) === -1) throw fail('illegal weight specified');
        break;
      case 'x':
        set(O['u-threshold']);
        if ((dest.upperThreshold = stringToNumber(v!, 0, 0x7fffffff)) === -1) throw fail('illegal u_threshold specified');
        break;
      case 'y':
        set(O['l-threshold']);
        if ((dest.lowerThreshold = stringToNumber(v!, 0, 0x7fffffff)) === -1) throw fail('illegal l_threshold specified');
        break;
      case 'c': set(O.connection); break;
      case 'n': set(O.numeric); format.numeric = true; break;
      case 'mcast-interface': set(O['mcast-interface']); break;
      case 'I': set(O.syncid); if (stringToNumber(v!, 0, 255) === -1) throw fail('illegal syncid specified'); break;
      case 'timeout': set(O.timeout); break;
      case 'daemon': set(O.daemon); break;
      case 'stats': set(O.stats); format.stats = true; break;
      case 'rate': set(O.rate); format.rate = true; break;
      case 'thresholds': set(O.thresholds); format.thresholds = true; break;
      case 'persistent-conn': set(O['persistent-conn']); format.persistentConn = true; break;
      case 'nosort': set(O.nosort); format.nosort = true; break;
      case 'sort': break;
      case 'X': set(O.exact); format.exact = true; break;
      case '6':
        if (!svc.fwmark) throw fail('-6 used before -f\n');
        svc.af = 'ipv6';
        svc.netmask = 128;
        break;
      case 'o': set(O.ops); svc.onePacket = true; break;
      case 'pe': set(O.pe); svc.pe = v!.slice(0, IP_VS_PENAME_MAXLEN); break;
      case 'b': set(O['sched-flags']); schedFlagsArg = v!.slice(0, 127); break;
      case 'mcast-group': {
        set(O['mcast-group']);
        if (v!.includes(':')) {
          const a = parseIpv6(v!);
          if (a === undefined || a >> 120n !== 0xffn) throw fail(`invalid IPv6 mcast-group \`${v}'`);
        } else {
          const a = /^\d+\.\d+\.\d+\.\d+$/.test(v!) ? inetAton(v!) : undefined;
          if (a === undefined || a >>> 28 !== 0xe) throw fail(`invalid IPv4 mcast-group \`${v}'`);
        }
        break;
      }
      case 'mcast-port': set(O['mcast-port']); if (stringToNumber(v!, 1, 65535) === -1) throw fail('illegal mcast-port specified'); break;
      case 'mcast-ttl': set(O['mcast-ttl']); if (stringToNumber(v!, 1, 255) === -1) throw fail('illegal mcast-ttl specified'); break;
      case 'sync-maxlen': set(O['sync-maxlen']); if (stringToNumber(v!, 1, 65535 - 20 - 8) === -1) throw fail('illegal sync-maxlen specified'); break;
      case 'tun-info': set(O['tun-info']); format.tunInfo = true; break;
      case 'tun-type': {
        set(O['tun-type']);
        const t = TUN_NAMES.indexOf(v as (typeof TUN_NAMES)[number]);
        if (t === -1) throw fail('illegal tunnel type specified');
        dest.tunType = t as 0 | 1 | 2;
        break;
      }
      case 'tun-port':
        set(O['tun-port']);
        if ((dest.tunPort = stringToNumber(v!, 1, 65535)) === -1) throw fail('illegal tunnel port specified');
        break;
      case 'tun-nocsum': set(O['tun-nocsum']); dest.tunFlags |= 0; break;
      case 'tun-csum': set(O['tun-csum']); dest.tunFlags = (dest.tunFlags | 1) as 0 | 1 | 2; break;
      case 'tun-remcsum': set(O['tun-remcsum']); dest.tunFlags = (dest.tunFlags | 2) as 0 | 1 | 2; break;
      default:
        throw fail(`invalid option \`${wordAt(argv, n.s)}'`);
    }
  }
  const timeouts = { tcp: 0, tcpFin: 0, udp: 0 };
  if (cmd === 'set') {
    if (leftovers.length < 3) throw fail('--set option requires 3 timeout values');
    const [a, b, c] = leftovers.splice(0, 3);
    timeouts.tcp = parseTimeout(a, 0, MAX_TIMEOUT);
    timeouts.tcpFin = parseTimeout(b, 0, MAX_TIMEOUT);
    timeouts.udp = parseTimeout(c, 0, MAX_TIMEOUT);
  }
  if (leftovers.length) throw fail(`unexpected argument ${leftovers[0]}`);
  if (schedFlagsArg) svc.schedFlags = parseSchedFlags(svc.scheduler, schedFlagsArg);

  genericOptCheck(cmd, options);
  if (cmd === 'add-service' || cmd === 'edit-service') {
    if (!svc.fwmark && !svc.port && !svc.persistent) throw fail('Zero port specified for non-persistent service');
    if (svc.onePacket && !svc.fwmark && svc.protocol !== 'udp') throw fail('One-Packet Scheduling is only for UDP virtual services');
    if (!svc.scheduler) svc.scheduler = 'wlc';
  }
  if (cmd === 'add-server' || cmd === 'edit-server') {
    if (!svc.fwmark && (dest.forward === 'tunnel' || dest.forward === 'droute')) dest.port = svc.port;
    if (dest.af !== svc.af && dest.forward !== 'tunnel') throw fail('Different address family is allowed only for tunneling servers');
    const tunOpts = [O['tun-type'], O['tun-port'], O['tun-nocsum'], O['tun-csum'], O['tun-remcsum']];
    if (tunOpts.some((o) => options.has(o)) && dest.forward !== 'tunnel') throw fail('Tunnel options conflict with forward method');
    tunnelOptCheck(dest.tunType, options);
  }
  if (cmd === 'list') {
    const has = (...o: number[]) => o.some((x) => options.has(x));
    if ((has(O.connection, O.timeout, O.daemon) && has(O.stats, O.rate, O.thresholds)) || (has(O.timeout, O.daemon) && has(O['persistent-conn']))) {
      throw fail('options conflicts in the list command');
    }
  }
  if (cmd === 'save') format.rule = true;
  return { kind: 'command', cmd, options, format, svc, dest, timeouts, daemon };
}

/** generic_opt_check(): options in index order, the first problem wins */
function genericOptCheck(cmd: IpvsCmdName, options: Set<number>): void {
  const ci = CMD_NAMES.indexOf(cmd);
  const row = TABLE[ci];
  let last = 0;
  let count = 0;
  for (let j = 0; j < OPT_NAMES.length; j++) {
    if (!options.has(j)) {
      if (row[j] === '+') throw fail(`You need to supply the '${OPT_NAMES[j]}' option for the '${cmd}' command`);
    } else {
      if (row[j] === 'x') throw fail(`Illegal '${OPT_NAMES[j]}' option with the '${cmd}' command`);
      if (row[j] === '1') {
        count++;
        if (count === 1) {
          last = j;
          continue;
        }
        throw fail(`The option '${OPT_NAMES[j]}' conflicts with the '${OPT_NAMES[last]}' option in the '${cmd}' command`);
      }
    }
  }
}

/** tunnel_opt_check() */
function tunnelOptCheck(tunType: number, options: Set<number>): void {
  const row = TUN_TABLE[tunType];
  let last = 0;
  let count = 0;
  for (let j = 0; j < TUN_OPTS.length; j++) {
    const k = TUN_OPTS[j];
    if (!options.has(k)) {
      if (row[j] === '+') throw fail(`You need to supply the '${OPT_NAMES[k]}' option for the '${TUN_NAMES[tunType]}' tunnel type`);
    } else {
      if (row[j] === 'x') throw fail(`Illegal '${OPT_NAMES[k]}' option with the '${TUN_NAMES[tunType]}' tunnel type`);
      if (row[j] === '1') {
        count++;
        if (count === 1) {
          last = k;
          continue;
        }
        throw fail(`The option '${OPT_NAMES[k]}' conflicts with the '${OPT_NAMES[last]}' option in the '${TUN_NAMES[tunType]}' tunnel type`);
      }
    }
  }
}

/** config_stream_read() over ipvsadm -R input: one word list per non-empty line, "ipvsadm" words dropped. */
export function parseRestoreInput(text: string): { line: number; words: string[] }[] {
  return parseRestoreWords(text).map((l) => ({ line: l.line, words: l.words.map((w) => w.t) }));
}

/** parseRestoreInput() with each word's offsets in the text (for positioned diagnostics). */
export function parseRestoreWords(text: string): { line: number; words: { t: string; s: number; e: number }[] }[] {
  const lines = parseGrammar(text, { startRule: 'RestoreInput' }) as { s: number; words: { t: string; s: number; e: number }[] }[];
  const out: { line: number; words: { t: string; s: number; e: number }[] }[] = [];
  let lineNo = 1;
  let pos = 0;
  for (const l of lines) {
    for (; pos < l.s; pos++) if (text.charCodeAt(pos) === 10) lineNo++;
    const words = l.words.filter((w) => w.t !== 'ipvsadm');
    if (words.length) out.push({ line: lineNo, words });
  }
  return out;
}

/** parse_service() on one address[:port] word as -r reads it: undefined when ipvsadm refuses it; port undefined when none is written. */
export function parseServiceAddress(buf: string, protocol: IpvsProtocol): { af: Family; addr: Addr; port?: number } | undefined {
  const t = { af: 0 as 0 | Family, addr: 0 as Addr, port: 0, netmask: 0, protocol };
  const r = parseService(buf, t);
  if (!(r & SERVICE_ADDR) || t.af === 0) return undefined;
  return { af: t.af, addr: t.addr, ...(r & SERVICE_PORT ? { port: t.port } : {}) };
}

// -j CT (libxt_CT.c, revision 2 = xt_ct_target_info_v1 with the NOTRACK alias flag): --notrack, --helper, --timeout,
// --ctevents, --expevents, --zone[-orig|-reply] id|mark. The kernel accepts it in the raw table only.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import { xtStrtoul } from '../../values/numbers.js';
import type { ExtensionDef, OptionCall, PacketEnv, TargetOutcome } from '../types.js';
import { cont } from '../target-semantics.js';
import { truncateBytes } from '../match/comment.js';

/** XT_CT_* flags */
export const CTF = { NOTRACK: 1, NOTRACK_ALIAS: 2, ZONE_DIR_ORIG: 4, ZONE_DIR_REPL: 8, ZONE_MARK: 16 } as const;

/** [name, IPCT_* bit] in print order */
const CT_EVENTS: readonly [string, number][] = [
  ['new', 0], ['related', 1], ['destroy', 2], ['reply', 3], ['assured', 4], ['protoinfo', 5], ['helper', 6], ['mark', 7],
  ['natseqinfo', 8], ['secmark', 9],
];
const EXP_EVENTS: readonly [string, number][] = [['new', 0]];

/** Conntrack helpers of a stock kernel: name → [l4 protocols, families] (nf_conntrack_helper_try_module_get). */
const HELPERS: Record<string, [number[], Family[]]> = {
  ftp: [[6], ['ipv4', 'ipv6']],
  tftp: [[17], ['ipv4', 'ipv6']],
  irc: [[6], ['ipv4']],
  sip: [[6, 17], ['ipv4', 'ipv6']],
  amanda: [[17], ['ipv4', 'ipv6']],
  RAS: [[17], ['ipv4', 'ipv6']],
  'Q.931': [[6], ['ipv4', 'ipv6']],
  'H.245': [[17], ['ipv4', 'ipv6']],
  pptp: [[6], ['ipv4']],
  sane: [[6], ['ipv4', 'ipv6']],
  'netbios-ns': [[17], ['ipv4']],
  snmp: [[17], ['ipv4']],
  snmp_trap: [[17], ['ipv4']],
};

export interface CtData {
  flags: number;
  helper: string;
  timeout: string;
  ctEvents: number;
  expEvents: number;
  zone: number;
}
const d = (inst: ExtInstance) => inst.data as unknown as CtData;

function parseEvents(tbl: readonly [string, number][], events: string): number {
  let mask = 0;
  for (const t of events.split(',')) {
    const e = tbl.find(([n]) => n === t);
    if (!e) throw paramProblem(`Unknown event type "${t}"`);
    mask |= 1 << e[1];
  }
  return mask;
}

function printEvents(pfx: string, tbl: readonly [string, number][], mask: number): string {
  return ` ${pfx} ` + tbl.filter(([, b]) => mask & (1 << b)).map(([n]) => n).join(',');
}

function printZone(pfx: string, zone: number, flags: number): string {
  let out = ` ${pfx}`;
  const dir = flags & (CTF.ZONE_DIR_ORIG | CTF.ZONE_DIR_REPL);
  if (dir === CTF.ZONE_DIR_ORIG) out += '-orig';
  if (dir === CTF.ZONE_DIR_REPL) out += '-reply';
  out += flags & CTF.ZONE_MARK ? ' mark' : ` ${zone}`;
  return out;
}

function render(t: CtData, pfx: string): string {
  let out = '';
  if (t.flags & CTF.NOTRACK) out += ` ${pfx}notrack`;
  if (t.helper) out += ` ${pfx}helper ${t.helper}`;
  if (t.timeout) out += ` ${pfx}timeout ${t.timeout}`;
  if (t.ctEvents) out += printEvents(`${pfx}ctevents`, CT_EVENTS, t.ctEvents);
  if (t.expEvents) out += printEvents(`${pfx}expevents`, EXP_EVENTS, t.expEvents);
  if (t.flags & CTF.ZONE_MARK || t.zone) out += printZone(`${pfx}zone`, t.zone, t.flags);
  return out;
}

/**
 * xt_ct_target(): a packet that already has a conntrack entry (seen before, e.g. looped back) is left alone;
 * --notrack attaches the untracked state; otherwise the rule's template conntrack (zone, helper, events, timeout
 * policy) is attached and the connection created by conntrack later inherits it. Always XT_CONTINUE.
 */
export function ctApply(inst: ExtInstance, env: PacketEnv): TargetOutcome {
  const t = d(inst);
  if (env.ct) return cont('CT: the packet already has a conntrack entry: no effect');
  if (t.flags & CTF.NOTRACK) return { verdict: 'CONTINUE', notrack: true, note: 'notrack: the packet stays untracked' };
  const parts: string[] = [];
  if (t.flags & CTF.ZONE_MARK || t.zone) {
    const dir = t.flags & CTF.ZONE_DIR_ORIG ? ' (original direction)' : t.flags & CTF.ZONE_DIR_REPL ? ' (reply direction)' : '';
    parts.push(t.flags & CTF.ZONE_MARK ? `zone ${env.pkt.mark & 0xffff} (from mark)${dir}` : `zone ${t.zone}${dir}`);
  }
  if (t.helper) parts.push(`helper ${t.helper}`);
  if (t.timeout) parts.push(`timeout policy ${t.timeout}`);
  if (t.ctEvents) parts.push('ctevents ' + CT_EVENTS.filter(([, b]) => t.ctEvents & (1 << b)).map(([n]) => n).join(','));
  if (t.expEvents) parts.push('expevents new');
  return cont('conntrack template' + (parts.length ? ': ' + parts.join(', ') : ''));
}

export function ctInit(data: Record<string, unknown>, flags = 0): void {
  Object.assign(data, { flags, helper: '', timeout: '', ctEvents: 0, expEvents: 0, zone: 0 });
}

/** xt_ct_tg_check: --notrack skips everything; helper lookup (ENOENT); no timeout policy exists (EINVAL). */
export function ctKernelRefuses(inst: ExtInstance, where: { table: string; family: Family; rule?: { proto?: { num: number } } }): boolean | 'ENOENT' {
  const t = d(inst);
  if (where.table !== 'raw') return true; // xt_check_target's table check comes first
  if (t.flags & CTF.NOTRACK) return false;
  if (t.helper) {
    const h = HELPERS[t.helper];
    const proto = where.rule?.proto?.num ?? 0;
    if (!h || !h[0].includes(proto) || !h[1].includes(where.family)) return 'ENOENT';
  }
  // timeout policies come from nfnetlink_cttimeout (`nfct timeout add`), which nfsim does not model: none exist
  if (t.timeout) return true;
  return false;
}

const CT: ExtensionDef = {
  kind: 'target',
  name: 'CT',
  revision: 2,
  options: [
    { name: 'notrack', type: 'none' },
    { name: 'helper', type: 'string' },
    { name: 'timeout', type: 'string' },
    { name: 'ctevents', type: 'string' },
    { name: 'expevents', type: 'string' },
    { name: 'zone-orig', type: 'string' },
    { name: 'zone-reply', type: 'string' },
    { name: 'zone', type: 'string' },
  ],
  tables: ['raw'],
  init: (data) => ctInit(data),
  parse(cb: OptionCall) {
    const t = cb.data as unknown as CtData;
    const arg = cb.arg ?? '';
    switch (cb.opt.name) {
      case 'notrack': t.flags |= CTF.NOTRACK; break;
      // XTOPT_PUT into char helper[16] / timeout[32]
      case 'helper': t.helper = truncateBytes(arg, 15); break;
      case 'timeout': t.timeout = truncateBytes(arg, 31); break;
      case 'ctevents': t.ctEvents = parseEvents(CT_EVENTS, arg); break;
      case 'expevents': t.expEvents = parseEvents(EXP_EVENTS, arg); break;
      default: {
        if (cb.opt.name === 'zone-orig') t.flags |= CTF.ZONE_DIR_ORIG;
        if (cb.opt.name === 'zone-reply') t.flags |= CTF.ZONE_DIR_REPL;
        t.zone = 0;
        if (arg.toLowerCase() === 'mark') t.flags |= CTF.ZONE_MARK;
        else {
          const v = xtStrtoul(arg, 0n, 65535n);
          if (v === undefined) throw paramProblem(`Cannot parse ${arg} as a zone ID`);
          t.zone = Number(v);
        }
      }
    }
  },
  alias: (inst) => (d(inst).flags & CTF.NOTRACK_ALIAS ? 'NOTRACK' : 'CT'),
  kernelRefuses: (inst, where) => ctKernelRefuses(inst, where),
  save: (inst) => (d(inst).flags & CTF.NOTRACK_ALIAS ? '' : render(d(inst), '--')),
  print: (inst) => (d(inst).flags & CTF.NOTRACK_ALIAS ? ' NOTRACK' : ' CT' + render(d(inst), '')),
  apply: ctApply,
};

export default CT;

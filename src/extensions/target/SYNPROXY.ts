// -j SYNPROXY (libxt_SYNPROXY.c): --sack-perm, --timestamp, --wscale (u8 field), --mss (u16 field), --ecn.
// The kernel wants `-p tcp` (not inverted) and INPUT/FORWARD.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../model/packet.js';
import { cont } from '../target-semantics.js';

const OPT = { MSS: 1, WSCALE: 2, SACK_PERM: 4, TIMESTAMP: 8, ECN: 16 } as const;
interface SynData { options: number; wscale: number; mss: number }
const d = (inst: ExtInstance) => inst.data as unknown as SynData;

const SYNPROXY: ExtensionDef = {
  kind: 'target',
  name: 'SYNPROXY',
  revision: 0,
  options: [
    { name: 'sack-perm', type: 'none' },
    { name: 'timestamp', type: 'none' },
    { name: 'wscale', type: 'uint32' },
    { name: 'mss', type: 'uint32' },
    { name: 'ecn', type: 'none' },
  ],
  hooks: ['INPUT', 'FORWARD'],
  init(data) {
    Object.assign(data, { options: 0, wscale: 0, mss: 0 });
  },
  parse(cb) {
    const t = cb.data as unknown as SynData;
    const u32 = cb.val.t === 'int' ? Number(cb.val.v) : 0;
    switch (cb.opt.name) {
      case 'sack-perm': t.options |= OPT.SACK_PERM; break;
      case 'timestamp': t.options |= OPT.TIMESTAMP; break;
      case 'wscale': t.options |= OPT.WSCALE; t.wscale = u32 & 0xff; break;
      case 'mss': t.options |= OPT.MSS; t.mss = u32 & 0xffff; break;
      case 'ecn': t.options |= OPT.ECN; break;
    }
  },
  kernelRefuses(_inst, where) {
    const p = where.rule?.proto;
    return !(p && p.num === 6 && !p.invert);
  },
  /**
   * synproxy_tg4/6: a bare SYN is answered with a SYN-ACK carrying a SYN cookie and consumed (NF_STOLEN); a bare
   * ACK is checked against the cookie (valid → the proxy opens the server side, NF_STOLEN; invalid → NF_DROP: not
   * decidable, cookies are not modelled); any other TCP packet → XT_CONTINUE.
   */
  apply(_inst, env) {
    const f = env.pkt.tcpFlags;
    if (f & TCP_SYN && !(f & (TCP_ACK | TCP_FIN | TCP_RST))) return { verdict: 'STOLEN', note: 'SYNPROXY: SYN answered with a SYN cookie SYN-ACK' };
    if (f & TCP_ACK && !(f & (TCP_FIN | TCP_RST | TCP_SYN))) return env.undecided('SYNPROXY: an ACK is accepted only with a valid SYN cookie (not modelled)');
    return cont('SYNPROXY: not a bare SYN or ACK');
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.options & OPT.SACK_PERM) out += ' --sack-perm';
    if (t.options & OPT.TIMESTAMP) out += ' --timestamp';
    if (t.options & OPT.WSCALE) out += ` --wscale ${t.wscale}`;
    if (t.options & OPT.MSS) out += ` --mss ${t.mss}`;
    if (t.options & OPT.ECN) out += ' --ecn';
    return out;
  },
  print(inst) {
    const t = d(inst);
    let out = ' SYNPROXY ';
    if (t.options & OPT.SACK_PERM) out += 'sack-perm ';
    if (t.options & OPT.TIMESTAMP) out += 'timestamp ';
    if (t.options & OPT.WSCALE) out += `wscale ${t.wscale} `;
    if (t.options & OPT.MSS) out += `mss ${t.mss} `;
    if (t.options & OPT.ECN) out += 'ecn ';
    return out;
  },
};

export default SYNPROXY;

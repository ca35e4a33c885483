// -j TCPMSS (libxt_TCPMSS.c): --set-mss value | --clamp-mss-to-pmtu (stored as mss 0xffff).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const CLAMP_PMTU = 0xffff;
const mss = (inst: ExtInstance) => Number(inst.data.mss);

function makeTcpmss(family: Family): ExtensionDef {
  return {
    kind: 'target',
    name: 'TCPMSS',
    revision: 0,
    family,
    options: [
      // UINT16_MAX - sizeof(struct iphdr) / sizeof(struct ip6_hdr)
      { name: 'set-mss', type: 'uint16', min: 0, max: family === 'ipv4' ? 65515 : 65495 },
      { name: 'clamp-mss-to-pmtu', type: 'none' },
    ],
    init(data) {
      data.mss = 0;
    },
    parse(cb) {
      if (cb.opt.name === 'clamp-mss-to-pmtu') cb.data.mss = CLAMP_PMTU;
      else if (cb.val.t === 'int') cb.data.mss = Number(cb.val.v);
    },
    finalCheck(fc) {
      if (fc.seen.size === 0) throw paramProblem('TCPMSS target: At least one parameter is required');
    },
    /**
     * xt_check_target .proto = IPPROTO_TCP; tcpmss_tg4/6_check: PMTU clamping only from FORWARD, OUTPUT,
     * POSTROUTING; outside nft compat, the rule needs a tcp match on SYN (`--syn`, `--tcp-flags SYN,RST SYN`).
     */
    kernelRefuses(inst, where) {
      const rule = where.rule;
      if (!rule) return false;
      if (!rule.proto || rule.proto.num !== 6 || rule.proto.invert) return true;
      if (mss(inst) === CLAMP_PMTU && where.hooks && [...where.hooks].some((h) => !['FORWARD', 'OUTPUT', 'POSTROUTING'].includes(h))) return true;
      if (where.flavor === 'nft') return false;
      return !rule.matches.some((m) => {
        if (m.name !== 'tcp') return false;
        const t = m.data as { flgMask?: number; flgCmp?: number; invFlags?: boolean };
        return ((t.flgCmp ?? 0) & 0x02) !== 0 && ((t.flgMask ?? 0) & 0x02) !== 0 && !t.invFlags;
      });
    },
    save: (inst) => (mss(inst) === CLAMP_PMTU ? ' --clamp-mss-to-pmtu' : ` --set-mss ${mss(inst)}`),
    print: (inst) => (mss(inst) === CLAMP_PMTU ? ' TCPMSS clamp to PMTU' : ` TCPMSS set ${mss(inst)}`),
    /**
     * tcpmss_tg4/6 → tcpmss_mangle_packet(). The kernel does not look at SYN here (only the rule check demands
     * `--syn`, and not under nft): any non-fragment TCP packet is handled. A header shorter than 20 bytes → NF_DROP.
     * An MSS option larger than the new value is lowered (never raised). Without an MSS option, a packet with no
     * payload gets one inserted (value min(new, 536) for IPv4, min(new, 1220) for IPv6; the packet grows by 4).
     * The model has no TCP options: bytes after a 20-byte header may be options or data, so only the note says
     * what would happen to an MSS option. --clamp-mss-to-pmtu uses min(route MTU, reverse route MTU) − 40 (v6: 60).
     */
    apply(inst, env) {
      const p = env.pkt;
      if (p.fragment) return cont('TCPMSS: a fragment, no TCP header: unchanged');
      const iph = family === 'ipv4' ? 20 : 40;
      const tcpLen = p.len - iph;
      if (tcpLen < 20) return { verdict: 'DROP', note: `TCPMSS: truncated TCP header (${tcpLen} bytes): NF_DROP` };
      const clamp = mss(inst) === CLAMP_PMTU;
      const want = clamp ? `path MTU − ${iph + 20}` : String(mss(inst));
      if (tcpLen === 20) {
        const dflt = family === 'ipv4' ? 536 : 1220;
        const v = clamp ? dflt : Math.min(mss(inst), dflt); // a path MTU below 576 (v4) is not modelled
        const old = p.len;
        p.len += 4;
        return cont(`TCPMSS: no MSS option, added MSS ${v}${clamp ? ` (min(${want}, ${dflt}))` : ''}; length ${old} → ${p.len}`);
      }
      return cont(`TCPMSS: an MSS option above ${want} is lowered to it (TCP options not modelled)`);
    },
  };
}

export default [makeTcpmss('ipv4'), makeTcpmss('ipv6')];

// -j TCPMSS (libxt_TCPMSS.c): --set-mss value | --clamp-mss-to-pmtu (stored as mss 0xffff).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance, Family } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

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
  };
}

export default [makeTcpmss('ipv4'), makeTcpmss('ipv6')];

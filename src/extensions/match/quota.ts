// -m quota (libxt_quota.c): [!] --quota bytes (uint64). The kernel's remaining-bytes counter is private; save and
// -L show the configured quota.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface QuotaData {
  quota: bigint;
  invert?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as QuotaData;

const quota: ExtensionDef = {
  kind: 'match',
  name: 'quota',
  revision: 0,
  options: [{ name: 'quota', type: 'uint64', invert: true, mand: true }],
  init(data) {
    data.quota = 0n;
  },
  parse(cb) {
    if (cb.val.t === 'int') cb.data.quota = cb.val.v;
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --quota ${t.quota}`;
  },
  print(inst) {
    return ` quota: ${d(inst).quota} bytes`;
  },
  // quota_mt(): a per-rule byte budget; a packet that fits takes its length (skb->len) from it and matches (unless
  // inverted), one that does not fit empties the budget
  match(inst, env) {
    const t = d(inst);
    const st = env.state(inst, () => ({ left: t.quota, why: '' }));
    const len = BigInt(env.pkt.len);
    let ret = !!t.invert;
    if (st.left >= len) {
      st.left -= len;
      ret = !ret;
      st.why = `quota: ${len} bytes taken, ${st.left} left (inverted)`;
    } else {
      st.why = `quota exhausted: ${len} bytes > ${st.left} left`;
      st.left = 0n;
    }
    return ret;
  },
  whyNot: (inst, env) => env.state(inst, () => ({ left: 0n, why: '' })).why,
};

export default quota;

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
};

export default quota;

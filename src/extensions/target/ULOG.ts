// -j ULOG (libipt_ULOG.c, IPv4): the userspace module exists in 1.8.9 but today's kernels have no ipt_ULOG, so
// loading it warns and every rule using it is refused by the kernel with ENOENT.
import { paramProblem } from '../../diag/errors.js';
import { saveString } from '../../render/quote.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const DEFAULT_NLGROUP = 1;
const DEFAULT_QTHRESHOLD = 1;

const ffs = (n: number): number => (n === 0 ? 0 : 32 - Math.clz32(n & -n));

const ULOG: ExtensionDef = {
  kind: 'target',
  name: 'ULOG',
  revision: 0,
  family: 'ipv4',
  loadWarning: 'Warning: Extension ULOG revision 0 not supported, missing kernel module?\n',
  options: [
    { name: 'ulog-nlgroup', type: 'uint8', min: 1, max: 32 },
    { name: 'ulog-prefix', type: 'string', min: 1 },
    { name: 'ulog-cprange', type: 'uint64' },
    { name: 'ulog-qthreshold', type: 'uint64', min: 1, max: 50 },
  ],
  init(data) {
    Object.assign(data, { nlGroup: DEFAULT_NLGROUP, qthreshold: DEFAULT_QTHRESHOLD, copyRange: 0n, prefix: '' });
  },
  parse(cb) {
    const v = cb.val;
    switch (cb.opt.name) {
      case 'ulog-nlgroup':
        if (v.t === 'int') cb.data.nlGroup = 1 << (Number(v.v) - 1);
        break;
      case 'ulog-prefix':
        if ((cb.arg ?? '').includes('\n')) throw paramProblem('Newlines not allowed in --ulog-prefix');
        cb.data.prefix = Buffer.from(cb.arg ?? '').subarray(0, 31).toString();
        break;
      case 'ulog-cprange':
        if (v.t === 'int') cb.data.copyRange = v.v;
        break;
      case 'ulog-qthreshold':
        if (v.t === 'int') cb.data.qthreshold = Number(v.v);
        break;
    }
  },
  save(inst) {
    const d = inst.data as { nlGroup: number; qthreshold: number; copyRange: bigint; prefix: string };
    let out = '';
    if (d.prefix !== '') out += ' --ulog-prefix' + saveString(d.prefix);
    if (d.nlGroup !== DEFAULT_NLGROUP) out += ` --ulog-nlgroup ${ffs(d.nlGroup)}`;
    if (d.copyRange) out += ` --ulog-cprange ${Number(d.copyRange & 0xffffffffn)}`;
    if (d.qthreshold !== DEFAULT_QTHRESHOLD) out += ` --ulog-qthreshold ${d.qthreshold}`;
    return out;
  },
  print(inst) {
    const d = inst.data as { nlGroup: number; qthreshold: number; copyRange: bigint; prefix: string };
    let out = ` ULOG copy_range ${Number(d.copyRange & 0xffffffffn)} nlgroup ${ffs(d.nlGroup)}`;
    if (d.prefix !== '') out += ` prefix "${d.prefix}"`;
    return out + ` queue_threshold ${d.qthreshold}`;
  },
  kernelRefuses() {
    return 'ENOENT';
  },
  /** ipt_ULOG (removed from the kernel): netlink multicast group logging; XT_CONTINUE */
  apply(inst) {
    const d = inst.data as { nlGroup: number; prefix: string };
    const text = `ulog nlgroup ${ffs(d.nlGroup)}` + (d.prefix !== '' ? ` prefix "${d.prefix}"` : '');
    return { ...cont(text), log: text };
  },
};

export default ULOG;

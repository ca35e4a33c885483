// -m cgroup (libxt_cgroup.c, revision 2 = struct xt_cgroup_info_v2): [!] --path cgroup2-path, [!] --cgroup classid.
// The kernel resolves --path in the cgroup2 hierarchy when the rule is added; nfsim models a hierarchy holding only
// the root ("/"), so any other path is refused like a missing directory (EINVAL).
import { saveString } from '../../render/quote.js';
import type { ExtensionDef } from '../types.js';
import { truncateBytes } from './comment.js';
import { isLocallyGenerated } from '../match-semantics.js';

interface CgroupData {
  hasPath: boolean;
  hasClassid: boolean;
  invertPath: boolean;
  invertClassid: boolean;
  path: string;
  classid: number;
}

const cgroup: ExtensionDef = {
  kind: 'match',
  name: 'cgroup',
  revision: 2,
  options: [
    { name: 'path', type: 'string', invert: true },
    { name: 'cgroup', type: 'uint32', invert: true },
  ],
  // xt_cgroup: LOCAL_OUT, POST_ROUTING, LOCAL_IN
  hooks: ['OUTPUT', 'POSTROUTING', 'INPUT'],
  init(data) {
    const c: CgroupData = { hasPath: false, hasClassid: false, invertPath: false, invertClassid: false, path: '', classid: 0 };
    Object.assign(data, c);
  },
  parse(cb) {
    const c = cb.data as unknown as CgroupData;
    if (cb.opt.name === 'path') {
      c.hasPath = true;
      c.path = truncateBytes(cb.arg ?? '', 511);
      if (cb.invert) c.invertPath = true;
    } else {
      c.hasClassid = true;
      if (cb.val.t === 'int') c.classid = Number(cb.val.v);
      if (cb.invert) c.invertClassid = true;
    }
  },
  save(inst) {
    const c = inst.data as unknown as CgroupData;
    let out = '';
    if (c.hasPath) out += `${c.invertPath ? ' !' : ''} --path${saveString(c.path)}`;
    if (c.hasClassid) out += `${c.invertClassid ? ' !' : ''} --cgroup ${c.classid}`;
    return out;
  },
  print(inst) {
    const c = inst.data as unknown as CgroupData;
    let out = ' cgroup';
    if (c.hasPath) out += ` ${c.invertPath ? '! ' : ''}${c.path}`;
    if (c.hasClassid) out += ` ${c.invertClassid ? '! ' : ''}${c.classid}`;
    return out;
  },
  // cgroup_mt_check_v2(): exactly one of --path/--cgroup; the path must exist (only the root here)
  kernelRefuses(inst) {
    const c = inst.data as unknown as CgroupData;
    if (c.hasPath === c.hasClassid) return true;
    return c.hasPath && c.path !== '/' && c.path !== '';
  },
  // cgroup_mt_v2(): a packet without a full local socket (forwarded, or before early demux) is false, even when
  // inverted; the socket's cgroup of locally generated or delivered packets is not modelled
  match(_inst, env) {
    if (env.hook === 'PREROUTING' || env.hook === 'FORWARD' || (env.hook === 'POSTROUTING' && !isLocallyGenerated(env))) return false;
    return env.undecided("cgroup: the socket's cgroup is not modelled");
  },
  whyNot() {
    return 'no local socket on the packet: cgroup never matches';
  },
};

export default cgroup;

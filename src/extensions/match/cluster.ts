// -m cluster (libxt_cluster.c, x6 parser): cluster node hashing (--cluster-total-nodes, --cluster-local-node(mask),
// --cluster-hash-seed); always saved in the node-mask form.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { ctOf } from '../match-semantics.js';

/** XT_CLUSTER_NODES_MAX */
const NODES_MAX = 32;

interface ClusterData {
  totalNodes: number;
  nodeMask: number;
  hashSeed: number;
  invert: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as ClusterData;
const hex8 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const u32 = (cb: { val: { t: string; v?: unknown } }) => Number(cb.val.t === 'int' ? (cb.val.v as bigint) : 0n);

const cluster: ExtensionDef = {
  kind: 'match',
  name: 'cluster',
  revision: 0,
  options: [
    { name: 'cluster-total-nodes', type: 'uint32', min: 1, max: NODES_MAX, mand: true },
    { name: 'cluster-local-node', type: 'uint32', min: 1, max: NODES_MAX, invert: true, excl: ['cluster-local-nodemask'] },
    { name: 'cluster-local-nodemask', type: 'uint32', min: 1, max: NODES_MAX, invert: true, excl: ['cluster-local-node'] },
    { name: 'cluster-hash-seed', type: 'uint32', mand: true },
  ],
  init(data) {
    Object.assign(data, { totalNodes: 0, nodeMask: 0, hashSeed: 0, invert: false });
  },
  parse(cb) {
    const t = cb.data as unknown as ClusterData;
    const v = u32(cb);
    switch (cb.opt.name) {
      case 'cluster-total-nodes': t.totalNodes = v; break;
      case 'cluster-local-node': t.nodeMask = (1 << (v - 1)) >>> 0; if (cb.invert) t.invert = true; break;
      case 'cluster-local-nodemask': t.nodeMask = v; if (cb.invert) t.invert = true; break;
      case 'cluster-hash-seed': t.hashSeed = v; break;
    }
  },
  finalCheck(fc) {
    const t = fc.data as unknown as ClusterData;
    const s = fc.seen;
    const tooBig = BigInt(t.nodeMask) >= 1n << BigInt(t.totalNodes);
    if (s.has('cluster-total-nodes') && s.has('cluster-local-node') && s.has('cluster-hash-seed')) {
      if (tooBig) throw paramProblem("cluster match: `--cluster-local-node' must be <= `--cluster-total-nodes'");
      return;
    }
    if (s.has('cluster-total-nodes') && s.has('cluster-local-nodemask') && s.has('cluster-hash-seed')) {
      if (tooBig) throw paramProblem("cluster match: `--cluster-local-nodemask' too big for `--cluster-total-nodes'");
      return;
    }
    if (!s.has('cluster-local-node') && !s.has('cluster-local-nodemask')) {
      throw paramProblem("cluster match: `--cluster-local-node' or`--cluster-local-nodemask' is missing");
    }
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --cluster-local-nodemask ${hex8(t.nodeMask)} --cluster-total-nodes ${t.totalNodes} --cluster-hash-seed ${hex8(t.hashSeed)}`;
  },
  print(inst) {
    const t = d(inst);
    return ` cluster ${t.invert ? '!' : ''}node_mask=${hex8(t.nodeMask)} total_nodes=${t.totalNodes} hash_seed=${hex8(t.hashSeed)}`;
  },
  // cluster_mt(): no conntrack entry → false; otherwise a jhash of the (master) connection's original source
  // address selects the node, which is not modelled
  match(_inst, env) {
    if (!ctOf(env)) return false;
    return env.undecided('cluster: the jhash node selection is not modelled');
  },
  whyNot(_inst, env) {
    return `no conntrack entry (${env.ctState}): cluster never matches`;
  },
};

export default cluster;

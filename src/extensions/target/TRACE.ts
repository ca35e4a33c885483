// -j TRACE (libxt_TRACE.c, no options). Legacy: the xt TRACE target, raw table only. iptables-nft turns it into
// `meta nftrace set 1` (nft.c add_meta_nftrace), which any table accepts. Nothing is printed after the name.
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const TRACE: ExtensionDef = {
  kind: 'target',
  name: 'TRACE',
  revision: 0,
  options: [],
  kernelRefuses: (_inst, where) => where.flavor === 'legacy' && where.table !== 'raw',
  save: () => '',
  print: () => '',
  /** trace_tg() sets skb->nf_trace (nft: meta nftrace set 1): later rules are reported by the kernel's tracer */
  apply: () => cont('trace'),
};

export default TRACE;

// -j CHECKSUM (libxt_CHECKSUM.c): --checksum-fill (mandatory); the kernel accepts it in mangle only.
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const CHECKSUM: ExtensionDef = {
  kind: 'target',
  name: 'CHECKSUM',
  revision: 0,
  options: [{ name: 'checksum-fill', type: 'none', mand: true }],
  tables: ['mangle'],
  init(data) {
    data.operation = 0;
  },
  parse(cb) {
    cb.data.operation = 1; // XT_CHECKSUM_OP_FILL
  },
  save: (inst) => (Number(inst.data.operation) & 1 ? ' --checksum-fill' : ''),
  print: (inst) => ' CHECKSUM' + (Number(inst.data.operation) & 1 ? ' fill' : ''),
  /** checksum_tg(): a CHECKSUM_PARTIAL, non-GSO skb gets its checksum computed now; XT_CONTINUE */
  apply: () => cont('checksum filled in (if the packet still had a partial checksum)'),
};

export default CHECKSUM;

// -j CHECKSUM (libxt_CHECKSUM.c): --checksum-fill (mandatory); the kernel accepts it in mangle only.
import type { ExtensionDef } from '../types.js';

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
};

export default CHECKSUM;

// -j SECMARK (libxt_SECMARK.c, revision 1): --selctx CONTEXT (mandatory, 255 bytes kept). The kernel accepts it in
// mangle and security only, and then resolves the context through the LSM: nfsim models a host without SELinux,
// where every context is refused with ENOENT (as the oracle host does).
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';
import { truncateBytes } from '../match/comment.js';

const ctx = (inst: ExtInstance) => String(inst.data.secctx ?? '');

const SECMARK: ExtensionDef = {
  kind: 'target',
  name: 'SECMARK',
  revision: 1,
  options: [{ name: 'selctx', type: 'string', mand: true }],
  tables: ['mangle', 'security'],
  init(data) {
    Object.assign(data, { mode: 0, secctx: '' });
  },
  parse(cb) {
    // XTOPT_PUT into char secctx[SECMARK_SECCTX_MAX = 256]; mode SECMARK_MODE_SEL
    Object.assign(cb.data, { mode: 1, secctx: truncateBytes(cb.arg ?? '', 255) });
  },
  // the table check (EINVAL) comes first in xt_check_target
  kernelRefuses: (_inst, where) => (where.table === 'mangle' || where.table === 'security' ? 'ENOENT' : true),
  save: (inst) => ` --selctx ${ctx(inst)}`,
  print: (inst) => ` SECMARK selctx ${ctx(inst)}`,
  /** secmark_tg(): skb->secmark = the context's secid (secmarks are not in the packet model); XT_CONTINUE */
  apply: (inst) => cont(`secmark set from ${ctx(inst)} (not modelled)`),
};

export default SECMARK;

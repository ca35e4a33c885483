// -j AUDIT (libxt_AUDIT.c): --type accept|drop|reject (case-insensitive, mandatory).
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const TYPES = ['accept', 'drop', 'reject']; // XT_AUDIT_TYPE_ACCEPT 0, DROP 1, REJECT 2
const type = (inst: ExtInstance) => TYPES[Number(inst.data.type)] ?? '';

const AUDIT: ExtensionDef = {
  kind: 'target',
  name: 'AUDIT',
  revision: 0,
  options: [{ name: 'type', type: 'string', mand: true }],
  init(data) {
    data.type = 0;
  },
  parse(cb) {
    const i = TYPES.indexOf((cb.arg ?? '').toLowerCase());
    if (i < 0) throw paramProblem(`Bad action type value "${cb.arg}"`);
    cb.data.type = i;
  },
  save: (inst) => (type(inst) ? ` --type ${type(inst)}` : ''),
  print: (inst) => ` AUDIT ${type(inst)}`,
  /** audit_tg(): an audit NETFILTER_PKT record (mark, addresses, protocol); XT_CONTINUE */
  apply: (inst) => cont(`audit NETFILTER_PKT record (--type ${type(inst)})`),
};

export default AUDIT;

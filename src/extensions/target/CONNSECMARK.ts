// -j CONNSECMARK (libxt_CONNSECMARK.c): --save | --restore; the kernel accepts it in mangle and security only.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';

const MODES = ['', 'save', 'restore']; // CONNSECMARK_SAVE 1, CONNSECMARK_RESTORE 2
const mode = (inst: ExtInstance) => MODES[Number(inst.data.mode)] ?? '';

const CONNSECMARK: ExtensionDef = {
  kind: 'target',
  name: 'CONNSECMARK',
  revision: 0,
  options: [
    { name: 'save', type: 'none', excl: ['restore'] },
    { name: 'restore', type: 'none', excl: ['save'] },
  ],
  tables: ['mangle', 'security'],
  init(data) {
    data.mode = 0;
  },
  parse(cb) {
    cb.data.mode = cb.opt.name === 'save' ? 1 : 2;
  },
  finalCheck(fc) {
    if (fc.seen.size === 0) throw paramProblem('CONNSECMARK target: parameter required');
  },
  save: (inst) => ` --${mode(inst)}`,
  print: (inst) => ` CONNSECMARK ${mode(inst)}`,
  /**
   * connsecmark_tg(): save copies skb->secmark to a connection without one, restore the other way round
   * (secmarks are not in the packet model); XT_CONTINUE
   */
  apply: (inst) => cont(mode(inst) === 'save' ? 'secmark saved to the connection (not modelled)' : 'secmark restored from the connection (not modelled)'),
};

export default CONNSECMARK;

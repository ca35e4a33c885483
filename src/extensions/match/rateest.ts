// -m rateest (libxt_rateest.c): not emulated. The kernel match needs rate estimators created by -j RATEEST and
// compares live rates; nfsim refuses the extension with an explicit "unsupported" error instead of guessing.
import { otherProblem } from '../../diag/errors.js';
import type { ExtensionDef } from '../types.js';

const rateest: ExtensionDef = {
  kind: 'match',
  name: 'rateest',
  revision: 0,
  options: [],
  init() {
    throw otherProblem('unsupported: the rateest match is not emulated by nfsim');
  },
  save() {
    return '';
  },
  print() {
    return ' rateest';
  },
  match(_inst, env) {
    return env.undecided('rateest: rate estimators are not modelled');
  },
};

export default rateest;

// -m helper (libxt_helper.c, revision 0 = struct xt_helper_info): [!] --helper name (name[30]: 29 bytes kept).
import { saveString } from '../../render/quote.js';
import type { ExtensionDef } from '../types.js';
import { truncateBytes } from './comment.js';

interface HelperData {
  invert: boolean;
  name: string;
}

const helper: ExtensionDef = {
  kind: 'match',
  name: 'helper',
  revision: 0,
  options: [{ name: 'helper', type: 'string', mand: true, invert: true }],
  init(data) {
    Object.assign(data, { invert: false, name: '' });
  },
  parse(cb) {
    Object.assign(cb.data, { name: truncateBytes(cb.arg ?? '', 29), invert: cb.invert });
  },
  save(inst) {
    const h = inst.data as unknown as HelperData;
    return `${h.invert ? ' !' : ''} --helper${saveString(h.name)}`;
  },
  print(inst) {
    const h = inst.data as unknown as HelperData;
    return ` helper match ${h.invert ? '! ' : ''}"${h.name}"`;
  },
  // helper_mt(): only a connection created from a helper's expectation (ct->master with a helper) can match; the
  // session models no conntrack helpers, so no connection has one and the result is the inversion flag
  match(inst) {
    return (inst.data as unknown as HelperData).invert;
  },
  whyNot(inst) {
    const h = inst.data as unknown as HelperData;
    return h.invert ? `! --helper "${h.name}" (inverted)` : `no conntrack helper on the connection's master (helpers are not modelled)`;
  },
};

export default helper;

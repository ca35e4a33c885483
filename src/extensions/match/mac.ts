// -m mac (libxt_mac.c): [!] --mac-source XX:XX:XX:XX:XX:XX. The kernel allows it only in PREROUTING, INPUT, FORWARD.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface MacData {
  mac: number[];
  invert?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as MacData;
/** xtables_print_mac() */
const macText = (m: number[]) => m.map((b) => b.toString(16).padStart(2, '0')).join(':');

const mac: ExtensionDef = {
  kind: 'match',
  name: 'mac',
  revision: 0,
  options: [{ name: 'mac-source', type: 'ethermac', mand: true, invert: true }],
  init(data) {
    data.mac = [0, 0, 0, 0, 0, 0];
  },
  parse(cb) {
    if (cb.val.t === 'mac') cb.data.mac = [...cb.val.v];
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --mac-source ${macText(t.mac)}`;
  },
  print(inst) {
    const t = d(inst);
    return ` MAC ${t.invert ? '! ' : ''}${macText(t.mac)}`;
  },
  hooks: ['PREROUTING', 'INPUT', 'FORWARD'],
};

export default mac;

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

/** a MAC string in the canonical lower-case colon form */
const macOf = (s: string) => s.split(/[:-]/).map((b) => parseInt(b, 16).toString(16).padStart(2, '0')).join(':');

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
  // mac_mt(): only an Ethernet input device carries a source MAC (lo does not: false even inverted); then
  // (source == mac) ^ invert
  match(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (p.iif === 'lo' || p.iif === '') return false;
    if (p.srcMac === undefined) return env.undecided(`mac --mac-source: the packet's source MAC is not given`);
    return (macOf(p.srcMac) === macText(t.mac)) !== !!t.invert;
  },
  whyNot(inst, env) {
    const t = d(inst);
    const p = env.pkt;
    if (p.iif === '') return 'no input device (locally generated): no MAC header';
    if (p.iif === 'lo') return 'lo is not an Ethernet device: no MAC header';
    return `source MAC ${macOf(p.srcMac ?? '')} ${t.invert ? '=' : '≠'} ${macText(t.mac)}${t.invert ? ' (inverted)' : ''}`;
  },
};

export default mac;

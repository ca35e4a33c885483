// -m cpu (libxt_cpu.c): [!] --cpu n (uint32).
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface CpuData {
  cpu: number;
  invert?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as CpuData;

const cpu: ExtensionDef = {
  kind: 'match',
  name: 'cpu',
  revision: 0,
  options: [{ name: 'cpu', type: 'uint32', invert: true, mand: true }],
  init(data) {
    data.cpu = 0;
  },
  parse(cb) {
    if (cb.val.t === 'int') cb.data.cpu = Number(cb.val.v);
    if (cb.invert) cb.data.invert = true;
  },
  save(inst) {
    const t = d(inst);
    return `${t.invert ? ' !' : ''} --cpu ${t.cpu}`;
  },
  print(inst) {
    const t = d(inst);
    return ` cpu ${t.invert ? '! ' : ''}${t.cpu}`;
  },
  match(_inst, env) {
    return env.undecided('cpu: the CPU that handles the packet is not modelled');
  },
};

export default cpu;

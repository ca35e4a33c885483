// -m esp (libxt_esp.c, both families): [!] --espspi spi[:spi]; the kernel wants -p esp.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { printSpis, saveSpis, spiRange } from './ah.js';
import { protoRequired } from './icmp.js';

interface EspData {
  spis: [number, number];
  invSpi?: boolean;
}

const d = (inst: ExtInstance) => inst.data as unknown as EspData;

const esp: ExtensionDef = {
  kind: 'match',
  name: 'esp',
  revision: 0,
  options: [{ name: 'espspi', type: 'uint32rc', invert: true }],
  init(data) {
    data.spis = [0, 0xffffffff];
  },
  parse(cb) {
    const r = spiRange(cb);
    if (r) cb.data.spis = r;
    if (cb.invert) cb.data.invSpi = true;
  },
  save(inst) {
    const t = d(inst);
    return saveSpis('espspi', t.spis, t.invSpi);
  },
  print(inst) {
    const t = d(inst);
    const s = printSpis(t.spis, t.invSpi);
    return ' esp' + (s ? ' ' + s : '');
  },
  kernelRefuses(_inst, where) {
    return !protoRequired(where.rule, 50);
  },
  // esp_mt(): false for a non-first fragment; spi_match(min, max, spi) ^ invert. The SPI is not modelled: only
  // the full range decides (always true, or always false when inverted).
  match(inst, env) {
    const t = inst.data as unknown as EspData;
    if (env.pkt.proto !== 50 || env.pkt.fragment) return false;
    if (t.spis[0] === 0 && t.spis[1] >>> 0 === 0xffffffff) return !t.invSpi;
    return env.undecided('esp --espspi: the packet\'s SPI is not modelled');
  },
};

export default esp;

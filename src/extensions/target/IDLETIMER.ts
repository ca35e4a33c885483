// -j IDLETIMER (libxt_IDLETIMER.c, revision 1): --timeout seconds, --label name (27 bytes kept), --alarm.
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';
import { truncateBytes } from '../match/comment.js';

interface IdleData { timeout: number; label: string; alarm: boolean }
const d = (inst: ExtInstance) => inst.data as unknown as IdleData;

const IDLETIMER: ExtensionDef = {
  kind: 'target',
  name: 'IDLETIMER',
  revision: 1,
  options: [
    { name: 'timeout', type: 'uint32', mand: true },
    { name: 'label', type: 'string', mand: true },
    { name: 'alarm', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { timeout: 0, label: '', alarm: false });
  },
  parse(cb) {
    const t = cb.data as unknown as IdleData;
    switch (cb.opt.name) {
      case 'timeout': if (cb.val.t === 'int') t.timeout = Number(cb.val.v); break;
      // XTOPT_PUT into char label[MAX_IDLETIMER_LABEL_SIZE = 28]
      case 'label': t.label = truncateBytes(cb.arg ?? '', 27); break;
      case 'alarm': t.alarm = true; break;
    }
  },
  /** idletimer_tg_helper: timeout 0 or >= INT_MAX/1000, empty label; a '/' cannot become a sysfs file name */
  kernelRefuses(inst) {
    const t = d(inst);
    return t.timeout === 0 || t.timeout >= Math.floor(0x7fffffff / 1000) || t.label === '' || t.label.includes('/');
  },
  save: (inst) => ` --timeout ${d(inst).timeout} --label ${d(inst).label}` + (d(inst).alarm ? ' --alarm' : ''),
  print: (inst) => ` timeout:${d(inst).timeout} label:${d(inst).label}` + (d(inst).alarm ? ' alarm' : ''),
  /** idletimer_tg(): (re)arm the label's timer to now + timeout (shared by all rules with that label); XT_CONTINUE */
  apply(inst, env) {
    const t = d(inst);
    const timers = env.shared('IDLETIMER', () => new Map<string, number>());
    timers.set(t.label, env.now + t.timeout);
    return cont(`idletimer ${t.label} rearmed: fires at t=${env.now + t.timeout}s unless traffic comes first`);
  },
};

export default IDLETIMER;

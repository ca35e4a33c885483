// -j LOG (libxt_LOG.c): syslog level, prefix (29 bytes kept), flags tcp-sequence/tcp-options/ip-options/uid/macdecode.
import { paramProblem } from '../../diag/errors.js';
import { saveString } from '../../render/quote.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { truncateBytes } from '../match/comment.js';

const DEFAULT_LEVEL = 4; // LOG_WARNING
/** XT_LOG_* bits, in option order */
const FLAGS: readonly [string, number, string][] = [
  ['log-tcp-sequence', 0x01, 'tcp-sequence'],
  ['log-tcp-options', 0x02, 'tcp-options'],
  ['log-ip-options', 0x04, 'ip-options'],
  ['log-uid', 0x08, 'uid'],
  ['log-macdecode', 0x20, 'macdecode'],
];
const XT_LOG_MASK = 0x2f;
/** glibc prioritynames[]: the first name per level */
const PRIO_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

const d = (inst: ExtInstance) => inst.data as { level: number; prefix: string; logflags: number };

const LOG: ExtensionDef = {
  kind: 'target',
  name: 'LOG',
  revision: 0,
  options: [
    { name: 'log-level', type: 'sysloglevel' },
    { name: 'log-prefix', type: 'string', min: 1 },
    { name: 'log-tcp-sequence', type: 'none' },
    { name: 'log-tcp-options', type: 'none' },
    { name: 'log-ip-options', type: 'none' },
    { name: 'log-uid', type: 'none' },
    { name: 'log-macdecode', type: 'none' },
  ],
  init(data) {
    Object.assign(data, { level: DEFAULT_LEVEL, prefix: '', logflags: 0 });
  },
  parse(cb) {
    const data = cb.data as { level: number; prefix: string; logflags: number };
    switch (cb.opt.name) {
      case 'log-level':
        if (cb.val.t === 'syslog') data.level = cb.val.v;
        break;
      case 'log-prefix': {
        const arg = cb.arg ?? '';
        // XTOPT_PUT into char prefix[30]
        data.prefix = truncateBytes(arg, 29);
        if (arg.includes('\n')) throw paramProblem('Newlines not allowed in --log-prefix');
        break;
      }
      default:
        data.logflags |= FLAGS.find(([n]) => n === cb.opt.name)![1];
    }
  },
  save(inst) {
    const t = d(inst);
    let out = '';
    if (t.prefix !== '') out += ' --log-prefix' + saveString(t.prefix);
    if (t.level !== DEFAULT_LEVEL) out += ` --log-level ${t.level}`;
    for (const [name, bit] of FLAGS) if (t.logflags & bit) out += ` --${name}`;
    return out;
  },
  print(inst, ctx) {
    const t = d(inst);
    let out = ' LOG';
    if (ctx.numeric) out += ` flags ${t.logflags} level ${t.level}`;
    else {
      const pname = PRIO_NAMES[t.level];
      out += pname ? ` level ${pname}` : ` UNKNOWN level ${t.level}`;
      for (const [, bit, word] of FLAGS) if (t.logflags & bit) out += ` ${word}`;
      if (t.logflags & ~XT_LOG_MASK) out += ' unknown-flags';
    }
    if (t.prefix !== '') out += ` prefix "${t.prefix}"`;
    return out;
  },
};

export default LOG;

// -j NFQUEUE (libxt_NFQUEUE.c, revision 3): --queue-num | --queue-balance a:b, --queue-bypass, --queue-cpu-fanout.
import { paramProblem } from '../../diag/errors.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';

interface NfqData {
  queuenum: number;
  /** u16 in the kernel blob: 65536 queues wrap to 0 */
  queuesTotal: number;
  bypass: boolean;
  cpuFanout: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as NfqData;

function render(t: NfqData, pfx: string, words: { num: string; balance: string; bypass: string; fanout: string }): string {
  let out = '';
  let last = t.queuesTotal;
  if (last > 1) {
    last += t.queuenum - 1;
    out += ` ${pfx}${words.balance} ${t.queuenum}:${last}`;
  } else out += ` ${pfx}${words.num} ${t.queuenum}`;
  if (t.bypass) out += ` ${words.bypass}`;
  if (t.cpuFanout) out += ` ${words.fanout}`;
  return out;
}

/**
 * nfqueue_tg_v3(): NF_QUEUE_NR(queue) with the bypass flag. With --queue-balance the queue is
 * queuenum + (CPU % total) for --queue-cpu-fanout, else a jhash of the addresses with a boot-time random seed:
 * the number is not predictable. Without a listener on the queue the packet is dropped, or with --queue-bypass
 * it continues as if accepted by this hook.
 */
function nfqueueNote(t: NfqData): string {
  let s = t.queuesTotal > 1 ? `queue ${t.queuenum}..${t.queuenum + t.queuesTotal - 1} (${t.cpuFanout ? 'by CPU' : 'by flow hash'})` : `queue ${t.queuenum}`;
  s += t.bypass ? '; no listener: bypassed (continues as accepted)' : '; no listener: dropped';
  return s;
}

const NFQUEUE: ExtensionDef = {
  kind: 'target',
  name: 'NFQUEUE',
  revision: 3,
  options: [
    { name: 'queue-num', type: 'uint16', excl: ['queue-balance'] },
    { name: 'queue-balance', type: 'uint16rc', max: 65534, excl: ['queue-num'] },
    { name: 'queue-bypass', type: 'none' },
    { name: 'queue-cpu-fanout', type: 'none', also: ['queue-balance'] },
  ],
  init(data) {
    Object.assign(data, { queuenum: 0, queuesTotal: 1, bypass: false, cpuFanout: false });
  },
  parse(cb) {
    const t = cb.data as unknown as NfqData;
    switch (cb.opt.name) {
      case 'queue-num':
        if (cb.val.t === 'int') t.queuenum = Number(cb.val.v);
        break;
      case 'queue-balance': {
        const r = cb.val.t === 'range' ? cb.val.v.map(Number) : [];
        if (r.length !== 2) throw paramProblem(`Bad range "${cb.arg}"`);
        if (r[0] >= r[1]) throw paramProblem(`${r[0]} should be less than ${r[1]}`);
        t.queuenum = r[0];
        t.queuesTotal = (r[1] - r[0] + 1) & 0xffff;
        break;
      }
      case 'queue-bypass': t.bypass = true; break;
      case 'queue-cpu-fanout': t.cpuFanout = true; break;
    }
  },
  /** nfqueue_tg_check: queues_total 0, or a last queue above 65535 */
  kernelRefuses(inst) {
    const t = d(inst);
    return t.queuesTotal === 0 || t.queuenum + t.queuesTotal - 1 > 0xffff;
  },
  save: (inst) => render(d(inst), '--', { num: 'queue-num', balance: 'queue-balance', bypass: '--queue-bypass', fanout: '--queue-cpu-fanout' }),
  print: (inst) => ' NFQUEUE' + render(d(inst), '', { num: 'num', balance: 'balance', bypass: 'bypass', fanout: 'cpu-fanout' }),
  apply: (inst) => ({ verdict: 'QUEUE', note: nfqueueNote(d(inst)) }),
};

export default NFQUEUE;

// -j NFLOG (libxt_NFLOG.c). With iptables-nft the target becomes a native nft `log` expression (nft.c add_log,
// nft-shared.c nft_parse_log): the prefix keeps up to 127 bytes and --nflog-range (no COPY_LEN flag) is lost.
import { paramProblem } from '../../diag/errors.js';
import { saveString } from '../../render/quote.js';
import type { ExtInstance } from '../../model/ruleset.js';
import type { ExtensionDef } from '../types.js';
import { cont } from '../target-semantics.js';
import { truncateBytes } from '../match/comment.js';

interface NflogData {
  group: number;
  prefix: string;
  len: number;
  threshold: number;
  /** XT_NFLOG_F_COPY_LEN */
  copyLen: boolean;
}
const d = (inst: ExtInstance) => inst.data as unknown as NflogData;

function render(t: NflogData, pfx: string): string {
  let out = '';
  if (t.prefix !== '') out += ` ${pfx}nflog-prefix` + saveString(t.prefix);
  if (t.group) out += ` ${pfx}nflog-group ${t.group}`;
  if (t.copyLen) out += ` ${pfx}nflog-size ${t.len}`;
  else if (t.len) out += ` ${pfx}nflog-range ${t.len}`;
  if (t.threshold !== 0) out += ` ${pfx}nflog-threshold ${t.threshold}`;
  return out;
}

const NFLOG: ExtensionDef = {
  kind: 'target',
  name: 'NFLOG',
  revision: 0,
  options: [
    { name: 'nflog-group', type: 'uint16' },
    { name: 'nflog-prefix', type: 'string', min: 1 },
    { name: 'nflog-range', type: 'uint32', excl: ['nflog-size'] },
    { name: 'nflog-size', type: 'uint32', excl: ['nflog-range'] },
    { name: 'nflog-threshold', type: 'uint16' },
  ],
  init(data) {
    Object.assign(data, { group: 0, prefix: '', len: 0, threshold: 0, copyLen: false });
  },
  parse(cb) {
    const data = cb.data as unknown as NflogData;
    const n = cb.val.t === 'int' ? Number(cb.val.v) : 0;
    switch (cb.opt.name) {
      case 'nflog-group': data.group = n; break;
      case 'nflog-prefix': {
        const arg = cb.arg ?? '';
        // legacy: XTOPT_PUT into prefix[64]; nft: the udata copy, snprintf(.., NF_LOG_PREFIXLEN = 128)
        data.prefix = truncateBytes(arg, cb.ctx.flavor === 'nft' ? 127 : 63);
        if (arg.includes('\n')) throw paramProblem('Newlines not allowed in --log-prefix');
        break;
      }
      case 'nflog-range':
        // printed by NFLOG_check (x6_fcheck) in C, i.e. before any final-check error
        cb.warn?.('warn: --nflog-range has never worked and is no longer supported, please use --nflog-size instead\n');
        data.len = n;
        break;
      case 'nflog-size': data.len = n; break;
      case 'nflog-threshold': data.threshold = n; break;
    }
  },
  finalCheck(fc) {
    const data = fc.data as unknown as NflogData;
    if (fc.seen.has('nflog-size')) data.copyLen = true;
    // nft: the log expression has no place for a length without COPY_LEN
    if (fc.ctx.flavor === 'nft' && !data.copyLen) data.len = 0;
  },
  save: (inst) => render(d(inst), '--'),
  print: (inst) => render(d(inst), ''),
  /** nflog_tg(): hands the packet to nfnetlink_log group N (nobody listening: nothing happens); XT_CONTINUE */
  apply(inst) {
    const t = d(inst);
    const text = `nflog group ${t.group}` + (t.prefix !== '' ? ` prefix "${t.prefix}"` : '');
    return { ...cont(text), log: text };
  },
};

export default NFLOG;

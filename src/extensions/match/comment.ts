// -m comment (libxt_comment.c): --comment text, stored in 256 bytes (255 usable), saved with xtables_save_string.
import { saveString } from '../../render/quote.js';
import type { ExtensionDef } from '../types.js';

/** XT_MAX_COMMENT_LEN - 1 bytes survive (XTOPT_PUT truncation). */
export function truncateBytes(s: string, maxBytes: number): string {
  // a UTF-16 unit is at most 3 UTF-8 bytes: short strings cannot be too long (no Buffer on the hot path)
  if (s.length * 3 <= maxBytes) return s;
  const buf = Buffer.from(s, 'utf8');
  if (buf.length <= maxBytes) return s;
  return buf.subarray(0, maxBytes).toString('latin1') === buf.subarray(0, maxBytes).toString('utf8')
    ? buf.subarray(0, maxBytes).toString('utf8')
    : buf.subarray(0, maxBytes).toString('latin1');
}

const comment: ExtensionDef = {
  kind: 'match',
  name: 'comment',
  revision: 0,
  options: [{ name: 'comment', type: 'string', mand: true }],
  parse(cb) {
    cb.data.comment = truncateBytes(cb.arg ?? '', 255);
  },
  save(inst) {
    return ' --comment' + saveString(String(inst.data.comment ?? ''));
  },
  print(inst) {
    return ` /* ${String(inst.data.comment ?? '')} */`;
  },
  // comment_mt(): always true
  match: () => true,
};

export default comment;

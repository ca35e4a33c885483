// Where in a command the real tool's error message points: the word it names (`Bad value for "--dport" option:
// "22x"` → the word 22x, `unknown option "--foo"` → --foo, `Couldn't load match \`nosuch'` → nosuch), so lint can
// underline it instead of saying "line 31 failed".
import type { Word } from './source.js';

const QUOTED = /"([^"\n]*)"|`([^'\n]*)'|'([^'\n]*)'/g;
const OPTION = /(?:^|[\s(])(--?[A-Za-z0-9][\w-]*)/g;

function lastIndex(words: readonly Word[], pred: (w: string) => boolean): number {
  for (let i = words.length - 1; i >= 0; i--) if (pred(words[i].t)) return i;
  return -1;
}

/** Index of the word the message names, or -1. */
export function locateWord(words: readonly Word[], message: string): number {
  const quoted: string[] = [];
  for (const m of message.matchAll(QUOTED)) {
    const t = m[1] ?? m[2] ?? m[3];
    if (t) quoted.push(t);
  }
  // the last quoted value is the one the message is about ("--dport" ... "22x")
  for (let k = quoted.length - 1; k >= 0; k--) {
    const t = quoted[k];
    const i = lastIndex(words, (w) => w === t);
    if (i >= 0) return i;
  }
  for (let k = quoted.length - 1; k >= 0; k--) {
    const t = quoted[k];
    const bare = t.replace(/^-p /, '');
    if (bare.length < 2) continue;
    const i = lastIndex(words, (w) => w.includes(bare) || (t.startsWith('--') && w.startsWith('--') && t.startsWith(w.split('=')[0])));
    if (i >= 0) return i;
  }
  // an extension naming itself first ("multiport needs `-p tcp' ...")
  const first = /^([A-Za-z0-9_]+)[: ]/.exec(message)?.[1];
  if (first) {
    const i = words.findIndex((w, k) => w.t === first && k > 0 && /^(-m|--match|-j|--jump)$/.test(words[k - 1].t));
    if (i >= 0) return i;
  }
  // an option named without quotes ("multiple -s flags not allowed", "Can't use -o with INPUT")
  for (const m of message.matchAll(OPTION)) {
    const opt = m[1];
    const i = lastIndex(words, (w) => w === opt);
    if (i >= 0) return i;
  }
  return -1;
}

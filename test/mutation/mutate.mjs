#!/usr/bin/env node
// Deterministic mutator for iptables-restore dumps (dependency-free Node ESM).
//
//   node test/mutation/mutate.mjs --seed N --in FILE
//       applies ONE mutation to FILE; mutated text on stdout, a one-line description on stderr.
//   node test/mutation/mutate.mjs --gen DIR --count K --base-seed S [--sources DIR] [SOURCE...]
//       writes K cases DIR/NNN.rules + DIR/NNN.desc (NNN = 000..K-1); case i mutates source
//       i mod #sources (sorted; default test/mutation/sources/*.rules) with seed S+i.
//   node test/mutation/mutate.mjs --list
//       prints the mutation kinds.
//
// Same seed + same input → same bytes (own PRNG, no Math.random, no Date, no locale).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** mulberry32: small, well-mixed 32-bit PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n), // 0..n-1
    pick: (arr) => arr[Math.floor(next() * arr.length)],
  };
}

export const JUNK_WORDS = [
  '--bogus', '!', '-j', '"unterminated', '-m', 'nosuchmatch', '999999', '-p', 'tcp', '--dport',
  '[1:2]', '*nat', 'COMMIT', ':X', 'CHAIN-NAME-THAT-IS-30-CHARS-XX', '\t', '\r',
];

export const JUNK_LINES = [
  'garbage', '--bogus', '-A', '-A INPUT --bogus', '-A NOSUCHCHAIN -j ACCEPT', '-A INPUT -j NOSUCHTARGET',
  '-N NEWCHAIN', '-X', '-F', '-Z', '-P INPUT ACCEPT', ':NEWCHAIN - [0:0]', ':INPUT DROP [0:0]', ':INPUT BOGUS [0:0]',
  '*filter', '*nat', '*nosuchtable', 'COMMIT', ' COMMIT', '#', '# comment', ' ', '\t', '\r',
  '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT -m nosuchmatch -j ACCEPT', '-D INPUT 1', '-I INPUT 99 -j ACCEPT',
  '[0:0] -A INPUT -j ACCEPT', '-A INPUT "unterminated', ':CHAIN-NAME-THAT-IS-30-CHARS-XX - [0:0]',
];

const BIG_NUMBERS = ['4294967296', '4294967295', '-1', '-2147483648', '2147483648', '65536', '99999999999999999999', '0', '256'];
const TABLES = ['filter', 'nat', 'mangle', 'raw', 'security', 'broute', 'FILTER', 'nosuchtable', ''];

/** Lines with their terminators kept apart: text = lines.join('\n') (+ final '\n' if trailing). */
function splitLines(text) {
  const trailing = text.endsWith('\n');
  const lines = (trailing ? text.slice(0, -1) : text).split('\n');
  return { lines, join: (ls) => ls.join('\n') + (trailing ? '\n' : '') };
}

const show = (s) => JSON.stringify(s.length > 60 ? s.slice(0, 57) + '...' : s);
const words = (line) => line.split(' ');
const wordy = (lines, min) => lines.map((l, i) => [l, i]).filter(([l]) => words(l).filter(Boolean).length >= min).map(([, i]) => i);
/** indexes (in line.split(' ')) of non-empty words */
const wordIdx = (ws) => ws.map((w, i) => [w, i]).filter(([w]) => w !== '').map(([, i]) => i);

export const MUTATIONS = {
  'truncate': (text, r) => {
    // cut at a random byte that is not at a line start (mid-line)
    const cps = [...text];
    const cands = [];
    // (text is latin1-decoded bytes: never cut before a UTF-8 continuation byte)
    for (let i = 1; i < cps.length; i++) if (cps[i - 1] !== '\n' && !(cps[i] >= '\x80' && cps[i] <= '\xbf')) cands.push(i);
    if (!cands.length) return null;
    const at = r.pick(cands);
    const out = cps.slice(0, at).join('');
    const line = out.split('\n').length;
    return [out, `truncate at byte ${Buffer.byteLength(out)} (mid line ${line})`];
  },
  'drop-line': (text, r) => {
    const { lines, join } = splitLines(text);
    const i = r.int(lines.length);
    const out = [...lines];
    out.splice(i, 1);
    return [join(out), `drop line ${i + 1} ${show(lines[i])}`];
  },
  'dup-line': (text, r) => {
    const { lines, join } = splitLines(text);
    const i = r.int(lines.length);
    const out = [...lines];
    out.splice(i, 0, lines[i]);
    return [join(out), `duplicate line ${i + 1} ${show(lines[i])}`];
  },
  'swap-lines': (text, r) => {
    const { lines, join } = splitLines(text);
    if (lines.length < 2) return null;
    const i = r.int(lines.length);
    let j = r.int(lines.length - 1);
    if (j >= i) j++;
    if (lines[i] === lines[j]) return null;
    const out = [...lines];
    [out[i], out[j]] = [out[j], out[i]];
    return [join(out), `swap lines ${i + 1} and ${j + 1} ${show(lines[i])} <-> ${show(lines[j])}`];
  },
  'swap-words': (text, r) => {
    const { lines, join } = splitLines(text);
    const cand = wordy(lines, 2);
    if (!cand.length) return null;
    const li = r.pick(cand);
    const ws = words(lines[li]);
    const idx = wordIdx(ws);
    const a = r.int(idx.length);
    let b = r.int(idx.length - 1);
    if (b >= a) b++;
    const [i, j] = [idx[a], idx[b]];
    if (ws[i] === ws[j]) return null;
    const desc = `line ${li + 1}: swap words ${show(ws[i])} and ${show(ws[j])}`;
    [ws[i], ws[j]] = [ws[j], ws[i]];
    const out = [...lines];
    out[li] = ws.join(' ');
    return [join(out), desc];
  },
  'drop-word': (text, r) => {
    const { lines, join } = splitLines(text);
    const cand = wordy(lines, 2);
    if (!cand.length) return null;
    const li = r.pick(cand);
    const ws = words(lines[li]);
    const i = r.pick(wordIdx(ws));
    const desc = `line ${li + 1}: drop word ${show(ws[i])}`;
    ws.splice(i, 1);
    const out = [...lines];
    out[li] = ws.join(' ');
    return [join(out), desc];
  },
  'dup-word': (text, r) => {
    const { lines, join } = splitLines(text);
    const cand = wordy(lines, 1);
    if (!cand.length) return null;
    const li = r.pick(cand);
    const ws = words(lines[li]);
    const i = r.pick(wordIdx(ws));
    ws.splice(i, 0, ws[i]);
    const out = [...lines];
    out[li] = ws.join(' ');
    return [join(out), `line ${li + 1}: duplicate word ${show(ws[i])}`];
  },
  'junk-word': (text, r) => {
    const { lines, join } = splitLines(text);
    const li = r.int(lines.length);
    const ws = words(lines[li]);
    const junk = r.pick(JUNK_WORDS);
    const at = r.int(ws.length + 1);
    ws.splice(at, 0, junk);
    const out = [...lines];
    out[li] = ws.join(' ');
    return [join(out), `line ${li + 1}: insert junk word ${show(junk)} at word ${at + 1}`];
  },
  'junk-line': (text, r) => {
    const { lines, join } = splitLines(text);
    const junk = r.pick(JUNK_LINES);
    const at = r.int(lines.length + 1);
    const out = [...lines];
    out.splice(at, 0, junk);
    return [join(out), `insert junk line ${show(junk)} before line ${at + 1}`];
  },
  'big-number': (text, r) => {
    const { lines, join } = splitLines(text);
    const nums = [];
    lines.forEach((l, li) => {
      for (const m of l.matchAll(/\d+/g)) nums.push([li, m.index, m[0]]);
    });
    if (!nums.length) return null;
    const [li, at, old] = r.pick(nums);
    const neu = r.pick(BIG_NUMBERS);
    if (neu === old) return null;
    const out = [...lines];
    out[li] = lines[li].slice(0, at) + neu + lines[li].slice(at + old.length);
    return [join(out), `line ${li + 1}: number ${old} -> ${neu} in ${show(lines[li])}`];
  },
  'flip-append': (text, r) => {
    const { lines, join } = splitLines(text);
    const cand = lines.map((l, i) => [l, i]).filter(([l]) => /^-A \S+/.test(l)).map(([, i]) => i);
    if (!cand.length) return null;
    const li = r.pick(cand);
    const m = /^-A (\S+)(.*)$/.exec(lines[li]);
    const neu = r.pick(['-I $C', '-I $C 1', '-I $C 2', '-D $C', '-D $C 1', '-R $C', '-R $C 1', '-R $C 3']).replace('$C', m[1]);
    const out = [...lines];
    out[li] = neu + m[2];
    return [join(out), `line ${li + 1}: "-A ${m[1]}" -> "${neu}"`];
  },
  'change-table': (text, r) => {
    const { lines, join } = splitLines(text);
    const cand = lines.map((l, i) => [l, i]).filter(([l]) => l.startsWith('*')).map(([, i]) => i);
    if (!cand.length) return null;
    const li = r.pick(cand);
    const neu = r.pick(TABLES);
    if ('*' + neu === lines[li]) return null;
    const out = [...lines];
    out[li] = '*' + neu;
    return [join(out), `line ${li + 1}: table ${show(lines[li])} -> ${show('*' + neu)}`];
  },
};

const KINDS = Object.keys(MUTATIONS);

/** Apply one mutation chosen by the seed. Returns { text, desc }. */
export function mutate(text, seed) {
  const r = rng(seed);
  for (let attempt = 0; attempt < 64; attempt++) {
    const kind = r.pick(KINDS);
    const res = MUTATIONS[kind](text, r);
    if (res && res[0] !== text) return { text: res[0], desc: `${kind}: ${res[1]}` };
  }
  throw new Error(`seed ${seed}: no applicable mutation`);
}

function args(argv) {
  const o = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') o.list = true;
    else if (['--seed', '--in', '--gen', '--count', '--base-seed', '--sources'].includes(a)) o[a.slice(2)] = argv[++i];
    else o.rest.push(a);
  }
  return o;
}

function usage(msg) {
  process.stderr.write(`mutate.mjs: ${msg}\nusage: mutate.mjs --seed N --in FILE | --gen DIR --count K --base-seed S [--sources DIR] [SOURCE...] | --list\n`);
  process.exit(2);
}

if (process.argv[1] === import.meta.filename) {
  const o = args(process.argv.slice(2));
  if (o.list) {
    process.stdout.write(KINDS.join('\n') + '\n');
  } else if (o.gen !== undefined) {
    const count = Number(o.count);
    const base = Number(o['base-seed'] ?? 0);
    if (!Number.isInteger(count) || count < 0 || !Number.isInteger(base)) usage('--count and --base-seed must be integers');
    const srcDir = o.sources ?? join(import.meta.dirname, 'sources');
    const srcs = o.rest.length ? o.rest : readdirSync(srcDir).filter((f) => f.endsWith('.rules')).sort().map((f) => join(srcDir, f));
    if (!srcs.length) usage('no sources');
    const texts = srcs.map((f) => readFileSync(f, 'latin1')); // latin1: byte-transparent round trip
    mkdirSync(o.gen, { recursive: true });
    const width = Math.max(3, String(count - 1).length);
    for (let i = 0; i < count; i++) {
      const n = String(i).padStart(width, '0');
      const s = i % srcs.length;
      const seed = base + i;
      const { text, desc } = mutate(texts[s], seed);
      writeFileSync(join(o.gen, `${n}.rules`), text, 'latin1');
      writeFileSync(join(o.gen, `${n}.desc`), `source=${basename(srcs[s])} seed=${seed} ${desc}\n`);
    }
    process.stderr.write(`wrote ${count} cases to ${o.gen}\n`);
  } else {
    if (o.seed === undefined || o.in === undefined) usage('need --seed N --in FILE (or --gen / --list)');
    const seed = Number(o.seed);
    if (!Number.isInteger(seed)) usage('--seed must be an integer');
    const { text, desc } = mutate(readFileSync(o.in === '-' ? 0 : o.in, 'latin1'), seed);
    process.stdout.write(Buffer.from(text, 'latin1'));
    process.stderr.write(desc + '\n');
  }
}

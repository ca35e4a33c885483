// Reads the IPVS oracle's block output (test/golden/ipvs/*.out, written by capture.sh) and replays its command lines
// through nfsim's CLI in-process: a tiny shell for what the scenarios use (here-documents, `|`, `&&`, `< /dev/null`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { MemoryStore } from '../../src/cli/state.js';
import { parseScript } from '../../src/syntax/command-line.js';

export const IPVSADM_GOLDEN_DIR = join(import.meta.dirname, '..', 'golden', 'ipvs');

export interface OracleCommand {
  n: number;
  /** first line of the command */
  cmd: string;
  /** further lines (here-document bodies) */
  more: string[];
  exit: number;
  stdout: string;
  stderr: string;
}

export function ipvsadmGoldenNames(): string[] {
  return readdirSync(IPVSADM_GOLDEN_DIR).filter((f) => f.endsWith('.out')).map((f) => f.slice(0, -4)).sort();
}

/** Parses `### cmd N: …` blocks; output sections are read by their byte counts. */
export function readOracleOutput(text: string): OracleCommand[] {
  const buf = Buffer.from(text, 'utf8');
  const out: OracleCommand[] = [];
  let pos = 0;
  const line = () => {
    const nl = buf.indexOf(10, pos);
    const l = buf.subarray(pos, nl < 0 ? buf.length : nl).toString('utf8');
    pos = nl < 0 ? buf.length : nl + 1;
    return l;
  };
  const section = (name: string) => {
    const h = line();
    const m = new RegExp(`^### ${name} \\((\\d+) bytes\\)$`).exec(h);
    if (!m) throw new Error(`expected ${name} header, got ${h}`);
    const n = Number(m[1]);
    const s = buf.subarray(pos, pos + n).toString('utf8');
    pos += n;
    if (n > 0 && buf[pos - 1] !== 10) {
      pos++; // the newline the oracle adds
      if (line() !== '### (no trailing newline)') throw new Error('expected no-trailing-newline marker');
    }
    return s;
  };
  while (pos < buf.length) {
    const h = line();
    const m = /^### cmd (\d+): (.*)$/.exec(h);
    if (!m) throw new Error(`expected a command header, got ${h}`);
    const more: string[] = [];
    let l = line();
    while (l.startsWith('### | ')) {
      more.push(l.slice(6));
      l = line();
    }
    const e = /^### exit: (\d+)$/.exec(l);
    if (!e) throw new Error(`expected exit, got ${l}`);
    while (buf.subarray(pos, pos + 9).toString() === '### note:') line();
    const stdout = section('stdout');
    const stderr = section('stderr');
    out.push({ n: Number(m[1]), cmd: m[2], more, exit: Number(e[1]), stdout, stderr });
  }
  return out;
}

export interface Outcome {
  exit: number;
  stdout: string;
  stderr: string;
}

async function runWords(words: string[], stdin: string, store: MemoryStore): Promise<Outcome> {
  const io = memoryIo(stdin, {});
  const code = await main(words.slice(1), io, words[0], store);
  return { exit: code, stdout: io.out, stderr: io.err };
}

/** Runs one oracle command line (as busybox sh would) against `store`. */
export async function runOracleCommand(c: OracleCommand, store: MemoryStore): Promise<Outcome> {
  let text = c.cmd;
  let stdin = '';
  const here = /\s*<<'(\w+)'$/.exec(text);
  if (here) {
    text = text.slice(0, here.index);
    const end = c.more.indexOf(here[1]);
    stdin = c.more.slice(0, end).map((l) => `${l}\n`).join('');
  }
  text = text.replace(/\s*<\s*\/dev\/null$/, '');
  const total: Outcome = { exit: 0, stdout: '', stderr: '' };
  for (const part of text.split(' && ')) {
    let input = stdin;
    let last: Outcome = { exit: 0, stdout: '', stderr: '' };
    for (const stage of part.split(' | ')) {
      const words = parseScript(stage)[0].words.map((w) => w.t);
      last = await runWords(words, input, store);
      total.stderr += last.stderr;
      input = last.stdout;
    }
    total.stdout += last.stdout;
    total.exit = last.exit;
    if (last.exit !== 0) break;
  }
  return total;
}

export function readIpvsadmGolden(name: string): OracleCommand[] {
  return readOracleOutput(readFileSync(join(IPVSADM_GOLDEN_DIR, `${name}.out`), 'utf8'));
}

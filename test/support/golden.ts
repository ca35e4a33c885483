// Readers for the oracle's golden formats (kernel-restore and kernel-save output, see ../../test/golden/*/README/NOTES).
import { readFileSync } from 'node:fs';

export interface RestoreGolden {
  backend: 'nft' | 'legacy';
  pre?: string;
  flags: string;
  exit: number;
  stdout: string;
  stderr: string;
  save: string;
  saveExit: number;
}

/** Take `n` UTF-8 bytes from s starting at char index i; returns [text, next index]. */
function takeBytes(s: string, i: number, n: number): [string, number] {
  let bytes = 0;
  let j = i;
  while (j < s.length && bytes < n) {
    const cp = s.codePointAt(j)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    j += cp >= 0x10000 ? 2 : 1;
  }
  return [s.slice(i, j), j];
}

function block(text: string, i: number, name: string): [string, number] {
  const head = new RegExp(`^### ${name} \\((\\d+) bytes\\)\\n`);
  const m = head.exec(text.slice(i));
  if (!m) throw new Error(`golden: expected ### ${name} at ${text.slice(i, i + 40)}`);
  i += m[0].length;
  let [body, j] = takeBytes(text, i, Number(m[1]));
  if ((j < text.length && !text.startsWith('### ', j)) || (j >= text.length && body.includes('\n### '))) {
    // the capture script rewrote a temp path after the byte count was taken: fall back to the next header
    const next = text.indexOf('\n### ', i - 1);
    j = next < 0 ? text.length : next + 1;
    body = text.slice(i, j);
  }
  i = j;
  if (text.startsWith('### (no trailing newline)\n', i)) i += '### (no trailing newline)\n'.length;
  return [body, i];
}

export function readRestoreGolden(path: string): RestoreGolden {
  const text = readFileSync(path, 'utf8');
  let i = 0;
  const line = () => {
    const nl = text.indexOf('\n', i);
    const l = text.slice(i, nl);
    i = nl + 1;
    return l;
  };
  const backend = line().replace('### backend: ', '') as 'nft' | 'legacy';
  let pre: string | undefined;
  if (text.startsWith('### pre-state', i)) {
    line();
    const end = text.indexOf('\n### ip', i);
    pre = text.slice(i, end + 1);
    i = end + 1;
  }
  const flags = line().replace(/^### ip6?tables-restore ?/, '');
  const exit = Number(line().replace('### exit: ', ''));
  const [stdout, i2] = block(text, i, 'stdout');
  i = i2;
  const [stderr, i3] = block(text, i, 'stderr');
  i = i3;
  const sl = line();
  const saveExit = Number(/exit (\d+)/.exec(sl)?.[1] ?? 0);
  const save = text.slice(i);
  return { backend, pre, flags, exit, stdout, stderr, save, saveExit };
}

/** What the oracle's text-mode capture does to a tool's output: \r\n and \r become \n. */
export function oracleText(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

export interface SaveCommandResult {
  n: number;
  cmd: string;
  exit: number;
  stdout: string;
  stderr: string;
}

export interface SaveGolden {
  backend: 'nft' | 'legacy';
  commands: SaveCommandResult[];
  /** "### iptables-save (exit 0)" etc. → body */
  sections: Map<string, string>;
}

export function readSaveGolden(path: string): SaveGolden {
  const text = readFileSync(path, 'utf8');
  const first = text.indexOf('\n');
  const backend = text.slice(0, first).replace('### backend: ', '') as 'nft' | 'legacy';
  let i = first + 1;
  const commands: SaveCommandResult[] = [];
  const sections = new Map<string, string>();
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const l = text.slice(i, nl);
    const m = /^### cmd (\d+) \(line \d+\): (.*)$/.exec(l);
    if (m) {
      i = nl + 1;
      const el = text.slice(i, text.indexOf('\n', i));
      i = text.indexOf('\n', i) + 1;
      const exit = Number(el.replace('### exit: ', ''));
      const [stdout, i2] = block(text, i, 'stdout');
      const [stderr, i3] = block(text, i2, 'stderr');
      i = i3;
      commands.push({ n: Number(m[1]), cmd: m[2], exit, stdout, stderr });
      continue;
    }
    if (l.startsWith('### ')) {
      i = nl + 1;
      let end = text.indexOf('\n### ', i - 1);
      while (end >= 0 && /^\n### (\(no trailing|cmd )/.test(text.slice(end, end + 20)) && false) end = text.indexOf('\n### ', end + 1);
      const body = end < 0 ? text.slice(i) : text.slice(i, end + 1);
      sections.set(l.slice(4), body);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    throw new Error(`golden ${path}: unexpected line ${l}`);
  }
  return { backend, commands, sections };
}

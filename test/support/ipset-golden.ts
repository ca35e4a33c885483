// Reader and replayer for test/golden/ipset/*.txt (the qemu oracle's "### cmd N: LINE" blocks): each command runs
// through nfsim (ipset through the ipset tool, iptables through main()) on one MemoryStore, in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { MemoryStore } from '../../src/cli/state.js';
import { runIpsetTool } from '../../src/cli/ipset-cmd.js';
import { parseScript } from '../../src/syntax/command-line.js';

export const IPSET_GOLDEN_DIR = join(import.meta.dirname, '..', 'golden', 'ipset');

export interface OracleCmd {
  n: number;
  cmd: string;
  /** here-document lines (without the terminator) */
  heredoc?: string;
  exit: number;
  stdout: string;
  stderr: string;
}

export function readOracle(file: string): OracleCmd[] {
  const buf = readFileSync(file);
  const out: OracleCmd[] = [];
  let pos = 0;
  const line = (): string => {
    const e = buf.indexOf(10, pos);
    const s = buf.subarray(pos, e < 0 ? buf.length : e).toString();
    pos = e < 0 ? buf.length : e + 1;
    return s;
  };
  const block = (header: string): string => {
    const m = /^### (stdout|stderr) \((\d+) bytes\)$/.exec(header);
    if (!m) throw new Error(`bad block header ${header}`);
    const text = buf.subarray(pos, pos + Number(m[2])).toString();
    pos += Number(m[2]);
    if (buf.subarray(pos, pos + 28).toString().startsWith('\n### (no trailing newline)')) line(), line();
    return text;
  };
  while (pos < buf.length) {
    const h = line();
    const m = /^### cmd (\d+): (.*)$/.exec(h);
    if (!m) continue;
    const c: OracleCmd = { n: Number(m[1]), cmd: m[2], exit: 0, stdout: '', stderr: '' };
    let l = line();
    const here: string[] = [];
    while (l.startsWith('### | ')) {
      here.push(l.slice(6));
      l = line();
    }
    if (here.length) c.heredoc = here.slice(0, -1).map((x) => `${x}\n`).join('');
    c.exit = Number(/^### exit: (\d+)/.exec(l)![1]);
    c.stdout = block(line());
    c.stderr = block(line());
    out.push(c);
  }
  return out;
}

export interface Replayed {
  want: OracleCmd;
  got: { exit: number; stdout: string; stderr: string };
}

/**
 * The kernel draws a random initval for a set created without one; the golden's listings show which one it drew.
 * For the command at index i that creates `name`, the first later listing of `name` gives it.
 */
function initvalFinder(cmds: OracleCmd[], overrides: Record<string, number | string>) {
  return (i: number, created: string): number => {
    const o = overrides[`${cmds[i].n}:${created}`];
    if (typeof o === 'number') return o;
    // a string: the set is listed under that name later (swapped or renamed)
    const name = o ?? created;
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const res = [new RegExp(`^create ${esc} \\S+ .*initval (0x[0-9a-f]+)$`, 'm'), new RegExp(`^Name: ${esc}\\n(?:.*\\n){2}Header: .*initval (0x[0-9a-f]+)$`, 'm')];
    for (let j = i; j < cmds.length; j++) {
      for (const re of res) {
        const m = re.exec(cmds[j].stdout);
        if (m) return parseInt(m[1], 16);
      }
    }
    return 0;
  };
}

export function replayIpsetGolden(group: string, overrides: Record<string, number | string> = {}): Replayed[] {
  const cmds = readOracle(join(IPSET_GOLDEN_DIR, `${group}.txt`));
  const store = new MemoryStore();
  const find = initvalFinder(cmds, overrides);
  return cmds.map((want, i) => {
    const words = parseScript(want.cmd.replace(/<<'?(\w+)'?$/, ''))[0].words.map((w) => w.t);
    const prog = words.shift()!;
    const io = memoryIo(want.heredoc ?? '', {});
    let exit: number;
    if (prog === 'ipset') exit = runIpsetTool(words, { io, store }, (name) => find(i, name));
    else exit = main(words, io, prog, store) as number;
    return { want, got: { exit, stdout: io.out, stderr: io.err } };
  });
}

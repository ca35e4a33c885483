// Process wrapper around main(): real stdin/stdout/stderr and exit code (bundled into dist/nfsim.cjs).
import { writeSync } from 'node:fs';
import { main } from './main.js';
import { readText } from './io.js';
import type { Io } from './io.js';

function writeAll(fd: number, s: string): void {
  const buf = Buffer.from(s);
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(141);
      throw e;
    }
  }
}

export function run(argv0: string, argv: string[]): number | Promise<number> {
  const io: Io = {
    readStdin: () => {
      try {
        return readText(0);
      } catch {
        return '';
      }
    },
    stdout: (s) => { if (s) writeAll(1, s); },
    stderr: (s) => { if (s) writeAll(2, s); },
    env: process.env,
    // a getter: process.stdout is created on first use (a stream and its modules), which restore never needs
    get isTTY() {
      return process.stdout.isTTY === true;
    },
    now: () => new Date(),
  };
  return main(argv, io, argv0);
}

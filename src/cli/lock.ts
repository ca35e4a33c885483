// The xtables lock: serialises every state change (no update is ever lost) and reproduces iptables-legacy's
// flock(/run/xtables.lock) behaviour in 1.8.9 — wait forever by default, `-w N` gives up after N seconds.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Lock {
  release(): void;
}

/**
 * Takes `<dir>/xtables.lock` (an O_EXCL file holding the owner's pid; a lock left by a dead process is taken
 * over). `waitSeconds`: undefined or -1 waits forever, N gives up after N seconds and returns undefined.
 */
export function acquireLock(dir: string, waitSeconds: number | undefined): Lock | undefined {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'xtables.lock');
  const deadline = waitSeconds === undefined || waitSeconds < 0 ? Infinity : Date.now() + waitSeconds * 1000;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release() {
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    // a holder that died without releasing does not keep the lock (flock locks die with their process)
    try {
      const pid = Number(readFileSync(file, 'utf8'));
      if (pid > 0 && !alive(pid) && existsSync(file)) {
        unlinkSync(file);
        continue;
      }
    } catch {
      /* raced with the holder's release: retry */
    }
    if (Date.now() >= deadline) return undefined;
    sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
  }
}

// The persisted emulated kernel state: one canonical save file per flavor and family, written atomically.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import type { Family, Flavor, Ruleset } from '../model/ruleset.js';
import { newRuleset } from '../model/ruleset.js';
import { loadCanonical, makeStateEscaper, STATE_HEADER } from '../ops/load.js';
import { saveTable, tableOrder } from '../render/save.js';
import { acquireLock } from './lock.js';
import type { Lock } from './lock.js';

export function stateDir(env: Record<string, string | undefined>, explicit?: string): string {
  if (explicit) return explicit;
  if (env.NFSIM_STATE) return env.NFSIM_STATE;
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'nfsim');
}

/** Where emulated tools read and write kernel state. */
export interface Store {
  readonly dir: string;
  /** the xtables lock over this state (undefined: gave up after waitSeconds) */
  lock(waitSeconds: number | undefined): Lock | undefined;
  load(flavor: Flavor, family: Family): Ruleset;
  store(flavor: Flavor, family: Family, rs: Ruleset): void;
  reset(): void;
}

/** In-memory store for tests and library use (same round trip through the canonical text as the file store). */
export class MemoryStore implements Store {
  readonly dir = '(memory)';
  private readonly files = new Map<string, string>();
  private held = false;
  lock(): Lock | undefined {
    // one process, one caller at a time: a held lock means a re-entrant call, which the CLI never makes
    if (this.held) return undefined;
    this.held = true;
    return { release: () => { this.held = false; } };
  }
  load(flavor: Flavor, family: Family): Ruleset {
    const t = this.files.get(`${flavor}-${family}`);
    return t === undefined ? newRuleset(family) : loadCanonical(t, family, flavor);
  }
  store(flavor: Flavor, family: Family, rs: Ruleset): void {
    this.files.set(`${flavor}-${family}`, stateText(flavor, rs));
  }
  reset(): void {
    this.files.clear();
  }
}

export function stateText(flavor: Flavor, rs: Ruleset): string {
  const order = tableOrder(rs, 'legacy').reverse();
  return `${STATE_HEADER}\n# touched=${order.join(',')}\n` +
    order.map((name) => saveTable(rs.tables.get(name)!, rs.family, {
      flavor, counters: true, program: '', now: null, escapeRule: makeStateEscaper(rs.family, flavor, name),
    })).join('');
}

export class StateStore implements Store {
  constructor(readonly dir: string) {}

  lock(waitSeconds: number | undefined): Lock | undefined {
    return acquireLock(this.dir, waitSeconds);
  }

  file(flavor: Flavor, family: Family): string {
    return join(this.dir, `${flavor}-${family}.rules`);
  }

  load(flavor: Flavor, family: Family): Ruleset {
    const f = this.file(flavor, family);
    if (!existsSync(f)) return newRuleset(family);
    return loadCanonical(readFileSync(f, 'utf8'), family, flavor);
  }

  /** Write-to-temp + rename: readers see the old or the new state, never a torn one. */
  store(flavor: Flavor, family: Family, rs: Ruleset): void {
    mkdirSync(this.dir, { recursive: true });
    const text = stateText(flavor, rs);
    const f = this.file(flavor, family);
    const tmp = `${f}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, f);
  }

  reset(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) if (/^(nft|legacy)-ipv[46]\.rules$/.test(name)) rmSync(join(this.dir, name));
  }
}

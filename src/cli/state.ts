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
import { buildIndex, journalRecords, writeIndex } from './journal.js';
import type { JournalFiles } from './journal.js';

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
  /**
   * Other kernel state kept as one text document each ('ipset', 'ipvs', …): undefined when never written. Writes
   * are atomic (temp file + rename); callers hold the lock around a read-modify-write.
   */
  loadDoc(name: string): string | undefined;
  storeDoc(name: string, text: string): void;
  reset(): void;
}

const DOC_NAME = /^[a-z][a-z0-9-]*$/;

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
  loadDoc(name: string): string | undefined {
    if (!DOC_NAME.test(name)) throw new Error(`bad state document name ${name}`);
    return this.files.get(`doc:${name}`);
  }
  storeDoc(name: string, text: string): void {
    if (!DOC_NAME.test(name)) throw new Error(`bad state document name ${name}`);
    this.files.set(`doc:${name}`, text);
  }
  reset(): void {
    this.files.clear();
  }
}

export function stateText(flavor: Flavor, rs: Ruleset, gen = 0): string {
  const order = tableOrder(rs, 'legacy').reverse();
  return `${STATE_HEADER}${gen ? ` gen=${gen}` : ''}\n# touched=${order.join(',')}\n` +
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

  files(flavor: Flavor, family: Family): JournalFiles {
    const base = join(this.dir, `${flavor}-${family}`);
    return { snapshot: `${base}.rules`, index: `${base}.index.json`, journal: (gen) => `${base}.journal.${gen}` };
  }

  load(flavor: Flavor, family: Family): Ruleset {
    const f = this.files(flavor, family);
    if (!existsSync(f.snapshot)) return newRuleset(family);
    const text = readFileSync(f.snapshot, 'utf8');
    const rs = loadCanonical(text, family, flavor);
    // rules appended since the snapshot (only as far as the index acknowledges them)
    const gen = snapshotGen(text);
    const journal = f.journal(gen);
    if (existsSync(journal)) {
      for (const r of journalRecords(readFileSync(journal, 'utf8')).records) loadCanonical(`*${r.table}\n${r.body}`, family, flavor, rs);
    }
    return rs;
  }

  /**
   * A new snapshot (generation + 1) written to a temp file and renamed, then the index; the old journal is removed
   * last. Readers see the old or the new state, never a torn one.
   */
  store(flavor: Flavor, family: Family, rs: Ruleset): void {
    mkdirSync(this.dir, { recursive: true });
    const f = this.files(flavor, family);
    const old = existsSync(f.snapshot) ? snapshotGen(readFileSync(f.snapshot, 'utf8').slice(0, 200)) : 0;
    const gen = old + 1;
    const text = stateText(flavor, rs, gen);
    const tmp = `${f.snapshot}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, f.snapshot);
    writeIndex(f, buildIndex(rs, gen, Buffer.byteLength(text)));
    for (const name of readdirSync(this.dir)) {
      if (name.startsWith(`${flavor}-${family}.journal.`) && name !== `${flavor}-${family}.journal.${gen}`) rmSync(join(this.dir, name), { force: true });
    }
  }

  loadDoc(name: string): string | undefined {
    if (!DOC_NAME.test(name)) throw new Error(`bad state document name ${name}`);
    const f = join(this.dir, `${name}.state`);
    return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
  }

  storeDoc(name: string, text: string): void {
    if (!DOC_NAME.test(name)) throw new Error(`bad state document name ${name}`);
    mkdirSync(this.dir, { recursive: true });
    const f = join(this.dir, `${name}.state`);
    const tmp = `${f}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, f);
  }

  reset(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) if (/^((nft|legacy)-ipv[46]\.(rules|index\.json|journal\.\d+)|[a-z][a-z0-9-]*\.state)$/.test(name)) rmSync(join(this.dir, name));
  }
}

/** The generation a snapshot was written as (its first line: "# nfsim-state v1 gen=N"). */
function snapshotGen(text: string): number {
  const m = /^# nfsim-state v1 gen=(\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

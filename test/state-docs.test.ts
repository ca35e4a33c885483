// The state store's text documents (ipset, IPVS): atomic, named, cleared by reset, same API in memory and on disk.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore, StateStore } from '../src/cli/state.js';

describe.each([
  ['file', () => new StateStore(mkdtempSync(join(tmpdir(), 'nfsim-docs-')))],
  ['memory', () => new MemoryStore()],
] as const)('state documents (%s store)', (_kind, make) => {
  it('round-trips, overwrites, and reset clears', () => {
    const s = make();
    try {
      expect(s.loadDoc('ipvs')).toBeUndefined();
      s.storeDoc('ipvs', '-A -t 10.0.0.1:80 -s rr\n');
      s.storeDoc('ipvs', '-A -t 10.0.0.1:81 -s wlc\n');
      expect(s.loadDoc('ipvs')).toBe('-A -t 10.0.0.1:81 -s wlc\n');
      s.storeDoc('ipset', 'create a hash:ip\n');
      if (s instanceof StateStore) expect(readdirSync(s.dir).sort()).toEqual(['ipset.state', 'ipvs.state']);
      expect(() => s.storeDoc('../x', '')).toThrow(/bad state document name/);
      s.reset();
      expect(s.loadDoc('ipvs')).toBeUndefined();
      expect(s.loadDoc('ipset')).toBeUndefined();
    } finally {
      if (s instanceof StateStore && existsSync(s.dir)) rmSync(s.dir, { recursive: true, force: true });
    }
  });
});

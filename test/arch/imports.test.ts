// The dependency direction of ARCHITECTURE.md: model ← diag ← syntax/extensions ← ops ← render ← cli, and only
// src/cli touches process, node:fs, commander and chalk.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const LAYER: Record<string, number> = { model: 0, values: 1, diag: 1, syntax: 2, extensions: 2, engine: 3, render: 3, ops: 4, lint: 4, cli: 5 };
// render may be used by ops (canonical text is rule identity), syntax and extensions share a layer; lint sits beside
// ops because it reuses the kernel's commit checks (ops/validate.ts) and the emulated restore.

describe('architecture', () => {
  const all = files(SRC).filter((f) => !f.includes('/generated'));
  it.each(all.map((f) => [relative(SRC, f), f]))('%s imports only lower layers', (_rel, file) => {
    const rel = relative(SRC, file);
    const layer = rel.split('/')[0];
    const text = readFileSync(file, 'utf8');
    const own = LAYER[layer];
    // value imports only: `import type` shares data shapes and creates no run-time dependency
    for (const m of text.matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const target = relative(SRC, join(file, '..', spec)).split('/')[0];
        if (target === layer || LAYER[target] === undefined) continue;
        if (layer === 'extensions' && target === 'render') continue; // extensions print with render/quote helpers
        expect(LAYER[target], `${rel} imports ${spec}`).toBeLessThanOrEqual(own);
      } else if (layer !== 'cli') {
        expect(['node:fs', 'node:process', 'commander', 'chalk', 'node:child_process'], `${rel} imports ${spec}`).not.toContain(spec);
      }
    }
    if (layer !== 'cli') expect(/\bprocess\.(argv|exit|stdout|stderr|env)\b/.test(text), `${rel} uses process`).toBe(false);
  });
});

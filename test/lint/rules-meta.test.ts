// Every lint rule's bad example yields exactly its code at the documented line and column; every good example
// yields nothing at all (but the real tool's NF1000 at a COMMIT line it names, where the example says so) (ShellCheck/hadolint-style rule tests, run over the registry so no rule goes untested).
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/registry.js';
import { exampleOptions, lintText } from '../../src/lint/runner.js';

describe('lint rules: examples', () => {
  it('codes are unique and well-formed, files named after them', () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of RULES) {
      expect(r.code).toMatch(/^NF\d{4}$/);
      expect(r.name).toMatch(/^[a-z0-9-]+$/);
      expect(r.description.length).toBeGreaterThan(40);
    }
  });
  it.each(RULES.map((r) => [r.code, r] as const))('%s bad example: exactly its code at its line and column', (_code, r) => {
    const res = lintText('bad.rules', r.bad.text, exampleOptions(r.bad));
    const got = res.diagnostics.map((d) => `${d.code}@${d.pos?.line}:${d.pos?.column}`);
    // a block the kernel refuses at COMMIT is also reported where the real tool names it (NF1000 at the COMMIT line)
    expect(got).toEqual([`${r.code}@${r.bad.line}:${r.bad.column}`, ...(r.bad.commitRejected ? [`NF1000@${r.bad.commitRejected}:1`] : [])]);
    expect(res.diagnostics[0].severity).toBe(r.severity);
  });
  it.each(RULES.map((r) => [r.code, r] as const))('%s good example: no finding', (_code, r) => {
    const res = lintText('good.rules', r.good.text, exampleOptions(r.good));
    expect(res.diagnostics.map((d) => `${d.code}@${d.pos?.line}:${d.pos?.column} ${d.message}`)).toEqual([]);
  });
});

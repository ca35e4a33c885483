// Real rule files produce no lint errors: the front-end dumps (test/golden/frontends), the corpus-wild dumps today's
// iptables accepts, and the 115k-line kube-proxy dump. Their warnings are pinned here, each kind justified:
//   NF2002 unreferenced chains: front-ends (ufw, arno, shorewall, pyroman) create chains they only use in some
//          configurations; kube-proxy's svc200 dump has no base-chain jumps (generated without --with-jumps).
//   NF2007 shadowed rules: real shadowing in the generated configs (ferm: a catch-all `-p tcp -j REJECT` before
//          per-source ACCEPTs; shorewall6: `-p ipv6-icmp -j ACCEPT` before the jump to AllowICMPs).
//   NF2008 duplicates: rules written twice (the 10k kube-proxy generator gives two services the same health-check
//          node port; hand-written corpus files).
//   NF2011 marks set for policy routing (read by ip rule, which lint cannot see); NF2012 a real INPUT DROP without
//   a loopback/established accept; NF2006/NF2009 hand-written corpus files; NF2014 `-m state` (info).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/lint/runner.js';
import type { Family } from '../../src/model/ruleset.js';

const ROOT = join(import.meta.dirname, '..', '..');

function counts(file: string, text: string, family?: Family): Record<string, number> {
  const res = lintText(file, text, { type: 'restore', family });
  const out: Record<string, number> = {};
  for (const d of res.diagnostics) out[d.code] = (out[d.code] ?? 0) + 1;
  const errors = res.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.pos?.line}:${d.pos?.column} ${d.message}`)).toEqual([]);
  return out;
}

describe('real dumps lint without errors', () => {
  const fe = join(ROOT, 'test/golden/frontends');
  const feCases: [string, string, Family][] = [];
  for (const d of readdirSync(fe).sort()) {
    for (const [name, family] of [['input.rules', 'ipv4'], ['input6.rules', 'ipv6'], ['generated.rules', 'ipv4'], ['generated6.rules', 'ipv6']] as const) {
      if (existsSync(join(fe, d, name))) feCases.push([`${d}/${name}`, join(fe, d, name), family]);
    }
  }
  const expectedFe: Record<string, Record<string, number>> = {
    'arno-iptables-firewall/input.rules': { NF2002: 8 }, 'arno-iptables-firewall/input6.rules': { NF2002: 9 },
    'ferm/input.rules': { NF2007: 2, NF2011: 2, NF2014: 2 }, 'ferm/input6.rules': { NF2007: 2, NF2014: 2 },
    'ferm/generated.rules': { NF2007: 2, NF2011: 2, NF2014: 2 }, 'ferm/generated6.rules': { NF2007: 2, NF2014: 2 },
    'pyroman/input.rules': { NF2002: 3, NF2014: 2 }, 'pyroman/input6.rules': { NF2002: 1 },
    'pyroman/generated.rules': { NF2002: 3, NF2014: 2 }, 'pyroman/generated6.rules': { NF2002: 1 },
    'shorewall/input.rules': { NF2002: 5 }, 'shorewall/generated.rules': { NF2002: 4 },
    'shorewall6/input6.rules': { NF2002: 5, NF2007: 2 }, 'shorewall6/generated6.rules': { NF2002: 4, NF2007: 2 },
    'ufw/input.rules': { NF2002: 6 }, 'ufw/input6.rules': { NF2002: 6 },
  };
  it.each(feCases)('frontends/%s', (name, path, family) => {
    // the family is detected from the file (name or addresses), and must agree with the capture's
    const text = readFileSync(path, 'utf8');
    expect(counts(name, text)).toEqual(counts(name, text, family));
    expect(counts(name, text, family)).toEqual(expectedFe[name] ?? {});
  });

  const wild = join(ROOT, '..', 'shared', 'corpus-wild');
  const wildCases = existsSync(wild)
    ? readdirSync(wild).filter((d) => existsSync(join(wild, d, 'input.rules')) && /### exit: 0\n/.test(readFileSync(join(wild, d, 'kernel-restore.nft.txt'), 'utf8')))
    : [];
  it('corpus-wild: the dumps today\'s iptables accepts', () => {
    expect(wildCases.length).toBe(18); // of 23: five fail on today's iptables-nft (their errors are NF1001s)
  });
  it.each(wildCases)('corpus-wild/%s', (d) => {
    const c = counts(d, readFileSync(join(wild, d, 'input.rules'), 'utf8'));
    for (const code of Object.keys(c)) expect(['NF2002', 'NF2006', 'NF2007', 'NF2008', 'NF2009', 'NF2011', 'NF2012', 'NF2014']).toContain(code);
  });

  it('kube-proxy, 10,000 services with base-chain jumps (~115k lines)', () => {
    const dump = execFileSync(process.execPath, [join(ROOT, 'bench/gen-kube-proxy.js'), '--services', '10000', '--with-jumps'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(dump.split('\n').length).toBeGreaterThan(110_000);
    // 25 health-check node ports the generator gives to two services each: real duplicates
    expect(counts('kube.rules', dump)).toEqual({ NF2008: 25 });
  }, 60_000);
});

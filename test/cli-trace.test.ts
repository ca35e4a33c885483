// `nfsim trace` through main(): errors with code frames and exit 2, the emulated state as the ruleset,
// --update-counters, the formats.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { MemoryStore } from '../src/cli/state.js';

const dir = mkdtempSync(join(tmpdir(), 'nfsim-trace-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(args: string[], store = new MemoryStore()) {
  const io = memoryIo();
  const code = await main(args, io, 'nfsim', store);
  return { code, out: io.out, err: io.err };
}

describe('nfsim trace (CLI)', () => {
  it('needs packets', async () => {
    const r = await run(['trace']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error[NF0002]: no packets: give --packet SPEC or --packets FILE\n');
  });
  it('a bad packet line in --packets is reported at its line and column', async () => {
    const p = file('bad.packets', '# ok\ntcp 192.0.2.2:1 > 192.0.2.1:2\nudp 192.0.2.2:1 > 192.0.2.1:99999\n');
    const r = await run(['trace', '--packets', p]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error[NF0101]: bad port "99999" (0-65535)\n --> ${p}:3:29\n`);
    expect(r.err).toContain('3 | udp 192.0.2.2:1 > 192.0.2.1:99999\n');
  });
  it('a rules file iptables-restore would reject is reported with its line', async () => {
    const p = file('bad.rules', '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22x -j ACCEPT\nCOMMIT\n');
    const r = await run(['trace', '--rules', p, '--packet', 'tcp 192.0.2.2:1 > 192.0.2.1:22']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error\[NF0301\]: iptables-restore would reject this file: /);
    expect(r.err).toContain(`--> ${p}:3:1`);
    expect(r.err).toContain('3 | -A INPUT -p tcp --dport 22x -j ACCEPT');
  });
  it('an unreadable file and an unknown option exit 2', async () => {
    expect((await run(['trace', '--rules', join(dir, 'nope'), '--packet', 'tcp 192.0.2.2:1 > 192.0.2.1:22'])).err).toBe(`error[NF0001]: cannot read ${join(dir, 'nope')}: ENOENT\n`);
    expect((await run(['trace', '--frobnicate'])).code).toBe(2);
    expect((await run(['trace', '--format', 'yaml', '--packet', 'tcp 192.0.2.2:1 > 192.0.2.1:22'])).code).toBe(2);
  });
  it('traces the emulated state and adds the packets to its counters with --update-counters', async () => {
    const store = new MemoryStore();
    expect(await run(['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-j', 'DROP'], store)).toMatchObject({ code: 0 });
    const r = await run(['trace', '--packet', 'tcp 192.0.2.2:1000 > 192.0.2.1:22 in=eth0', '--format', 'kernel', '--update-counters'], store);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  RULE filter INPUT 1 DROP\nRESULT DROP at filter INPUT\n');
    const save = await run(['iptables-save', '-c'], store);
    expect(save.out).toContain('[1:40] -A INPUT -p tcp -m tcp --dport 22 -j DROP');
  });
  it('--update-counters refuses dumps', async () => {
    const p = file('ok.rules', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n');
    const r = await run(['trace', '--rules', p, '--packet', 'tcp 192.0.2.2:1 > 192.0.2.1:22', '--update-counters']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--update-counters needs the emulated state');
  });
  it('json output follows the documented schema', async () => {
    const p = file('j.rules', '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n');
    const r = await run(['trace', '--rules', p, '--packet', 'tcp 192.0.2.2:1000 > 192.0.2.1:22', '--format', 'json']);
    const j = JSON.parse(r.out);
    expect(j.version).toBe(1);
    expect(j.host.sources).toEqual(['built-in default']);
    const pk = j.packets[0];
    expect(pk).toMatchObject({ spec: 'tcp 192.0.2.2:1000 > 192.0.2.1:22', in: 'eth0', result: { verdict: 'ACCEPT', outcome: 'local', hook: 'INPUT' } });
    expect(pk.packet).toEqual({ family: 'ipv4', proto: 'tcp', src: '192.0.2.2', dst: '192.0.2.1', sport: 1000, dport: 22, flags: ['SYN'], len: 40, mark: '0x0', in: null, out: null });
    expect(pk.events.find((e: { kind: string }) => e.kind === 'rule')).toEqual({ kind: 'rule', table: 'filter', chain: 'INPUT', rule: 1, depth: 0, matched: true, text: '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', verdict: 'ACCEPT' });
  });
  it('--help prints the usage and exits 0', async () => {
    const r = await run(['trace', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--all-paths');
  });

  it('--format summary gives each packet\'s result and connection as the text format does, without recording events', async () => {
    const rules = 'examples/kube-web/rules.v4';
    const host = 'examples/kube-web/host.yaml';
    const pk = file('summary.packets', 'tcp 192.0.2.2:40000 > 10.96.5.10:80 in=eth0 flags=S\ntcp 192.0.2.2:40001 > 10.96.5.10:80 in=eth0 flags=S\nudp 192.0.2.9:53 > 10.96.5.10:81 in=eth0\ntcp 192.0.2.2:40000 > 10.96.5.10:80 in=eth0 flags=R\n');
    const text = await run(['trace', '--rules', rules, '--host', host, '--packets', pk, '--seed', '7']);
    const sum = await run(['trace', '--rules', rules, '--host', host, '--packets', pk, '--seed', '7', '--format', 'summary']);
    expect(sum.code).toBe(0);
    const lines = sum.out.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    const results = [...text.out.matchAll(/^ {2}result: (.*)$/gm)].map((m) => m[1]);
    const cts = [...text.out.matchAll(/^ {2}conntrack (.*)$/gm)].map((m) => m[1]);
    expect(results).toHaveLength(4);
    lines.slice(0, 4).forEach((l, i) => {
      expect(l.startsWith(`${i + 1} `)).toBe(true);
      expect(l).toContain(`: ${results[i]}`);
      expect(l).toContain(`; conntrack ${cts[i]}`);
    });
    expect(lines[0]).toMatch(/ACCEPT: transmitted on cni0 as 10\.244\.1\.1:\d+ > 10\.244\.1\.[567]:80 \[SYN\]/);
    expect(lines[4]).toBe('4 packets: 4 transmitted');
  });
});

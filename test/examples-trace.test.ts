// The trace examples (examples/clusterip, examples/kube-web, examples/docker-host, examples/kube-ipvs) run through the real launcher:
// their outputs are snapshots (our own format), and the facts each example exists to show are asserted directly.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'nfsim.js');

function trace(example: string, packets: string, ...extra: string[]): string {
  const d = join(ROOT, 'examples', example);
  return execFileSync(process.execPath, [BIN, 'trace', '--rules', join(d, 'rules.v4'), '--host', join(d, 'host.yaml'), '--packets', join(d, packets), ...extra], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const expected = (example: string, file: string) => readFileSync(join(ROOT, 'examples', example, file), 'utf8');
const rel = (s: string) => s.replaceAll(`${ROOT}/`, '');

describe('examples/clusterip', () => {
  it('a client reaches each backend with probability 1/2', () => {
    const out = rel(trace('clusterip', 'packets.txt', '--all-paths'));
    expect(out).toBe(expected('clusterip', 'expected-all-paths.txt'));
    expect(out).toContain('2 distinct outcomes over 2 paths');
    expect(out).toMatch(/outcome 1: 50% \(1\/2\)\s+ACCEPT transmitted on cni0 as 192\.0\.2\.50:40000 > 10\.0\.0\.11:8080/);
    expect(out).toMatch(/outcome 2: 50% \(1\/2\)\s+ACCEPT transmitted on cni0 as 192\.0\.2\.50:40000 > 10\.0\.0\.21:8080/);
  });
  it('a backend calling its own virtual IP is masqueraded to the bridge address (hairpin)', () => {
    const out = rel(trace('clusterip', 'hairpin.txt', '--all-paths'));
    expect(out).toBe(expected('clusterip', 'expected-hairpin.txt'));
    // to itself: SNAT to cni0's address; to the other backend: no SNAT
    expect(out).toMatch(/ACCEPT transmitted on cni0 as 10\.0\.0\.1:\d+ > 10\.0\.0\.11:8080/);
    expect(out).toMatch(/ACCEPT transmitted on cni0 as 10\.0\.0\.11:41000 > 10\.0\.0\.21:8080/);
  });
  it('text trace', () => {
    expect(rel(trace('clusterip', 'packets.txt'))).toBe(expected('clusterip', 'expected.txt'));
  });
});

describe('examples/kube-web', () => {
  it("kube-proxy's 0.33333333349 / 0.5 / rest cascade gives each endpoint 1/3 (to the kernel's fixed point)", () => {
    const out = rel(trace('kube-web', 'packets.txt', '--all-paths'));
    expect(out).toBe(expected('kube-web', 'expected-all-paths.txt'));
    const shares = [...out.matchAll(/^outcome \d: [\d.]+% \((\d+)\/(\d+)\)\s+ACCEPT transmitted on cni0 as 10\.244\.1\.9:35000 > (10\.244\.1\.\d):80/gm)];
    expect(shares.map((m) => m[3]).sort()).toEqual(['10.244.1.5', '10.244.1.6', '10.244.1.7']);
    for (const m of shares) expect(Math.abs(Number(m[1]) / Number(m[2]) - 1 / 3)).toBeLessThan(1e-9);
    const total = shares.reduce((s, m) => s + Number(m[1]) / Number(m[2]), 0);
    expect(total).toBeCloseTo(1, 12);
  });
  it('text trace', () => {
    expect(rel(trace('kube-web', 'packets.txt'))).toBe(expected('kube-web', 'expected.txt'));
  });
});

describe('examples/docker-host', () => {
  it('published port, reply reverse-NATed, container masqueraded', () => {
    const out = rel(trace('docker-host', 'packets.txt'));
    expect(out).toBe(expected('docker-host', 'expected.txt'));
    expect(out).toContain('result: ACCEPT: transmitted on docker0 as 198.51.100.7:51000 > 172.17.0.2:80 [SYN]');
    expect(out).toContain('result: ACCEPT: transmitted on eth0 as 203.0.113.10:8080 > 198.51.100.7:51000 [SYN,ACK]');
    expect(out).toContain('result: ACCEPT: transmitted on eth0 as 203.0.113.10:33000 > 198.51.100.53:53');
  });
});

describe('examples/kube-ipvs', () => {
  const d = join(ROOT, 'examples', 'kube-ipvs');
  const out = rel(trace('kube-ipvs', 'packets.txt', '--ipvs', join(d, 'ipvs.txt'), '--ipset', join(d, 'ipsets.save')));
  const packet = (n: number) => out.split(/^packet \d+: /m)[n];
  it('text trace', () => {
    expect(out).toBe(expected('kube-ipvs', 'expected.txt'));
  });
  it("kube-proxy's set lookups decide: KUBE-CLUSTER-IP dst,dst in nat KUBE-SERVICES and filter KUBE-IPVS-FILTER", () => {
    expect(packet(1)).toContain('✓ -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT  → ACCEPT');
    expect(packet(1)).toContain('✓ -A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN  → RETURN');
    // another node is outside the cluster CIDR: the ClusterIP set lookup sends it to KUBE-MARK-MASQ
    expect(packet(4)).toMatch(/✓ -A KUBE-SERVICES ! -s 10\.244\.0\.0\/16 .*-m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ  → JUMP KUBE-MARK-MASQ/);
  });
  it('from a pod: rr picks the newest real server, the destination is rewritten, no masquerade', () => {
    expect(packet(1)).toMatch(/IPVS TCP 10\.96\.0\.10:80 rr → 10\.244\.2\.7:8080 Masq \(new connection, scheduled; SYN_RECV; ActiveConn 1/);
    expect(packet(1)).toContain('result: ACCEPT: transmitted on eth0 as 10.244.1.9:35000 > 10.244.2.7:8080 [SYN]');
    expect(packet(2)).toMatch(/IPVS TCP 10\.96\.0\.10:80 rr → 10\.244\.2\.7:8080 Masq \(existing connection; ESTABLISHED/);
    expect(packet(3)).toContain('transmitted on cni0 as 10.244.1.9:35001 > 10.244.1.5:8080');
  });
  it('from another node: marked, then masqueraded because vs/conntrack=1 keeps the conntrack entry', () => {
    expect(packet(4)).toContain('conntrack kept (vs/conntrack=1)');
    expect(packet(4)).toContain('result: ACCEPT: transmitted on eth0 as 10.0.0.10:41000 > 10.244.2.7:8080 [SYN]');
  });
  it('from the host: IPVS at LOCAL_OUT after nat OUTPUT; a local real server gets the packet through lo', () => {
    const p5 = packet(5);
    expect(p5.indexOf('nat OUTPUT')).toBeLessThan(p5.indexOf('IPVS'));
    expect(p5).toContain('transmitted on cni0 as 10.244.1.1:50000 > 10.244.1.5:8080');
    expect(packet(6)).toContain('result: ACCEPT: delivered locally');
  });
  it('a pod reaching itself through its service is masqueraded (hairpin); other ports are rejected before IPVS', () => {
    expect(packet(7)).toContain('persistence template');
    expect(packet(7)).toContain('transmitted on cni0 as 10.244.1.1:36000 > 10.244.1.5:8080');
    // the hairpin masquerade is the KUBE-LOOP-BACK (dst,dst,src) set match: 10.244.1.5,tcp:8080,10.244.1.5
    expect(packet(7)).toContain('✓ -A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE  → ACCEPT');
    expect(packet(1)).toMatch(/✗ -A KUBE-POSTROUTING .*--match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE  \(/);
    // port 22 is in no set but the address is in KUBE-IPVS-IPS: REJECT
    expect(packet(8)).toContain('✓ -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT');
    expect(packet(8)).toContain('result: DROP at filter KUBE-IPVS-FILTER rule 6');
    expect(packet(8)).not.toContain('IPVS TCP');
  });
});

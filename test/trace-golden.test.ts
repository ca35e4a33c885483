// The kernel trace goldens (test/golden/trace/kernel/*.trace, see test/golden/trace/README.md) are well-formed and
// reproducible: each one parses, ends its packet's story with a RESULT line, and regenerating its seed with
// test/support/trace-gen.ts gives exactly the stored ruleset and packet.
import { describe, expect, it } from 'vitest';
import { generateTraceCase, generateTraceCaseInfo } from './support/trace-gen.js';
import { normalizeTrace, parseTraceGolden, readTraceGolden, traceGoldenFiles } from './support/trace-golden.js';

const files = traceGoldenFiles();

/** the oracle's PACKET line for a spec (icmp: id printed, before in=) */
function packetLine(spec: string): string {
  const m = /^icmp (\S+ > \S+) in=(\S+)(?: id=(\d+))?$/.exec(spec);
  return m ? `PACKET icmp ${m[1]} id=${m[3] ?? 4660} in=${m[2]}` : `PACKET ${spec}`;
}

describe('trace generator', () => {
  it('is deterministic', () => {
    for (const seed of [0, 1, 2, 17, 123456, 4294967295]) {
      expect(generateTraceCase(seed)).toEqual(generateTraceCase(seed));
    }
  });

  it('gives different cases for different seeds', () => {
    const seen = new Set<string>();
    for (let s = 1; s <= 200; s++) seen.add(JSON.stringify(generateTraceCase(s)));
    expect(seen.size).toBe(200);
  });

  it('produces complete table blocks and 3..25 rules', () => {
    const builtins: Record<string, string[]> = {
      raw: ['PREROUTING', 'OUTPUT'],
      mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
      nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
      filter: ['INPUT', 'FORWARD', 'OUTPUT'],
    };
    for (let s = 1; s <= 300; s++) {
      const c = generateTraceCaseInfo(s);
      expect(c.ruleCount).toBeGreaterThanOrEqual(3);
      expect(c.ruleCount).toBeLessThanOrEqual(25 + 6); // + the jumps to user chains
      expect(c.rules).not.toMatch(/-j TRACE|--mode random|-m time|-m owner/);
      for (const block of c.rules.split(/^COMMIT\n/m).filter((b) => b.trim())) {
        const table = /^\*(\w+)\n/.exec(block)![1];
        const declared = [...block.matchAll(/^:(\S+) /gm)].map((m) => m[1]);
        expect(declared.slice(0, builtins[table].length)).toEqual(builtins[table]);
      }
      expect(c.packet).toMatch(/^(tcp|udp|icmp) \S+ > \S+ in=(eth0|eth1|local)( flags=[SARFP]+)?( id=\d+)?$/);
    }
  });
});

describe('kernel trace goldens', () => {
  it('exist (>= 300 cases)', () => {
    expect(files.length).toBeGreaterThanOrEqual(300);
  });

  it('parse, have a RESULT line, and regenerate from their seed', () => {
    for (const f of files) {
      const g = readTraceGolden(f);
      expect(g.exit, f).toBe(0);
      expect(g.lines[0], f).toBe(packetLine(g.packet));
      const n = normalizeTrace(g.lines);
      expect(n.result, f).toMatch(/^RESULT (ACCEPT|DROP|VANISHED) /);
      expect(n.path[0], f).toMatch(/^HOOK (PREROUTING|OUTPUT) /);
      expect(generateTraceCase(g.seed), f).toEqual({ rules: g.rules, packet: g.packet });
      expect(g.command, f).toContain(`--packet '${g.packet}'`);
    }
  });
});

describe('trace golden reader', () => {
  const text = [
    '### seed 5',
    "### command: kernel-trace --backend nft --ruleset 5.rules --packet 'icmp 192.0.2.2 > 192.0.2.1 in=eth0'",
    '### packet',
    'icmp 192.0.2.2 > 192.0.2.1 in=eth0',
    '### ruleset',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    'COMMIT',
    '### kernel-trace exit 0',
    'PACKET icmp 192.0.2.2 > 192.0.2.1 id=4660 in=eth0',
    'HOOK PREROUTING in=eth0 out=- 192.0.2.2 > 192.0.2.1',
    'LEAVE PREROUTING 192.0.2.2 > 192.0.2.1',
    'HOOK INPUT in=eth0 out=- 192.0.2.2 > 192.0.2.1',
    '  RULE filter INPUT 1 CONTINUE    # -4 -t filter -A INPUT -j LOG',
    '  POLICY filter INPUT ACCEPT',
    'LEAVE INPUT 192.0.2.2 > 192.0.2.1',
    'LOOPBACK (re-enters the stack via lo)',
    'RESULT ACCEPT delivered locally (INPUT)',
    '# 1 other traced packet(s) (replies/ICMP errors) omitted; use --all-packets',
    'CT NEW icmp orig=192.0.2.2>192.0.2.1,type=8,code=0,id=4660 reply=192.0.2.1>192.0.2.2,type=0,code=0,id=4660 [UNREPLIED]',
    'CT UPDATE icmp orig=192.0.2.2>192.0.2.1,type=8,code=0,id=4660 reply=192.0.2.1>192.0.2.2,type=0,code=0,id=4660',
    '### stderr',
    'warning',
    '',
  ].join('\n');

  it('splits the sections', () => {
    const g = parseTraceGolden(text);
    expect(g.seed).toBe(5);
    expect(g.packet).toBe('icmp 192.0.2.2 > 192.0.2.1 in=eth0');
    expect(g.rules).toBe('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n');
    expect(g.exit).toBe(0);
    expect(g.lines).toHaveLength(12);
    expect(g.stderr).toBe('warning\n');
  });

  it('normalizes to the comparable lines', () => {
    const n = normalizeTrace(parseTraceGolden(text).lines);
    expect(n.path).toEqual([
      'HOOK PREROUTING in=eth0 out=- 192.0.2.2 > 192.0.2.1',
      'LEAVE PREROUTING 192.0.2.2 > 192.0.2.1',
      'HOOK INPUT in=eth0 out=- 192.0.2.2 > 192.0.2.1',
      'RULE filter INPUT 1 CONTINUE',
      'POLICY filter INPUT ACCEPT',
      'LEAVE INPUT 192.0.2.2 > 192.0.2.1',
      'LOOPBACK',
      'RESULT ACCEPT delivered locally (INPUT)',
    ]);
    expect(n.result).toBe('RESULT ACCEPT delivered locally (INPUT)');
    expect(n.ctNew).toEqual({
      proto: 'icmp',
      orig: '192.0.2.2>192.0.2.1,type=8,code=0,id=4660',
      reply: '192.0.2.1>192.0.2.2,type=0,code=0,id=4660',
      line: 'CT NEW icmp orig=192.0.2.2>192.0.2.1,type=8,code=0,id=4660 reply=192.0.2.1>192.0.2.2,type=0,code=0,id=4660 [UNREPLIED]',
    });
    expect(n.localSendError).toBe(false);
  });
});

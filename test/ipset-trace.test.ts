// ipsets in `nfsim trace`: --ipset FILE (an `ipset save` file) or the emulated state (nfsim ipset), the set match's
// direction flags per set type, -j SET --add-set seen by later packets of the session, --return-nomatch.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { memoryIo } from '../src/cli/io.js';
import { MemoryStore } from '../src/cli/state.js';

const dir = mkdtempSync(join(tmpdir(), 'nfsim-ipset-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(args: string[], store = new MemoryStore(), argv0 = 'nfsim') {
  const io = memoryIo();
  const code = await main(args, io, argv0, store);
  return { code, out: io.out, err: io.err };
}

const SETS = file('sets.save', `create pairs hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1
add pairs 10.0.0.1,tcp:80
create nets hash:net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x2
add nets 10.0.0.0/8
add nets 10.1.0.0/16 nomatch
create ports bitmap:port range 30000-32767
add ports 30080
create seen hash:ip family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x3
create all list:set size 8
add all pairs
add all ports
`);
const rules = (lines: string[]) => file(`r${Math.random().toString(36).slice(2)}.v4`, `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${lines.map((l) => `${l}\n`).join('')}COMMIT\n`);

/** the verdict of each packet in order */
async function verdicts(ruleLines: string[], packets: string[], extra: string[] = ['--ipset', SETS], store?: MemoryStore): Promise<string[]> {
  const r = await run(['trace', '--rules', rules(ruleLines), ...extra, '--format', 'json', ...packets.flatMap((p) => ['--packet', p])], store);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { packets: { result: { verdict: string } }[] }).packets.map((p) => p.result.verdict);
}

describe('ipsets in nfsim trace', () => {
  it('hash:ip,port with src,dst takes the source address and the destination port, protocol included', async () => {
    const v = await verdicts(['-A INPUT -m set --match-set pairs src,dst -j DROP'], [
      'tcp 10.0.0.1:40000 > 192.0.2.1:80',
      'udp 10.0.0.1:40000 > 192.0.2.1:80',
      'tcp 10.0.0.2:40000 > 192.0.2.1:80',
      'tcp 10.0.0.1:80 > 192.0.2.1:40000',
    ]);
    expect(v).toEqual(['DROP', 'ACCEPT', 'ACCEPT', 'ACCEPT']);
  });
  it('dst,dst and fewer flags than dimensions (never matches)', async () => {
    // 10.0.0.1 is not a local address: the packet is forwarded
    expect(await verdicts(['-A FORWARD -m set --match-set pairs dst,dst -j DROP'], ['tcp 192.0.2.2:1 > 10.0.0.1:80', 'tcp 192.0.2.2:1 > 10.0.0.1:81'])).toEqual(['DROP', 'ACCEPT']);
    expect(await verdicts(['-A INPUT -m set --match-set pairs src -j DROP'], ['tcp 10.0.0.1:80 > 192.0.2.1:80'])).toEqual(['ACCEPT']);
  });
  it('hash:net: the most specific prefix decides, nomatch entries do not match unless --return-nomatch', async () => {
    const pk = ['tcp 10.2.3.4:1 > 192.0.2.1:22', 'tcp 10.1.3.4:1 > 192.0.2.1:22', 'tcp 11.0.0.1:1 > 192.0.2.1:22'];
    expect(await verdicts(['-A INPUT -m set --match-set nets src -j DROP'], pk)).toEqual(['DROP', 'ACCEPT', 'ACCEPT']);
    expect(await verdicts(['-A INPUT -m set --match-set nets src --return-nomatch -j DROP'], pk)).toEqual(['ACCEPT', 'DROP', 'ACCEPT']);
  });
  it('bitmap:port and list:set (members tried in order)', async () => {
    expect(await verdicts(['-A INPUT -m set --match-set ports dst -j DROP'], ['tcp 192.0.2.2:1 > 192.0.2.1:30080', 'tcp 192.0.2.2:1 > 192.0.2.1:30081'])).toEqual(['DROP', 'ACCEPT']);
    expect(await verdicts(['-A INPUT -m set --match-set all dst,dst -j DROP', '-A FORWARD -m set --match-set all dst,dst -j DROP'], ['tcp 192.0.2.2:1 > 10.0.0.1:80', 'udp 192.0.2.2:1 > 192.0.2.1:30080', 'udp 192.0.2.2:1 > 192.0.2.1:30081'])).toEqual(['DROP', 'DROP', 'ACCEPT']);
  });
  it('-j SET --add-set: a later packet of the session matches the added element', async () => {
    const v = await verdicts(['-A INPUT -m set --match-set seen src -j DROP', '-A INPUT -p tcp --dport 22 -j SET --add-set seen src'], [
      'tcp 198.51.100.7:1000 > 192.0.2.1:22',
      'tcp 198.51.100.7:1001 > 192.0.2.1:443',
      'tcp 198.51.100.8:1001 > 192.0.2.1:443',
    ]);
    expect(v).toEqual(['ACCEPT', 'DROP', 'ACCEPT']);
  });
  it('without --ipset the emulated state (nfsim ipset) is used; a set missing from it is a rule error', async () => {
    const store = new MemoryStore();
    expect((await run(['ipset', 'create', 'blk', 'hash:ip'], store)).code).toBe(0);
    expect((await run(['ipset', 'add', 'blk', '203.0.113.9'], store)).code).toBe(0);
    expect(await verdicts(['-A INPUT -m set --match-set blk src -j DROP'], ['icmp 203.0.113.9 > 192.0.2.1', 'icmp 203.0.113.8 > 192.0.2.1'], [], store)).toEqual(['DROP', 'ACCEPT']);
    const r = await run(['trace', '--rules', rules(['-A INPUT -m set --match-set nosuch src -j DROP']), '--packet', 'icmp 203.0.113.9 > 192.0.2.1'], store);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Set nosuch doesn't exist.");
  });
  it('a bad --ipset file is reported with its line', async () => {
    const bad = file('bad.save', 'create a hash:ip\nadd a 300.1.1.1\n');
    const r = await run(['trace', '--ipset', bad, '--packet', 'icmp 203.0.113.9 > 192.0.2.1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error[NF0003]: --ipset ${bad}: Error in line 2: Syntax error: cannot parse 300.1.1.1: resolving to IPv4 address failed`);
    expect(r.err).toContain(`${bad}:2:1`);
  });
});

describe('nfsim ipset (CLI)', () => {
  it('persists in the state document, under the ipset shim name too, with the real messages', async () => {
    const store = new MemoryStore();
    expect(await run(['ipset', 'create', 's', 'hash:ip,port', 'initval', '0x1'], store)).toEqual({ code: 0, out: '', err: '' });
    expect(await run(['add', 's', '10.96.0.1,tcp:443'], store, 'ipset')).toEqual({ code: 0, out: '', err: '' });
    expect(await run(['-o', 'save', 'list', 's'], store, '/usr/sbin/ipset')).toEqual({
      code: 0, err: '',
      out: 'create s hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x00000001\nadd s 10.96.0.1,tcp:443\n',
    });
    expect(store.loadDoc('ipset')).toContain('"name":"s"');
    expect(await run(['ipset', 'list', 'nosuch'], store)).toEqual({ code: 1, out: '', err: 'ipset v7.17: The set with the given name does not exist\n' });
    expect(await run(['ipset', 'bogus'], store)).toEqual({ code: 2, out: '', err: "ipset v7.17: No command specified: unknown argument bogus\nTry `ipset help' for more information.\n" });
  });
  it('destroy refuses a set an iptables rule references, until the rule is gone', async () => {
    const store = new MemoryStore();
    await run(['ipset', 'create', 'blk', 'hash:ip'], store);
    expect((await run(['iptables', '-A', 'INPUT', '-m', 'set', '--match-set', 'blk', 'src', '-j', 'DROP'], store)).code).toBe(0);
    expect(await run(['ipset', 'destroy', 'blk'], store)).toEqual({ code: 1, out: '', err: 'ipset v7.17: Set cannot be destroyed: it is in use by a kernel component\n' });
    expect((await run(['ipset', 'list', '-t', 'blk'], store)).out).toContain('References: 1\n');
    await run(['iptables', '-F', 'INPUT'], store);
    expect(await run(['ipset', 'destroy', 'blk'], store)).toEqual({ code: 0, out: '', err: '' });
  });
  it('prints untrusted names and comments with control characters escaped', async () => {
    const store = new MemoryStore();
    await run(['ipset', 'create', 'c', 'hash:ip', 'comment', 'initval', '0x1'], store);
    await run(['ipset', 'add', 'c', '10.0.0.1', 'comment', 'evil\x1b[31m'], store);
    expect((await run(['ipset', 'save'], store)).out).toBe('create c hash:ip family inet hashsize 1024 maxelem 65536 comment bucketsize 12 initval 0x00000001\nadd c 10.0.0.1 comment "evil\\x1b[31m"\n');
  });
});

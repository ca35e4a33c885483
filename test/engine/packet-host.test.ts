// Packet specs (grammar/packet.peggy + src/syntax/packet.ts) and host models (src/syntax/host.ts, src/engine/host.ts).
import { describe, expect, it } from 'vitest';
import { parsePacketSpec } from '../../src/syntax/packet.js';
import { DiagnosticError, formatDiagnostic } from '../../src/diag/diagnostic.js';
import { defaultHost, emptyHost, mergeHostFile } from '../../src/syntax/host.js';
import { HostView } from '../../src/engine/host.js';
import { parse as parseYaml } from 'yaml';
import type { Host } from '../../src/model/packet.js';
const mergeHost = (h: Host, file: string, text: string) => mergeHostFile(h, file, text, parseYaml);
import { numericToIpv4, parseIpv6 } from '../../src/values/addr.js';

const v4 = (s: string) => numericToIpv4(s)!;

function specError(text: string): string {
  try {
    parsePacketSpec(text, { file: 'packets.txt', line: 3 });
  } catch (e) {
    if (e instanceof DiagnosticError) return formatDiagnostic(e.diagnostic);
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('packet specs', () => {
  it('reads a tcp spec with defaults', () => {
    const s = parsePacketSpec('tcp 192.0.2.2:40000 > 10.96.0.10:80 in=eth0');
    expect(s.in).toBe('eth0');
    expect(s.packet).toMatchObject({ family: 'ipv4', proto: 6, src: v4('192.0.2.2'), dst: v4('10.96.0.10'), sport: 40000, dport: 80, tcpFlags: 0x02, len: 40, ttl: 64, mark: 0 });
  });
  it('reads flags, marks, time, icmp fields and IPv6 endpoints', () => {
    expect(parsePacketSpec('tcp 192.0.2.2:1 > 192.0.2.1:2 flags=SA mark=0x4000 t=12.5').packet).toMatchObject({ tcpFlags: 0x12, mark: 0x4000 });
    expect(parsePacketSpec('tcp 192.0.2.2:1 > 192.0.2.1:2 t=12.5').time).toBe(12.5);
    expect(parsePacketSpec('icmp 192.0.2.2 > 192.0.2.1 icmp-type=0 id=7').packet).toMatchObject({ proto: 1, icmpType: 0, icmpCode: 0, icmpId: 7, sport: 0, dport: 0, len: 36 });
    const six = parsePacketSpec('udp [2001:db8::2]:5353 > [2001:db8::1]:53 in=eth0').packet;
    expect(six).toMatchObject({ family: 'ipv6', proto: 17, sport: 5353, dport: 53, len: 56 });
    expect(six.dst).toBe(parseIpv6('2001:db8::1'));
    expect(parsePacketSpec('icmp 2001:db8::2 > 2001:db8::1').packet).toMatchObject({ proto: 58, icmpType: 128 });
  });
  it('reports errors at the word, with a code frame', () => {
    expect(specError('tcp 192.0.2.2:40000 > 10.96.0.10:80x in=eth0')).toBe(
      'error[NF0101]: bad port "80x" (0-65535)\n --> packets.txt:3:34\n  |\n3 | tcp 192.0.2.2:40000 > 10.96.0.10:80x in=eth0\n  |                                  ^^^\n' +
        '  = note: packet spec: PROTO SRC[:SPORT] > DST[:DPORT] [in=IFACE|in=local] [flags=S|SA|A|F|R|P] [mark=0x..] [icmp-type=N] [len=N] [uid=N] [t=SECONDS]\n',
    );
    expect(specError('tcp 192.0.2.2:1 > 192.0.2.1:2 colour=red')).toContain('unknown packet attribute "colour"');
    expect(specError('tcp 192.0.2.2:1 > 192.0.2.1:2 flags=SX')).toContain('unknown TCP flag letter "X"');
    expect(specError('udp 192.0.2.2:1 > 192.0.2.1:2 flags=S')).toContain('flags= is for tcp packets');
    expect(specError('icmp 192.0.2.2:5 > 192.0.2.1')).toContain('protocol icmp has no ports');
    expect(specError('tcp 192.0.2.2 > 2001:db8::1')).toContain('different address families');
    expect(specError('tcp 192.0.2.300:1 > 192.0.2.1:2')).toContain('bad IPv4 address "192.0.2.300"');
    expect(specError('frob 192.0.2.2 > 192.0.2.1')).toContain('unknown protocol "frob"');
    expect(specError('tcp 192.0.2.2:1 -> 192.0.2.1:2')).toContain('cannot read packet spec');
  });
  it('escapes control characters of the spec in messages', () => {
    expect(specError('tcp 192.0.2.2:1 > 192.0.2.1:2 x\u001b[31m=1')).toContain('\\x1b');
  });
});

describe('host model', () => {
  it('merges ip -j addr show and ip -j route show output', () => {
    const addr = JSON.stringify([
      { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP'], link_type: 'loopback', address: '00:00:00:00:00:00', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
      { ifindex: 2, ifname: 'ens3', flags: ['BROADCAST', 'UP'], link_type: 'ether', address: '52:54:00:12:34:56', addr_info: [{ family: 'inet', local: '192.0.2.21', prefixlen: 24 }, { family: 'inet6', local: 'fe80::1', prefixlen: 64 }] },
      { ifindex: 5, ifname: 'kube-ipvs0', flags: ['BROADCAST', 'NOARP'], link_type: 'ether', address: 'aa:bb:cc:dd:ee:ff', linkinfo: { info_kind: 'dummy' }, addr_info: [{ family: 'inet', local: '10.96.0.10', prefixlen: 32 }] },
    ]);
    const route = JSON.stringify([{ dst: 'default', gateway: '192.0.2.1', dev: 'ens3', protocol: 'dhcp' }, { dst: '192.0.2.0/24', dev: 'ens3', protocol: 'kernel', scope: 'link', prefsrc: '192.0.2.21' }]);
    let h = mergeHost(emptyHost(), 'addr.json', addr);
    h = mergeHost(h, 'route.json', route);
    expect(h.sources).toEqual(['addr.json', 'route.json']);
    expect(h.interfaces.map((i) => [i.name, i.kind, i.addrs])).toEqual([['lo', 'loopback', ['127.0.0.1/8']], ['ens3', undefined, ['192.0.2.21/24', 'fe80::1/64']], ['kube-ipvs0', 'dummy', ['10.96.0.10/32']]]);
    const v = new HostView(h);
    expect(v.isLocal('ipv4', v4('10.96.0.10'))).toBe(true);
    expect(v.isLocal('ipv4', v4('127.8.9.1'))).toBe(true);
    expect(v.route('ipv4', v4('198.51.100.7'))).toMatchObject({ type: 'unicast', dev: 'ens3', via: v4('192.0.2.1') });
    expect([...v.addrTypes('ipv4', v4('192.0.2.255'))]).toEqual(['BROADCAST']);
    expect([...v.addrTypes('ipv4', v4('192.0.2.21'))]).toEqual(['LOCAL']);
    expect([...v.addrTypes('ipv4', v4('192.0.2.21'), 'kube-ipvs0')]).toEqual(['UNICAST']);
    expect([...v.addrTypes('ipv4', v4('224.0.0.1'))]).toEqual(['MULTICAST']);
  });
  it('reads our YAML shape and later files extend earlier ones', () => {
    let h = mergeHost(emptyHost(), 'a.yaml', 'interfaces:\n  - name: eth0\n    addrs: [192.0.2.1/24]\nsysctls:\n  net.ipv4.ip_forward: 0\n');
    h = mergeHost(h, 'b.yaml', 'interfaces:\n  - name: eth0\n    addrs: [192.0.2.9/24]\nroutes:\n  - default via 192.0.2.254\nsysctls:\n  net.ipv4.ip_forward: 1\n');
    expect(h.interfaces[0].addrs).toEqual(['192.0.2.1/24', '192.0.2.9/24']);
    expect(h.sysctls['net.ipv4.ip_forward']).toBe('1');
    const v = new HostView(h);
    expect(v.route('ipv4', v4('203.0.113.1'))).toMatchObject({ dev: 'eth0' });
    expect(v.selectSource('ipv4', 'eth0', v4('192.0.2.254'))).toBe(v4('192.0.2.1'));
  });
  it('rejects malformed host files with the file and line', () => {
    expect(() => mergeHost(emptyHost(), 'h.yaml', 'interfaces: [\n')).toThrow(DiagnosticError);
    expect(() => mergeHost(emptyHost(), 'h.yaml', 'interfaces:\n  - name: eth0\n    addrs: [bogus]\n')).toThrow(/"bogus" is not an address/);
    expect(() => mergeHost(emptyHost(), 'h.yaml', 'colour: red\n')).toThrow(/unknown host key "colour"/);
    expect(() => mergeHost(emptyHost(), 'h.yaml', 'routes:\n  - 10.0.0.0/8 nexthop x\n')).toThrow(/unknown word "nexthop"/);
  });
  it('the default host is the kernel oracle router', () => {
    const v = new HostView(defaultHost());
    expect(v.forwarding('ipv4')).toBe(true);
    expect(v.isLocal('ipv4', v4('203.0.113.1'))).toBe(true);
    expect(v.route('ipv4', v4('8.8.8.8'))).toMatchObject({ dev: 'eth1', via: v4('198.51.100.2') });
    expect(v.ifaceTowards('ipv4', v4('192.0.2.2'))).toBe('eth0');
  });
});

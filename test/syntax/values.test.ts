// grammar/values.peggy against the libxtables-semantics parsers in src/values: every literal the grammar reads is
// read by nfsim's value parsers with the same meaning (fast-check over generated literals).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseValue } from '../../src/syntax/values.js';
import { ipv6ToString, numericToIpv4, parseIpv4Multiple, parseIpv6, prefixToMask4 } from '../../src/values/addr.js';
import { parsePortRange, parseTcpFlagList, tcpFlagsText } from '../../src/extensions/match/tcp.js';
import { saveLinesFor } from '../../src/ops/rule-line.js';

const octet = fc.integer({ min: 0, max: 255 });

describe('values.peggy', () => {
  it('IPv4 and CIDRs', () => {
    fc.assert(fc.property(fc.tuple(octet, octet, octet, octet), fc.integer({ min: 0, max: 32 }), (o, len) => {
      const text = `${o.join('.')}/${len}`;
      const node = parseValue('Cidr4', text);
      expect(node?.text).toBe(text);
      const [a] = parseIpv4Multiple(text);
      const want = (((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) & prefixToMask4(len)) >>> 0;
      expect(a).toEqual({ family: 'ipv4', addr: len === 0 ? 0 : want, mask: prefixToMask4(len) });
    }));
    expect(parseValue('IPv4', '1.2.3.256')).toBeUndefined();
    expect(parseValue('IPv4', '01.2.3.4')).toBeUndefined();
  });

  it('IPv6 in every inet_ntop form', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
      const text = ipv6ToString(v);
      expect(parseValue('IPv6', text)?.text).toBe(text);
      expect(parseIpv6(text)).toBe(v);
    }));
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', ':1']) expect(parseValue('IPv6', bad)).toBeUndefined();
  });

  it('port ranges and lists', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }), (x, y) => {
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      const text = `${lo}:${hi}`;
      expect(parseValue('PortRange', text)?.text).toBe(text);
      expect(parsePortRange(text, 'tcp')).toEqual([lo, hi]);
      expect(parseValue('PortList', `${text},${lo},https`)?.text).toBe(`${text},${lo},https`);
    }));
  });

  it('tcp flag lists', () => {
    const names = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
    fc.assert(fc.property(fc.subarray(names, { minLength: 1 }), (flags) => {
      const text = flags.join(',');
      expect(parseValue('TcpFlagList', text)?.text).toBe(text);
      expect(tcpFlagsText(parseTcpFlagList(text))).toBe(names.filter((n) => flags.includes(n)).join(','));
    }));
  });

  it('rates, marks, interfaces and ICMP types the extensions accept', () => {
    for (const rate of ['5/sec', '3/minute', '1/hour', '10/day', '7/s', '2/m', '9/h', '4/d', '100']) {
      expect(parseValue('Rate', rate)?.text).toBe(rate);
      expect(() => saveLinesFor(['-A', 'INPUT', '-m', 'limit', '--limit', rate], 'ipv4', 'nft')).not.toThrow();
    }
    for (const mark of ['0x10/0xff', '7', '0xFFFFFFFF']) {
      expect(parseValue('MarkMask', mark)?.text).toBe(mark);
      expect(() => saveLinesFor(['-A', 'INPUT', '-m', 'mark', '--mark', mark], 'ipv4', 'nft')).not.toThrow();
    }
    for (const iface of ['eth0', 'eth+', 'br-5b7a1c3f9e21', 'wg0']) {
      expect(parseValue('Interface', iface)?.text).toBe(iface);
      expect(() => saveLinesFor(['-A', 'INPUT', '-i', iface], 'ipv4', 'nft')).not.toThrow();
    }
    for (const t of ['echo-request', 'destination-unreachable', 'port-unreachable', '8', '3/4']) {
      expect(parseValue('IcmpType', t)?.text).toBe(t);
      expect(() => saveLinesFor(['-A', 'INPUT', '-p', 'icmp', '--icmp-type', t], 'ipv4', 'nft')).not.toThrow();
    }
  });
});

describe('numericToIpv4 (libxtables __numeric_to_ipaddr)', () => {
  // each part is read as strtoul(base 0) would: leading white space skipped, 0x hex, a leading 0 octal, else
  // decimal; fewer parts end in zeros
  const strtoulBase0 = (s: string): number | undefined => {
    const p = s.replace(/^[ \t\n\v\f\r]+/, '');
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) return parseInt(p.slice(2), 16);
    if (/^0[0-7]*$/.test(p)) return parseInt(p, 8);
    if (/^[1-9][0-9]*$/.test(p)) return parseInt(p, 10);
    return undefined;
  };
  const reference = (s: string, isMask: boolean): number | undefined => {
    const parts = s.slice(0, 19).split('.');
    if (parts.length > 4 || (isMask && parts.length < 4)) return undefined;
    const bytes = [0, 0, 0, 0];
    for (let i = 0; i < parts.length; i++) {
      const v = strtoulBase0(parts[i]);
      if (v === undefined || v > 255) return undefined;
      bytes[i] = v;
    }
    return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  };
  it('reads the plain dotted quad and every other spelling as strtoul(base 0) parts', () => {
    const part = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.integer({ min: 0, max: 300 }).map((n) => `0${n.toString(8)}`),
      fc.integer({ min: 0, max: 300 }).map((n) => `0x${n.toString(16)}`),
      fc.constantFrom('', '08', 'x', ' 1', '1a'),
    );
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), fc.boolean(), (parts, isMask) => {
      const s = parts.join('.');
      expect(numericToIpv4(s, isMask)).toBe(reference(s, isMask));
    }), { numRuns: 5000 });
  });
});

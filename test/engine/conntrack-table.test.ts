// The conntrack table at batch scale: tens of thousands of connections (the tuple table grows many times), each found
// from either direction, NAT'ed reply tuples found by the port search, and absent tuples not found.
import { describe, expect, it } from 'vitest';
import { Conntrack, invertTuple } from '../../src/engine/conntrack.js';
import type { Connection, Packet, Tuple } from '../../src/model/packet.js';

const pkt = (src: number, sport: number, dst: number, dport: number, flags = 0x02): Packet => ({
  family: 'ipv4', proto: 6, src, dst, sport, dport, tcpFlags: flags, icmpType: -1, icmpCode: -1, icmpId: 0,
  len: 60, ttl: 64, tos: 0, mark: 0, iif: 'eth0', oif: '', pktType: 'host', fragment: false, priority: 0,
});

const CLIENT = 0xc0000202; // 192.0.2.2 (above 2^31: the unsigned form the model uses)
const NODE = 0x0a000001;

describe('conntrack table', () => {
  it('confirms 40,000 connections and finds each from both sides, NAT replies included', () => {
    const ct = new Conntrack('ipv4');
    const conns: Connection[] = [];
    for (let i = 0; i < 40000; i++) {
      const a = ct.attach(pkt(CLIENT, 1024 + (i % 60000), 0x0a600000 + (i % 977), 80 + (i % 3)), i);
      expect(a.state).toBe('NEW');
      const c = a.ct!;
      // every third one DNAT'ed and masqueraded: the reply tuple comes from a backend to the node's address
      if (i % 3 === 0) c.reply = { proto: 6, src: 0x0af40000 + i, sport: 8080, dst: NODE, dport: 30000 + (i % 30000) };
      expect(ct.confirm(c)).toBe(true);
      conns.push(c);
    }
    for (let i = 0; i < conns.length; i += 7) {
      const c = conns[i];
      const o = c.orig;
      const again = ct.attach(pkt(o.src as number, o.sport, o.dst as number, o.dport, 0x10), 50000);
      expect(again.ct).toBe(c);
      expect(again.reply).toBe(false);
      const r = c.reply;
      const back = ct.attach(pkt(r.src as number, r.sport, r.dst as number, r.dport, 0x12), 50001);
      expect(back.ct).toBe(c);
      expect(back.reply).toBe(true);
      expect(back.state).toBe('ESTABLISHED');
      // the NAT port search: the translated original of c is in use (its inverse is c's reply), by c only
      const translated: Tuple = invertTuple(r);
      expect(ct.inverseUsed(translated)).toBe(true);
      expect(ct.inverseUsed(translated, c)).toBe(false);
      expect(ct.replyUsed(r)).toBe(true);
    }
    const fresh: Tuple = { proto: 6, src: CLIENT, sport: 1, dst: 0x0a600001, dport: 9999 };
    expect(ct.inverseUsed(fresh)).toBe(false);
    expect(ct.replyUsed(invertTuple(fresh))).toBe(false);
    expect(ct.all).toHaveLength(40000);
  });

  it('refuses to confirm a connection whose tuple is taken, and re-keys a changed reply', () => {
    const ct = new Conntrack('ipv4');
    const a = ct.attach(pkt(CLIENT, 5000, 0x0a600001, 80), 0).ct!;
    expect(ct.confirm(a)).toBe(true);
    // a second unconfirmed entry for the same tuple (two packets racing) loses at confirmation
    const dup = { ...a, id: 99, confirmed: false };
    expect(ct.confirm(dup)).toBe(false);
    const oldReply = a.reply;
    a.reply = { ...oldReply, sport: 8080 };
    ct.rekey(a, oldReply);
    expect(ct.replyUsed(oldReply)).toBe(false);
    expect(ct.replyUsed(a.reply)).toBe(true);
    expect(ct.attach(pkt(a.reply.src as number, 8080, a.reply.dst as number, a.reply.dport, 0x12), 1).ct).toBe(a);
  });
});

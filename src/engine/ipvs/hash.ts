// The hashes IPVS schedulers use: hash_32() (include/linux/hash.h: sh and dh, both checked on the kernel) and
// hsiphash() as a 64-bit kernel computes it (lib/siphash.c: SipHash-1-3 on u64 words, mh).
import type { Addr } from '../../model/packet.js';

/** addr_fold: the IPv4 address, or the XOR of an IPv6 address's four 32-bit words (host order). */
export function addrFold(a: Addr): number {
  if (typeof a === 'number') return a >>> 0;
  const m = 0xffffffffn;
  return Number((a & m) ^ ((a >> 32n) & m) ^ ((a >> 64n) & m) ^ ((a >> 96n) & m)) >>> 0;
}

/** hash_32(val, bits) = (val * GOLDEN_RATIO_32) >> (32 - bits) */
export function hash32(val: number, bits: number): number {
  return (Math.imul(val >>> 0, 0x61c88647) >>> 0) >>> (32 - bits);
}

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & M64;

/** hsiphash(&v, 4, key) on a 64-bit little-endian kernel: SipHash-1-3, the low 32 bits of the result. */
export function hsiphash32(v: number, k0: bigint, k1: bigint): number {
  let v0 = 0x736f6d6570736575n ^ k0;
  let v1 = 0x646f72616e646f6dn ^ k1;
  let v2 = 0x6c7967656e657261n ^ k0;
  let v3 = 0x7465646279746573n ^ k1;
  const round = () => {
    v0 = (v0 + v1) & M64; v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64; v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = (v0 + v3) & M64; v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = (v2 + v1) & M64; v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const b = (4n << 56n) | BigInt(v >>> 0);
  v3 ^= b;
  round();
  v0 ^= b;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return Number((v0 ^ v1 ^ v2 ^ v3) & 0xffffffffn);
}

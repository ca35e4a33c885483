// Bob Jenkins' lookup3 as the kernel's include/linux/jhash.h computes it (jhash2 over u32 words, JHASH_INITVAL),
// and reciprocal_scale(); used where the kernel's choice depends on a hash (NAT address ranges, IPVS sh/dh/mh).

const rol = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

export const JHASH_INITVAL = 0xdeadbeef;

export function jhash2(k: readonly number[], initval: number): number {
  let length = k.length;
  let a = (JHASH_INITVAL + (length << 2) + initval) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  while (length > 3) {
    a = (a + k[i]) >>> 0;
    b = (b + k[i + 1]) >>> 0;
    c = (c + k[i + 2]) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rol(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rol(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rol(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rol(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rol(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rol(b, 4)) >>> 0; b = (b + a) >>> 0;
    length -= 3;
    i += 3;
  }
  if (length === 0) return c;
  if (length >= 3) c = (c + k[i + 2]) >>> 0;
  if (length >= 2) b = (b + k[i + 1]) >>> 0;
  a = (a + k[i]) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol(b, 24)) >>> 0;
  return c;
}

/** (u32)(((u64)val * ep_ro) >> 32) */
export function reciprocalScale(val: number, epRo: number): number {
  return Number((BigInt(val >>> 0) * BigInt(epRo >>> 0)) >> 32n);
}

/** A big-endian IPv4 address read as a little-endian u32 (what `(u32 *)&addr` gives on x86). */
export function be32AsHost(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

// Small helpers shared by the target modules' packet semantics (the kernel ->target functions): the connection a
// target sees, address text ↔ numbers, CONTINUE outcomes, hex as the kernel prints it.
import type { Addr, Connection } from '../model/packet.js';
import type { Family } from '../model/ruleset.js';
import { ipv4ToString, ipv6ToString, parseIpv6 } from '../values/addr.js';
import type { PacketEnv, TargetOutcome } from './types.js';

/** "0x%x" of a u32 */
export const hex = (n: number): string => '0x' + (n >>> 0).toString(16);
/** "0x%02x" of a u8 */
export const hex2 = (n: number): string => '0x' + (n & 0xff).toString(16).padStart(2, '0');

export function addrText(a: Addr): string {
  return typeof a === 'bigint' ? ipv6ToString(a) : ipv4ToString(a >>> 0);
}

/** An address as the NAT/TPROXY modules store it (inet_ntop text, '' = all zero) → packet form. */
export function textToAddr(family: Family, text: string): Addr {
  if (family === 'ipv6') return text === '' ? 0n : (parseIpv6(text) ?? 0n);
  if (text === '') return 0;
  const p = text.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

/** nf_ct_get(): the connection, none for INVALID and UNTRACKED packets. */
export function ctOf(env: PacketEnv): Connection | undefined {
  if (env.ctState === 'INVALID' || env.ctState === 'UNTRACKED') return undefined;
  return env.ct;
}

/** XT_CONTINUE with an optional trace note. */
/** XT_CONTINUE without a note (shared: the engine never mutates an outcome) */
export const CONTINUE: TargetOutcome = Object.freeze({ verdict: 'CONTINUE' });

export function cont(note?: string): TargetOutcome {
  return note === undefined ? { verdict: 'CONTINUE' } : { verdict: 'CONTINUE', note };
}

export const ALL6 = (1n << 128n) - 1n;

/** IPv6 multicast (ff00::/8) */
export const isMcast6 = (a: bigint): boolean => a >> 120n === 0xffn;
/** IPv4 multicast (224.0.0.0/4) */
export const isMcast4 = (a: number): boolean => a >>> 28 === 0xe;

// Integer parsing with C strtoumax() semantics as libxtables uses them (xtables_strtoul/xtables_strtoui: base 0, no '-').

export interface StrtoulResult {
  value: bigint;
  /** index of the first unparsed character */
  end: number;
  /** true when the value overflowed 64 bits (ERANGE) */
  overflow: boolean;
}

const U64_MAX = (1n << 64n) - 1n;

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

/** C strtoumax(s, &end, base). Returns end === 0 when no conversion happened (like end == s). */
export function strtoumax(s: string, base = 0, from = 0): StrtoulResult {
  let i = from;
  while (i < s.length && isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  if ((base === 0 || base === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && i + 2 < s.length && digitValue(s[i + 2]) < 16) {
    base = 16;
    i += 2;
  } else if (base === 0) {
    base = s[i] === '0' ? 8 : 10;
  }
  const startDigits = i;
  let v = 0n;
  let overflow = false;
  const b = BigInt(base);
  while (i < s.length) {
    const d = digitValue(s[i]);
    if (d >= base) break;
    v = v * b + BigInt(d);
    if (v > U64_MAX) overflow = true;
    i++;
  }
  if (i === startDigits) return { value: 0n, end: from, overflow: false };
  if (overflow) v = U64_MAX;
  else if (neg) v = (U64_MAX + 1n - v) & U64_MAX;
  return { value: v, end: i, overflow };
}

/**
 * xtables_strtoul_base(): whole string must be consumed when `needEnd` is false (end == NULL in C),
 * value must be in [min, max] (max 0 means no upper limit), leading '-' rejected.
 */
export function xtStrtoul(s: string, min: bigint, max: bigint, base = 0): bigint | undefined {
  const r = xtStrtoulPrefix(s, min, max, base);
  if (r === undefined || r.end !== s.length) return undefined;
  return r.value;
}

/** Like xtStrtoul but returns the parsed prefix and where it ended (end != NULL in C). */
export function xtStrtoulPrefix(s: string, min: bigint, max: bigint, base = 0, from = 0): { value: bigint; end: number } | undefined {
  let p = from;
  while (p < s.length && isSpace(s[p])) p++;
  if (s[p] === '-') return undefined;
  const r = strtoumax(s, base, from);
  if (r.end === from) return undefined;
  if (r.overflow) return undefined;
  if (r.value < min || (max !== 0n && r.value > max)) return undefined;
  return { value: r.value, end: r.end };
}

/** xtables_strtoui for small ranges, as a JS number. */
export function xtStrtoui(s: string, min: number, max: number, base = 0): number | undefined {
  // fast path: plain decimal without a leading zero (the common case in rule files)
  const n = s.length;
  if (n > 0 && n < 10 && (base === 0 || base === 10)) {
    let v = 0;
    let ok = s.charCodeAt(0) !== 48 || n === 1;
    for (let i = 0; ok && i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) ok = false;
      else v = v * 10 + c;
    }
    if (ok) return v >= min && v <= max ? v : undefined;
  }
  const v = xtStrtoul(s, BigInt(min), BigInt(max), base);
  return v === undefined ? undefined : Number(v);
}

export function hex(n: number | bigint): string {
  return '0x' + n.toString(16);
}

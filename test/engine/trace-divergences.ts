// Known divergences of nfsim's trace from the kernel's on captured cases, each with its reason. The differential
// test checks every entry still differs (so the list only shrinks) and that it agrees once the named part is masked.
export type TraceDivergence = {
  /** 'random-port': the kernel drew a NAT port at random (get_random_u16 in nf_nat_l4proto_unique_tuple); nfsim draws
   * from its seeded generator. The traces must agree with every port number masked. */
  kind: 'random-port';
  why: string;
};

const RANDOM_PORT: TraceDivergence = { kind: 'random-port', why: 'SNAT/MASQUERADE to a port range the source port is outside of: the kernel picks a random port' };

export const TRACE_DIVERGENCES: Record<string, TraceDivergence> = {
  '39': RANDOM_PORT,
  '115': RANDOM_PORT,
  '129': RANDOM_PORT,
  '175': RANDOM_PORT,
  '222': RANDOM_PORT,
  '263': RANDOM_PORT,
  '285': RANDOM_PORT,
  '316': RANDOM_PORT,
};

/** every ":PORT" (and "sport"/"dport" in CT tuples) replaced by ":*" */
export const maskPorts = (lines: string[]): string[] => lines.map((l) => l.replace(/:\d+\b/g, ':*'));

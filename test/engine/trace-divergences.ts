// Known divergences of nfsim's trace from the kernel's on captured cases, each with the reason. The test fails when
// an entry starts agreeing, so this list only shrinks.
export const TRACE_DIVERGENCES: Record<string, string> = {};

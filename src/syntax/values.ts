// Typed value literals (grammar/values.peggy): syntax nodes with spans for the linter, the trace packet spec and
// diagnostics. Meaning and range checks stay in src/values/*.ts (libxtables' C semantics).
import { parse } from './generated/values.js';

export type ValueRule =
  | 'IPv4' | 'Cidr4' | 'IPv6' | 'Cidr6' | 'AddrRange4' | 'Port' | 'PortRange' | 'PortList' | 'MarkMask'
  | 'TcpFlagList' | 'Rate' | 'Interface' | 'IcmpType' | 'Protocol';

export interface ValueNode {
  type: string;
  text: string;
  start: number;
  end: number;
  [k: string]: unknown;
}

/** Parses `text` as one literal; undefined when it is not one (the caller reports with its own message). */
export function parseValue(rule: ValueRule, text: string): ValueNode | undefined {
  try {
    return parse(text, { startRule: rule }) as ValueNode;
  } catch {
    return undefined;
  }
}

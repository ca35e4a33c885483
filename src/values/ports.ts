// Port and service parsing as libxtables does it (xtables_parse_port, getservbyname on the embedded services table).
import { paramProblem } from '../diag/errors.js';
import { getServByName, getServByPort } from './netdb.js';
import { xtStrtoui } from './numbers.js';

/** xtables_service_to_port(): -1 when unknown. */
export function serviceToPort(name: string, proto?: string): number {
  const p = getServByName(name, proto);
  return p === undefined ? -1 : p;
}

/** xtables_parse_port(): number 0-65535 or service name for proto; error text of libxtables. */
export function parsePort(port: string, proto?: string): number {
  const n = xtStrtoui(port, 0, 65535);
  if (n !== undefined) return n;
  const s = serviceToPort(port, proto);
  if (s !== -1) return s;
  throw paramProblem(`invalid port/service \`${port}' specified`);
}

/** Service name for -L output (getservbyport), or the number. */
export function portToName(port: number, proto: string | undefined, numeric: boolean): string {
  if (!numeric) {
    const n = getServByPort(port, proto);
    if (n !== undefined) return n;
  }
  return String(port);
}

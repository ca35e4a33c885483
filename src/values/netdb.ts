// Protocol and service name look-ups over the embedded netbase tables (getprotobyname/getservbyname equivalents).
import { PROTOCOLS, SERVICES } from './netdb-data.js';

const protoByName = new Map<string, number>();
const protoByNumber = new Map<number, string>();
for (const [name, num, ...aliases] of PROTOCOLS) {
  for (const n of [name, ...aliases]) if (!protoByName.has(n)) protoByName.set(n, num);
  if (!protoByNumber.has(num)) protoByNumber.set(num, name);
}

const serviceByName = new Map<string, number>();
const serviceByPort = new Map<string, string>();
for (const [name, port, proto, ...aliases] of SERVICES) {
  for (const n of [name, ...aliases]) {
    const k = `${proto}/${n}`;
    if (!serviceByName.has(k)) serviceByName.set(k, port);
  }
  const pk = `${proto}/${port}`;
  if (!serviceByPort.has(pk)) serviceByPort.set(pk, name);
}

/** getprotobyname(): exact, case-sensitive match on name or alias. */
export function getProtoByName(name: string): number | undefined {
  return protoByName.get(name);
}

/** getprotobynumber() */
export function getProtoByNumber(num: number): string | undefined {
  return protoByNumber.get(num);
}

/** getservbyname(name, proto); proto undefined means any protocol (first entry in file order). */
export function getServByName(name: string, proto?: string): number | undefined {
  if (proto !== undefined) return serviceByName.get(`${proto}/${name}`);
  for (const [n, port, , ...aliases] of SERVICES) if (n === name || aliases.includes(name)) return port;
  return undefined;
}

/** getservbyport(port, proto) */
export function getServByPort(port: number, proto?: string): string | undefined {
  if (proto !== undefined) return serviceByPort.get(`${proto}/${port}`);
  for (const [n, p] of SERVICES) if (p === port) return n;
  return undefined;
}
